"""Through the scenario loader: a bad trigger comes out as a located problem (file, line, path, hint).

Active once ``Scenario`` takes the political blocks as typed fields and the loader
calls :func:`game.scenario.politics.check_politics` (see docs/diplomacy.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.scenario.model import Scenario
from game.scenario.politics import Trigger

HEAD = """id: child
extends: base
name: Child
description: bad political blocks
ceasefire:
  mediators: [{id: russia, name: Russia}]
triggers:
"""


def load(tmp_path: Path, triggers: str) -> str:
    if Scenario.model_fields["triggers"].annotation != list[Trigger]:
        pytest.skip("Scenario does not take the political blocks as typed fields yet")
    from game.scenario.errors import ScenarioError
    from game.scenario.loader import load_scenario
    from tests.scenario.scenario_fixtures import FIXTURES, build_theatre

    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "child.yaml").write_text(HEAD + triggers, encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario("child", theatre=build_theatre(), root=root)
    return str(e.value)


def test_an_unknown_key_is_located(tmp_path: Path) -> None:
    text = load(tmp_path, "  - when: {turn: 1}\n    do: {message: x}\n  - when: {dat: 2020-10-01}\n    do: {message: x}\n")
    assert "child.yaml:10" in text and "triggers[1].when.dat" in text and "date" in text


def test_an_unknown_town_is_located(tmp_path: Path) -> None:
    text = load(tmp_path, "  - when: {captured: Shushaa}\n    do: {message: y}\n")
    assert "child.yaml:8" in text and "unknown town 'Shushaa'" in text and "'Shusha'" in text
