"""Scenario content: every file validates against its model, and every id it names exists."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.scenario.model import ContentFile, Orbat, Scenario

ROOT = Path(__file__).resolve().parent.parent
SCEN = ROOT / "scenarios"
sys.path.insert(0, str(ROOT / "tools"))

import check_orbat_placement  # noqa: E402  (a tool script, found through the path above)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def content() -> ContentFile:
    merged = ContentFile()
    for f in sorted((SCEN / "units").glob("*.yaml")):
        c = ContentFile.model_validate(load(f))
        merged.equipment += c.equipment
        merged.air_types += c.air_types
        merged.unit_types += c.unit_types
    return merged


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.model_validate(load(SCEN / "historical_2020.yaml"))


@pytest.fixture(scope="module")
def orbats(scenario: Scenario) -> dict[str, Orbat]:
    return {
        side: Orbat.model_validate(load(SCEN / spec.orbat)) for side, spec in scenario.sides.items()
    }


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    ids = [s["id"] for s in load(SCEN / "sources.yaml")["sources"]]
    assert len(ids) == len(set(ids)), "duplicate source ids"
    return set(ids)


def all_units(orbat: Orbat) -> list[Any]:
    return list(orbat.units) + [u for r in orbat.reinforcements for u in r.units]


def src_lists(node: Any) -> list[list[str]]:
    """Every `src:` list anywhere in a parsed YAML tree."""
    found: list[list[str]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "src" and isinstance(v, list):
                found.append(v)
            else:
                found += src_lists(v)
    elif isinstance(node, list):
        for v in node:
            found += src_lists(v)
    return found


def test_ids_are_unique(content: ContentFile, orbats: dict[str, Orbat]) -> None:
    for kind in ("equipment", "air_types", "unit_types"):
        ids = [x.id for x in getattr(content, kind)]
        assert len(ids) == len(set(ids)), kind
    unit_ids = [u.id for o in orbats.values() for u in all_units(o)]
    assert len(unit_ids) == len(set(unit_ids))


def test_air_defence_equipment_has_a_spec(content: ContentFile) -> None:
    for e in content.equipment:
        assert (e.category == "air_defence") == (e.air_defence is not None), e.id


def test_unit_types_name_known_equipment(content: ContentFile) -> None:
    eq = {e.id for e in content.equipment}
    for t in content.unit_types:
        assert set(t.equipment) <= eq, (t.id, set(t.equipment) - eq)


def test_orbats_name_known_types_and_equipment(
    content: ContentFile, orbats: dict[str, Orbat]
) -> None:
    types = {t.id for t in content.unit_types}
    eq = {e.id for e in content.equipment}
    for side, o in orbats.items():
        assert o.side == side
        prefix = "az_" if side == "azerbaijan" else "am_"
        for u in all_units(o):
            assert u.type in types, (u.id, u.type)
            assert u.type.startswith(prefix), (u.id, u.type)
            assert set(u.equipment or {}) <= eq, u.id


def test_scenario_names_known_air_types(content: ContentFile, scenario: Scenario) -> None:
    air = {a.id for a in content.air_types}
    for side in scenario.sides.values():
        assert set(side.air) <= air
        assert set(side.ground_stations) <= set(side.air)
        assert side.supply_sources


def test_every_src_is_in_the_bibliography(source_ids: set[str]) -> None:
    files = [SCEN / "historical_2020.yaml", SCEN / "reference" / "calibration_targets.yaml"]
    files += sorted((SCEN / "units").glob("*.yaml")) + sorted((SCEN / "orbats").glob("*.yaml"))
    for f in files:
        for ids in src_lists(load(f)):
            assert set(ids) <= source_ids, (f.name, set(ids) - source_ids)


def test_orbat_size_and_totals_match_the_force_tables(
    content: ContentFile, orbats: dict[str, Orbat]
) -> None:
    types = {t.id: t for t in content.unit_types}
    cat = {e.id: e.category for e in content.equipment}

    def totals(units: list[Any]) -> tuple[int, int]:
        pers = tanks = 0
        for u in units:
            t = types[u.type]
            pers += u.personnel if u.personnel is not None else t.personnel
            eq = u.equipment if u.equipment is not None else t.equipment
            tanks += sum(n for k, n in eq.items() if cat[k] == "tank")
        return pers, tanks

    az, am = orbats["azerbaijan"], orbats["armenia"]
    assert 70 <= len(az.units) <= 110 and 70 <= len(am.units) <= 110
    az_pers, az_tanks = totals(az.units)
    am_pers, am_tanks = totals(am.units)
    assert 45_000 <= az_pers <= 60_000  # brief: 50,000-60,000 deployed
    assert 30_000 <= am_pers <= 40_000  # brief: 30,000-40,000 deployed at the start
    assert 200 <= az_tanks <= 450  # "a few hundred" in theatre
    assert am_tanks > 255  # Oryx: 255 Armenian-side tanks lost, visually confirmed
    assert totals(all_units(az))[0] <= 60_000


def test_placement_rules_hold() -> None:
    paths = sorted((SCEN / "orbats").glob("*.yaml"))
    geodata = ROOT.parent / "shared" / "geodata"
    stem = ROOT / "assets" / "map" / "theatre"
    errors, _ = check_orbat_placement.check(paths, geodata if geodata.exists() else None, 5.0, 5.0, stem)
    assert errors == []
