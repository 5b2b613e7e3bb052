"""The pressure track: strikes on cities, civilians, cluster munitions, border fire, third parties, restraint."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import Game
from game.rules import diplomacy
from tests.politics.helpers import add_missile_unit, hex_text, hx, kinds, scenario

NO_DRIFT = {"diplomacy": {"pressure_per_day": 0.0}}


def test_a_missile_strike_on_ganja_raises_pressure_with_its_cause() -> None:
    g = Game(scenario(parameters=NO_DRIFT), 2)
    uid = add_missile_unit(g)
    g.resolve_turn([], [f"FR {uid} @ganja"])
    assert g.state.sides[1].pressure >= 4.0
    assert g.state.sides[0].pressure == 0.0
    ev = [e for e in kinds(g, "pressure") if e.side == "armenia"]
    assert ev and "Ganja" in ev[0].text
    assert g.record()["pressure_history"][-1][1] == pytest.approx(g.state.sides[1].pressure, abs=1e-3)


def _day(g: Game, strikes: list[dict], fires: list[dict] | None = None) -> None:  # type: ignore[type-arg]
    st = g.state
    st.flags["strikes"] = [{"turn": st.turn, **s} for s in strikes]
    st.flags["fires"] = [{"turn": st.turn, "city": None, "kind": "FR", **f} for f in (fires or [])]
    diplomacy.resolve_pressure(st)


def test_civilian_casualties_and_cluster_fire() -> None:
    g = Game(scenario(parameters=NO_DRIFT), 1)
    _day(g, [{"by": "azerbaijan", "where": "a village", "civilians_killed": 10, "cluster": True, "city": False}],
         [{"side": "azerbaijan", "hex": hx(8, 8), "cluster": True}, {"side": "azerbaijan", "hex": hx(8, 9), "cluster": True}])
    p = g.state.params["diplomacy"]
    expected = 10 * p["pressure_per_civilian"] + p["pressure_per_cluster_strike"] + 2 * p["pressure_per_cluster_mission"]
    assert g.state.sides[0].pressure == pytest.approx(expected)
    assert g.state.sides[1].pressure == 0.0


def test_shelling_a_city_on_the_map_counts_once_a_day_and_not_for_retaking_ones_own_town() -> None:
    g = Game(scenario(parameters={"diplomacy": {"pressure_per_day": 0.0, "cities": ["Midtown"]}}), 1)
    hit = {"where": "Midtown", "civilians_killed": 0, "cluster": False, "city": False}
    _day(g, [{"by": "azerbaijan", **hit}, {"by": "azerbaijan", **hit}, {"by": "armenia", **hit}])
    assert g.state.sides[0].pressure == pytest.approx(g.state.params["diplomacy"]["pressure_per_town_strike"])
    assert g.state.sides[1].pressure == 0.0  # Midtown was Armenia's at the start


def test_restraint_lets_pressure_fall_and_war_length_raises_it() -> None:
    g = Game(scenario(parameters={"diplomacy": {"pressure_per_day": 0.0, "pressure_decay": 0.1}}), 1)
    g.state.sides[0].pressure = 50.0
    _day(g, [])
    assert g.state.sides[0].pressure == pytest.approx(45.0)
    g2 = Game(scenario(), 1)
    for _ in range(3):
        g2.resolve_turn([], [])
    assert g2.state.sides[1].pressure > 0


def test_third_parties_shift_the_weights() -> None:
    cf = {"third_parties": [
        {"id": "turkey", "name": "Turkey", "pressure_factor": {"azerbaijan": 0.5}},
        {"id": "iran", "name": "Iran", "border": "iran", "border_km": 3.0, "pressure_per_border_fire": 5.0},
        {"id": "russia", "name": "Russia", "border": "iran", "border_km": 3.0, "pressure_per_border_fire": 7.0, "sides": ["azerbaijan"]},
    ]}
    sc = scenario(cf, parameters=NO_DRIFT)
    sc.theatre.country[np.arange(sc.theatre.n) // 24 == 19] = 2  # the bottom row is Iran
    g = Game(sc, 1)
    harm = {"where": "a village", "civilians_killed": 10, "cluster": False, "city": False}
    _day(g, [{"by": "azerbaijan", **harm}, {"by": "armenia", **harm}],
         [{"side": "armenia", "hex": hx(8, 18), "cluster": False}, {"side": "azerbaijan", "hex": hx(8, 10), "cluster": False}])
    az, am = g.state.sides[0].pressure, g.state.sides[1].pressure
    civ = 10 * g.state.params["diplomacy"]["pressure_per_civilian"]
    assert az == pytest.approx(0.5 * civ)
    assert am == pytest.approx(civ + 5.0)
    assert any("Iran" in e.text for e in kinds(g, "pressure"))


def test_artillery_fire_on_an_inhabited_town_raises_pressure_through_the_engine() -> None:
    units = [("az.art1", "art", "azerbaijan", 14, 10), ("am.rifle1", "rifle", "armenia", 6, 4)]
    params = {"diplomacy": {"pressure_per_day": 0.0}, "artillery": {"civilians_per_weight_town": 5.0}}
    g = Game(scenario(units=units, parameters=params), 3)
    midtown = g.state.theatre.find_town("midtown").hex_index
    g.resolve_turn([f"FR az.art1 {hex_text(g, midtown)}"], [])
    st = g.state
    assert st.sides[1].civilians_killed > 0
    p = st.params["diplomacy"]
    expected = p["pressure_per_civilian"] * st.sides[1].civilians_killed + p["pressure_per_town_strike"]
    assert st.sides[0].pressure == pytest.approx(expected)
    ev = [e for e in kinds(g, "pressure") if e.side == "azerbaijan"]
    assert ev and "civilians killed" in ev[0].text and "Midtown" in ev[0].text
