"""Every scenario in ``scenarios/`` validates and plays.

The catalogue of a wargame grows by data alone, so CI walks the folder rather
than a list: a new manifest is checked the moment it is added. Each scenario
plays one short headless game between the greedy players (``max_turns`` cut to
``SHORT_TURNS`` so the module stays well under a minute), and each
counterfactual is checked for the change it claims to make, read from the
loaded scenario rather than from a played game, so that the checks do not
depend on the rules' calibration.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from game.cli import main
from game.run import play_game
from game.scenario.loader import load_scenario
from game.setup import scenario_params

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SHORT_TURNS = 5


def _manifest_ids() -> list[str]:
    """Ids of the scenario manifests: top-level YAML files that declare an ``id`` and sides or a parent."""
    out = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            out.append(path.stem)  # let the loader report where the file is broken
            continue
        if isinstance(data, dict) and "id" in data and ("sides" in data or "extends" in data):
            out.append(path.stem)
    return out


@cache
def _load(sid: str, max_turns: int | None = None) -> Any:
    """Loading reads the map and the content library (about half a second), so each is loaded once."""
    return (
        load_scenario(sid, overrides={"max_turns": max_turns}) if max_turns else load_scenario(sid)
    )


MANIFESTS = _manifest_ids()
COUNTERFACTUALS = [
    "no_tb2",
    "no_drones",
    "armenian_layered_air_defence",
    "armenian_mobile_defence",
    "early_winter",
    "moscow_ceasefire_holds",
    "russian_deterrence",
]
HISTORICAL = ["historical_2020", "four_day_war_2016", "battle_of_shusha"]


def test_catalogue_is_found() -> None:
    assert "historical_2020" in MANIFESTS
    assert len(MANIFESTS) >= 2


def test_every_file_validates(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["validate"])
    out = capsys.readouterr().out
    assert code == 0, out
    for sid in MANIFESTS:
        assert f"OK scenarios/{sid}.yaml" in out


@pytest.mark.parametrize("sid", MANIFESTS)
def test_manifest_describes_itself(sid: str) -> None:
    sc = _load(sid).scenario
    assert sc.id == sid
    assert len(sc.description.split()) >= 20, "say what the scenario is and why"
    if sc.extends:
        assert sc.src, "a counterfactual cites its sources (src:)"


@pytest.mark.parametrize("sid", MANIFESTS)
def test_plays_to_the_end_or_the_turn_cap(sid: str) -> None:
    cap = min(_load(sid).scenario.max_turns, SHORT_TURNS)
    scenario = _load(sid, cap)
    game = play_game(scenario, 1, ("greedy", "greedy"))
    assert game.is_over()
    record = game.record()
    assert record["scenario"] == sid
    assert 1 <= record["end_turn"] <= cap
    assert record["winner"] in ("azerbaijan", "armenia", "draw")


# --- each counterfactual makes the change it claims ----------------------------------------


def _present(sid: str) -> bool:
    return (SCENARIOS / f"{sid}.yaml").exists()


def _needs(sid: str) -> None:
    if not _present(sid):
        pytest.skip(f"{sid} is not in the catalogue")


def _air(sid: str, side: str) -> dict[str, int]:
    return dict(_load(sid).scenario.sides[side].air)


def _units(sid: str, side: str) -> list[Any]:
    return list(_load(sid).units[side])


def test_counterfactuals_extend_the_historical_scenario() -> None:
    for sid in COUNTERFACTUALS:
        if _present(sid):
            assert _load(sid).scenario.extends == "historical_2020", sid
    for sid in HISTORICAL[1:]:
        if _present(sid):
            assert _load(sid).scenario.extends is None, f"{sid} has its own orders of battle"


def test_no_tb2() -> None:
    _needs("no_tb2")
    air = _air("no_tb2", "azerbaijan")
    assert air["TB2"] == 0
    base = _air("historical_2020", "azerbaijan")
    assert {k: v for k, v in air.items() if k != "TB2"} == {
        k: v for k, v in base.items() if k != "TB2"
    }


def test_no_drones() -> None:
    _needs("no_drones")
    sc = _load("no_drones")
    lib = sc.library.air_types
    for side, spec in sc.scenario.sides.items():
        for tid, n in spec.air.items():
            if lib[tid].kind in ("uav_strike", "loitering", "decoy"):
                assert n == 0, f"{side} still has {n} {tid}"


def test_layered_air_defence() -> None:
    _needs("armenian_layered_air_defence")

    def count(sid: str, type_id: str) -> int:
        return sum(1 for u in _units(sid, "armenia") if u.unit_type.id == type_id)

    sid = "armenian_layered_air_defence"
    assert count(sid, "am_tor_battery") > count("historical_2020", "am_tor_battery")
    assert count(sid, "am_ew_company") > count("historical_2020", "am_ew_company")
    from game.ai.doctrine import doctrine

    doc = doctrine(_load(sid).scenario.sides["armenia"].doctrine)
    assert doc["emission"] == "discipline" and doc["dispersal"] is True and not doc["offensive"]


def test_mobile_defence_keeps_personnel() -> None:
    _needs("armenian_mobile_defence")

    def personnel(sid: str) -> int:
        return sum(u.personnel for u in _units(sid, "armenia"))

    def line(sid: str) -> int:
        return sum(1 for u in _units(sid, "armenia") if u.unit_type.id == "am_fortified_rifle_bn")

    assert personnel("armenian_mobile_defence") == personnel("historical_2020")
    assert line("armenian_mobile_defence") < line("historical_2020")
    assert _load("armenian_mobile_defence").scenario.sides["armenia"].doctrine == "mobile_defence"


def test_early_winter_is_worse_weather() -> None:
    _needs("early_winter")
    w = scenario_params(_load("early_winter"))["weather"]
    base = scenario_params(_load("historical_2020"))["weather"]
    assert w["snow_month"] < base["snow_month"]
    assert w["highland_m"] <= base["highland_m"]
    assert w["persistence"] >= base["persistence"]
    assert w["low_cloud"]["highland"][10] > base["low_cloud"]["highland"][10]
    assert w["low_cloud"]["highland"][11] > base["low_cloud"]["highland"][11]


def test_moscow_ceasefire_can_last() -> None:
    _needs("moscow_ceasefire_holds")
    cf = _load("moscow_ceasefire_holds").scenario.ceasefire
    base = _load("historical_2020").scenario.ceasefire
    assert cf.violation_chance < base.violation_chance
    assert cf.break_after > base.break_after
    assert cf.pressure_per_violation > base.pressure_per_violation
    # the same documented proposals, nothing added that would decide the war
    assert [p.id for p in cf.proposals] == [p.id for p in base.proposals]
    assert [p.date for p in cf.proposals] == [p.date for p in base.proposals]


def test_russian_deterrence_weighs_on_azerbaijan() -> None:
    _needs("russian_deterrence")
    sc = _load("russian_deterrence").scenario
    russia = next(t for t in sc.ceasefire.third_parties if t.id == "russia")
    assert russia.pressure_factor.get("azerbaijan", 1.0) > 1.0
    # the parent's third parties and triggers are kept (lists are replaced wholesale)
    base = _load("historical_2020").scenario
    assert {t.id for t in base.ceasefire.third_parties} <= {
        t.id for t in sc.ceasefire.third_parties
    }
    assert {t.id for t in base.triggers} <= {t.id for t in sc.triggers}


def test_no_dated_trigger_ends_the_war() -> None:
    """A trigger may send a message or pressure on a date, never propose the final agreement on one."""
    for sid in MANIFESTS:
        for t in _load(sid).scenario.triggers:
            if t.when.date is not None or t.when.turn is not None:
                pc = t.do.propose_ceasefire
                assert pc is None or pc.kind != "final", (
                    f"{sid}: trigger {t.id} ends the war on a date"
                )


def test_own_historical_scenarios() -> None:
    base = _load("historical_2020").scenario
    for sid, start in (("four_day_war_2016", "2016-04-02"), ("battle_of_shusha", "2020-11-04")):
        if not _present(sid):
            continue
        sc = _load(sid)
        assert str(sc.scenario.start_date) == start
        assert sc.scenario.key_towns and sc.scenario.victory.towns
        for side in ("azerbaijan", "armenia"):
            assert sc.scenario.sides[side].orbat != base.sides[side].orbat, (
                f"{sid} has its own orbats"
            )
            assert all(u.spec.estimate or u.spec.src for u in sc.units[side])
    if _present("four_day_war_2016"):
        sc = _load("four_day_war_2016")
        assert sc.scenario.max_turns == 4
        assert sc.scenario.sides["azerbaijan"].air.get("TB2", 0) == 0
        assert sc.scenario.sides["azerbaijan"].air.get("Harop", 0) > 0
        kit = {e for u in sc.units["armenia"] for e, n in u.equipment.items() if n}
        assert "tor_m2km" not in kit
    if _present("battle_of_shusha"):
        assert _load("battle_of_shusha").scenario.max_turns == 7
