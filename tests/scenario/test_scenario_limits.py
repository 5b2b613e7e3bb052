"""Scenario size limits: documented, far above the shipped scenarios, enforced before a map is loaded.

The located messages themselves are in the error catalogue (``catalogue/limit_*.yaml``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.scenario import limits
from game.scenario.errors import ScenarioError
from game.scenario.model import Scenario

ROOT = Path(__file__).resolve().parents[2]


def _limits_section() -> str:
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    return text.split("## Limits", 1)[1].split("\n## ", 1)[0]


def test_every_limit_is_in_the_documented_table_with_its_value() -> None:
    section = _limits_section()
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(MAX_[A-Z_]+)` \| ([\d,]+) \|", section, re.M)}
    assert rows == {lim.name: f"{lim.value:,}" for lim in limits.LIMITS}
    named = {name for name in dir(limits) if name.startswith("MAX_")}
    assert named == {lim.name for lim in limits.LIMITS}


def test_the_schema_carries_the_turn_limit_for_editors() -> None:
    schema = Scenario.model_json_schema()
    assert schema["properties"]["max_turns"]["maximum"] == limits.MAX_TURNS


@pytest.mark.skipif(not (ROOT / "assets" / "map" / "theatre.npz").exists(), reason="the map is not built")
def test_the_shipped_scenarios_are_far_below_the_limits() -> None:
    from game.scenario.loader import list_scenarios, load_scenario

    for sid, _, _ in list_scenarios():
        sc = load_scenario(sid)
        s = sc.scenario
        per_side = {side: len(units) for side, units in sc.units.items()}
        for r in sc.reinforcements:
            per_side[r.side] += len(r.units)
        assert max(per_side.values()) * 5 <= limits.MAX_UNITS_PER_SIDE, sid
        assert sum(per_side.values()) * 5 <= limits.MAX_UNITS, sid
        assert s.max_turns * 5 <= limits.MAX_TURNS, sid
        assert sc.theatre.nrows * sc.theatre.ncols * 4 <= limits.MAX_HEXES, sid
        for spec in s.sides.values():
            assert sum(spec.air.values()) * 10 <= limits.MAX_AIRFRAMES_PER_SIDE, sid
            assert len(spec.air) * 3 <= limits.MAX_AIR_TYPES_PER_SIDE, sid


@pytest.mark.skipif(not (ROOT / "assets" / "map" / "theatre.json").exists(), reason="the map is not built")
def test_an_oversized_map_is_refused_from_its_description_before_its_layers_load(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.scenario import loader

    monkeypatch.setattr(limits, "MAX_HEXES", 1000)
    monkeypatch.setattr(loader, "default_theatre", lambda name: pytest.fail("the map was loaded"))
    with pytest.raises(ScenarioError) as err:
        loader.load_scenario("four_day_war_2016")
    assert len(err.value.problems) == 1
    problem = err.value.problems[0]
    assert problem.path == "map"
    assert "7,448 hexes (98 rows × 76 columns); the limit is 1,000" in problem.message


def test_a_schema_limit_hint_is_given_only_for_limited_fields() -> None:
    assert limits.schema_hint(("max_turns",)) is not None
    assert limits.schema_hint(("units", 3, "equipment", "T-72B")) is not None
    assert limits.schema_hint(("units", 3, "training")) is None
    assert limits.schema_hint(()) is None
