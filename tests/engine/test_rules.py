"""Hand-checked numbers for each mechanic (see docs/rules.md for the formulas)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.engine import Game
from game.hexmap.hexgrid import Hex
from game.orders import Order
from game.rules import air, combat, supply
from tests.engine.synthetic import NCOLS, make_scenario


def game_with(units, air_pool=None, seed=1, **kw) -> Game:
    return Game(make_scenario(units=units, air=air_pool or {"azerbaijan": {"TB2": 50}, "armenia": {}}, **kw), seed)


def test_tb2_strike_on_a_dug_in_battery() -> None:
    """4 weapons x Pk 0.6 x fortified vulnerability 0.5 = 1.2 guns destroyed per sortie on average."""
    hits = []
    for seed in range(300):
        g = game_with([("az.mech1", "mech", "azerbaijan", 20, 2), ("am.art1", "art", "armenia", 5, 10)], seed=seed)
        t = g.state.units["am.art1"]
        t.posture = "fortified"
        g.state.sides[0].detected_now.add(t.id)
        before = t.equipment["D-30"]
        air._fly(g.state, 0, Order.air("TB2", 1, "STRIKE", g.state.theatre.hex_at(t.hex)), [], [])
        hits.append(before - t.equipment["D-30"])
    assert np.mean(hits) == pytest.approx(4 * 0.6 * 0.5, abs=0.12)


def test_strikes_hit_only_detected_targets() -> None:
    g = game_with([("az.mech1", "mech", "azerbaijan", 20, 2), ("am.art1", "art", "armenia", 5, 10)])
    t = g.state.units["am.art1"]
    g.state.sides[0].detected_now.discard(t.id)
    g.state.params["air"]["strike_radius"] = 0
    at = g.state.library.air_types["TB2"]
    at_noisr = at.model_copy(update={"isr": 0.0})
    g.state.library.air_types["TB2"] = at_noisr
    air._fly(g.state, 0, Order.air("TB2", 3, "STRIKE", g.state.theatre.hex_at(t.hex)), [], [])
    assert t.equipment["D-30"] == 18


@pytest.mark.parametrize("battery,expected", [
    ("tor", 0.9 * (1 - 0.2**2)),  # tracks a small drone 90 %, two shots at Pk 0.8
    ("sam", 0.2 * (1 - 0.5**2)),  # an Osa tracks it 20 %, two shots at Pk 0.5
])
def test_salvo_against_a_battery(battery: str, expected: float) -> None:
    g = game_with([("az.mech1", "mech", "azerbaijan", 20, 2), ("am.ad", battery, "armenia", 6, 10)])
    st = g.state
    at = st.library.air_types["TB2"].model_copy(update={"altitude_km": 4.0})  # inside both ceilings
    target = 10 * NCOLS + 6
    down = 0
    n = 3000
    for _ in range(n):
        defence = air._batteries(st, 1)
        down += air._run_gauntlet(st, 0, at, target, defence) is not None
    assert down / n == pytest.approx(expected, abs=0.03)


def test_a_drone_above_the_ceiling_is_safe() -> None:
    g = game_with([("az.mech1", "mech", "azerbaijan", 20, 2), ("am.ad", "sam", "armenia", 6, 10)])
    at = g.state.library.air_types["TB2"]  # 6 km, above the Osa's 5 km ceiling
    assert all(air._run_gauntlet(g.state, 0, at, 10 * NCOLS + 6, air._batteries(g.state, 1)) is None for _ in range(200))


def test_silent_radar_sees_nothing_and_saturation_exhausts_channels() -> None:
    g = game_with([("az.mech1", "mech", "azerbaijan", 20, 2), ("am.ad", "tor", "armenia", 6, 10)])
    st = g.state
    at = st.library.air_types["TB2"]
    st.units["am.ad"].emitting = False
    assert air._run_gauntlet(st, 0, at, 10 * NCOLS + 6, air._batteries(st, 1)) is None
    st.units["am.ad"].emitting = True
    defence = air._batteries(st, 1)
    assert defence[0].engagements_left == 4 * 4  # four launchers with four channels each
    for _ in range(40):
        air._run_gauntlet(st, 0, at, 10 * NCOLS + 6, defence)
    assert defence[0].engagements_left == 0 or defence[0].rounds_left <= 1


def test_fortified_defence_holds_at_two_to_one() -> None:
    """Raw 2:1 against a fortified rifle battalion in hills on a level-3 fort hex: 2 / (1.3 x 1.6 x 1.5) = 0.64 < 1.5."""
    g = game_with([("az.a", "rifle", "azerbaijan", 6, 10), ("az.b", "rifle", "azerbaijan", 6, 11), ("am.d", "rifle", "armenia", 5, 10)])
    st = g.state
    d = st.units["am.d"]
    d.posture = "fortified"
    st.theatre.fort[d.hex] = 3
    attackers = [st.units["az.a"], st.units["az.b"]]
    ratio = combat.attack_power(st, attackers, d.hex) / combat.defence_power(st, [d], d.hex)
    fort3 = st.params["combat"]["fort_bonus"][3]
    assert fort3 == 1.5
    assert ratio == pytest.approx(2 / (1.3 * 1.6 * fort3), rel=1e-6)
    p_hold = 0.5 * (1 + math.erf(math.log(1.5 / ratio) / (0.35 * math.sqrt(2))))
    assert p_hold > 0.98
    st.theatre.fort[d.hex] = 0


def test_supply_line_cut() -> None:
    """A line of enemy units (and their zones of control) between a unit and its sources cuts its supply;
    enemy-held ground that no enemy unit watches only makes the trace longer."""
    screen = [(f"am.s{r}", "rifle", "armenia", 21, r) for r in range(0, 20, 2)]
    g = game_with([("az.a", "rifle", "azerbaijan", 18, 10), ("am.d", "rifle", "armenia", 2, 10)] + screen)
    st = g.state
    for r in range(0, 20, 2):
        st.units[f"am.s{r}"].status = "destroyed"  # the screen is not there yet
    st.roster_changed()
    supply.resolve_supply(st)
    assert st.units["az.a"].supply == 1.0
    st.control[:] = np.where(np.arange(st.theatre.n) % NCOLS == 21, 1, st.control)  # Armenia holds a column east of the unit
    supply.resolve_supply(st)
    assert 0.0 < st.units["az.a"].supply <= 1.0  # nobody watches that ground: the trace crosses it
    for r in range(0, 20, 2):
        st.units[f"am.s{r}"].status = "active"  # a battalion on every other hex of the column
    st.roster_changed()
    supply.resolve_supply(st)
    assert st.units["az.a"].supply == 0.0
    assert st.units["az.a"].cut_days == 1


def test_attack_must_be_adjacent() -> None:
    g = game_with([("az.a", "rifle", "azerbaijan", 14, 10), ("am.d", "rifle", "armenia", 9, 10)])
    target = g.state.theatre.hex_at(g.state.units["am.d"].hex)
    ok, refused = g.filter_orders(0, [Order.attack("az.a", target)])
    assert not ok and "not adjacent" in refused[0][1]
    ok, refused = g.filter_orders(0, [Order.attack("az.a", Hex(target.q + 4, target.r))])
    assert not ok and "no enemy" in refused[0][1]


def test_effectiveness_draw_scales_power_and_leaves_the_game_stream_alone() -> None:
    """Each side's hidden effectiveness E = exp(N(0, sigma)) multiplies its ground combat power. It is drawn
    from its own stream: the same seed gives the same draw, sigma 0 gives exactly 1, and the game's own
    generator is where it would have been without the draw."""
    units = [("az.a", "rifle", "azerbaijan", 6, 10), ("am.d", "rifle", "armenia", 5, 10)]
    plain = game_with(units, seed=7)
    drawn = game_with(units, seed=7, parameters={"combat": {"effectiveness_sigma": 0.3}})
    assert plain.state.flags["effectiveness"] == [1.0, 1.0]
    e = drawn.state.flags["effectiveness"]
    assert e == game_with(units, seed=7, parameters={"combat": {"effectiveness_sigma": 0.3}}).state.flags["effectiveness"]
    assert e != game_with(units, seed=8, parameters={"combat": {"effectiveness_sigma": 0.3}}).state.flags["effectiveness"]
    assert all(0.2 < x < 5.0 and x != 1.0 for x in e)
    assert plain.state.rng.bit_generator.state == drawn.state.rng.bit_generator.state
    for side, uid in ((0, "az.a"), (1, "am.d")):
        a, b = plain.state.units[uid], drawn.state.units[uid]
        assert combat.multiplier(drawn.state, b) == pytest.approx(e[side] * combat.multiplier(plain.state, a), rel=1e-12)
    assert drawn.record()["effectiveness"] == {"azerbaijan": round(e[0], 4), "armenia": round(e[1], 4)}
    # over many seeds the draw is log-normal around 1
    logs = [math.log(x) for s in range(400) for x in combat.effectiveness_draw({"combat": {"effectiveness_sigma": 0.3}}, s)]
    assert abs(float(np.mean(logs))) < 0.04 and 0.27 < float(np.std(logs)) < 0.33


def test_nobody_breaks_or_surrenders_under_the_final_agreement() -> None:
    """A broken, cut-off unit in contact surrenders in war; once the final agreement is in force it
    stays where it is (and still loses cohesion while cut off)."""
    from game.rules import morale

    units = [("az.a", "rifle", "azerbaijan", 11, 10), ("am.d", "rifle", "armenia", 10, 10)]
    for agreement, alive in ((None, False), ({"id": "final", "terms": {}}, True)):
        g = game_with(units)
        st = g.state
        d = st.units["am.d"]
        d.cohesion, d.supply, d.cut_days = 0.01, 0.0, 5
        if agreement is not None:
            st.flags["agreement"] = agreement
        where = d.hex
        morale.resolve_morale(st)
        assert d.alive is alive
        if alive:
            assert d.hex == where  # no retreat either
            assert d.cohesion == 0.0
