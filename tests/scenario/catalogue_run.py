"""Runs one catalogue entry; shared by the test and by the script that drafts new table rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.hexmap.theatre import TheatreMap
from game.scenario import limits, yamlsafe
from game.scenario.commands import check_file
from game.scenario.errors import ScenarioError
from game.scenario.loader import load_scenario


def run_entry(path: Path, entry: Any, root: Path, theatre: TheatreMap, monkeypatch: pytest.MonkeyPatch) -> str:
    """All problems found in ``path``, one per line, as ``karabakh validate`` prints them."""
    options = entry if isinstance(entry, dict) else {}
    if "max_bytes" in options:
        monkeypatch.setattr(yamlsafe, "MAX_BYTES", int(options["max_bytes"]))
    for name, value in (options.get("limits") or {}).items():
        assert hasattr(limits, name), f"no limit {name}"
        monkeypatch.setattr(limits, name, int(value))
    if "overrides" in options:
        try:
            load_scenario(path, overrides=options["overrides"], root=root, theatre=theatre)
            problems = []
        except ScenarioError as exc:
            problems = exc.problems
    else:
        problems = check_file(path, root=root, theatre=theatre) or []
    return "\n".join(str(p) for p in problems)
