"""``karabakh validate`` and ``karabakh schema`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scenario_fixtures import CATALOGUE, FIXTURES

import game.scenario.commands as commands
import game.scenario.loader as loader
from game.cli import main
from game.hexmap.theatre import TheatreMap


@pytest.fixture()
def with_map(monkeypatch: pytest.MonkeyPatch, theatre: TheatreMap) -> None:
    """Stand the synthetic map in for the committed one."""
    monkeypatch.setattr(loader, "default_theatre", lambda name: theatre)
    monkeypatch.setattr(commands, "default_theatre", lambda name: theatre)


def test_validate_fixture_folder_is_clean(with_map: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 7
    assert all(line.startswith("OK ") for line in out)


def test_validate_bad_file_exits_2(with_map: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "base.yaml"), str(CATALOGUE / "duplicate_key.yaml")]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("OK ") and out[0].endswith("fixtures/base.yaml")
    assert out[1].endswith("duplicate_key.yaml:5:1: duplicate key 'name' (first at line 3, again at line 5)")


def test_validate_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/place.yaml"]) == 2
    assert capsys.readouterr().out == "no/such/place.yaml: no such file or folder\n"


def test_validate_without_map_reports_make_map(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import game.hexmap.theatre as theatre_module

    monkeypatch.setattr(theatre_module, "ASSET_DIR", tmp_path)
    assert main(["validate", str(FIXTURES / "base.yaml")]) == 2
    assert "run `make map`" in capsys.readouterr().out


def test_validate_never_shows_a_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(commands, "check_file", boom)
    assert main(["validate", str(FIXTURES / "base.yaml")]) == 2
    out = capsys.readouterr().out
    assert "base.yaml: internal error while checking this file: RuntimeError: disk on fire" in out
    assert "Traceback" not in out


def test_validate_whole_catalogue_fails(with_map: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(CATALOGUE)]) == 2
    assert "Traceback" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kind", "props"),
    [
        ("scenario", {"id", "name", "extends", "start_date", "max_turns", "sides", "key_towns"}),
        ("orbat", {"side", "name", "units", "reinforcements"}),
        ("content", {"equipment", "air_types", "unit_types"}),
    ],
)
def test_schema(kind: str, props: set[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--kind", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == f"urn:karabakh-wargame:schema:{kind}"
    assert schema["title"].startswith("Karabakh 2020")
    assert props <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_schema_default_kind_and_out_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schema" / "scenario.json"
    assert main(["schema", "--out", str(out)]) == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["$id"].endswith(":scenario")
    assert schema["$defs"]["SideSpec"]["additionalProperties"] is False
    assert capsys.readouterr().out == ""


def test_validate_finds_the_scenarios_folder_of_nested_files(
    with_map: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "variants").mkdir()
    (root / "variants" / "late.yaml").write_text("id: late\nextends: base\nend_date: 2020-10-01\nmax_turns: 5\n")
    assert main(["validate", str(root / "variants")]) == 2
    out = capsys.readouterr().out
    assert "scenarios/orbats/azerbaijan.yaml:26: reinforcements[0].date: reinforcement date 2020-10-05" in out


def test_validate_skips_other_data_in_folders_but_not_named_files(
    with_map: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "reference").mkdir()
    table = root / "reference" / "targets.yaml"
    table.write_text("day_numbering: war day 1 = 2020-09-27\n")
    assert main(["validate", str(root)]) == 0
    assert f"SKIP {table}" in capsys.readouterr().out
    assert main(["validate", str(table)]) == 2
    assert "not a scenario, order-of-battle, content or sources file" in capsys.readouterr().out
