"""The error catalogue: every malformed file gives exactly the expected located message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from catalogue_run import run_entry
from scenario_fixtures import CATALOGUE, FIXTURES

from game.hexmap.theatre import TheatreMap

TABLE: dict[str, Any] = yaml.safe_load((CATALOGUE / "expected.yaml").read_text(encoding="utf-8"))
FILES = sorted(p.name for p in CATALOGUE.glob("*.yaml") if p.name != "expected.yaml")


def test_every_file_has_an_entry_and_every_entry_a_file() -> None:
    assert sorted(TABLE) == FILES
    assert len(FILES) >= 30


@pytest.mark.parametrize("name", FILES)
def test_catalogue(name: str, theatre: TheatreMap, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = TABLE[name]
    expected = entry["message"] if isinstance(entry, dict) else entry
    got = run_entry(CATALOGUE / name, entry, FIXTURES, theatre, monkeypatch)
    assert got == expected.strip()


def test_catalogue_files_are_small() -> None:
    for name in FILES:
        assert (CATALOGUE / name).stat().st_size < 2048, name


def test_problem_lines_point_into_existing_files() -> None:
    """Every ``file:line`` in the table names a real file and a line inside it."""
    base = Path(__file__).resolve().parent
    for entry in TABLE.values():
        text = entry["message"] if isinstance(entry, dict) else entry
        for line in text.splitlines():
            file, _, rest = line.partition(":")
            if file == "<overrides>":
                continue
            lines = (base / file).read_text(encoding="utf-8").splitlines()
            number = rest.split(":")[0]
            if number.isdigit():
                assert 1 <= int(number) <= max(1, len(lines)), line
