"""Fog of war, conservation and position invariants over whole games with random and greedy players."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.run import make_agents
from game.state import CATEGORY_KEYS
from tests.engine.synthetic import make_scenario


def equipment_totals(game: Game) -> list[dict[str, int]]:
    st_ = game.state
    lib = st_.library.equipment
    out = []
    for s in (0, 1):
        d: dict[str, int] = {}
        for u in st_.units.values():
            if u.side == s:
                for eid, n in u.equipment.items():
                    k = CATEGORY_KEYS[lib[eid].category]
                    d[k] = d.get(k, 0) + n
        out.append(d)
    return out


def check_invariants(game: Game, initial: list[dict[str, int]], people0: list[int]) -> None:
    st_ = game.state
    m = st_.theatre
    now = equipment_totals(game)
    for s in (0, 1):
        for k, n0 in initial[s].items():
            assert now[s].get(k, 0) + st_.sides[s].losses[k] == n0, (s, k)
        people = sum(u.personnel for u in st_.units.values() if u.side == s)
        lost = sum(st_.sides[s].losses[k] for k in ("personnel_killed", "personnel_wounded", "personnel_captured"))
        assert people + lost == people0[s]
    holder: dict[int, int] = {}
    for u in st_.units.values():
        assert u.personnel >= 0 and all(n >= 0 for n in u.equipment.values())
        assert 0.0 <= u.cohesion <= 1.0 and 0.0 <= u.supply <= 1.0 and 0.0 <= u.ammo <= 1.0
        if u.alive:
            assert m.passable[u.hex], u
            assert holder.setdefault(u.hex, u.side) == u.side, f"hex {u.hex} held by both sides"
    for s in (0, 1):
        assert all(v >= 0 for v in st_.sides[s].air.values())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), players=st.sampled_from([("random", "random"), ("greedy", "random"), ("random", "greedy"), ("greedy", "greedy")]))
def test_invariants_hold_after_every_turn(seed: int, players: tuple[str, str]) -> None:
    game = Game(make_scenario(max_turns=8), seed)
    agents = make_agents(game, players)
    initial = equipment_totals(game)
    people0 = [sum(u.personnel for u in game.state.units.values() if u.side == s) for s in (0, 1)]
    while not game.is_over():
        game.resolve_turn(agents[0].orders(game.view(0)), agents[1].orders(game.view(1)))
        check_invariants(game, initial, people0)


def test_a_players_view_holds_no_undetected_enemy() -> None:
    game = Game(make_scenario(max_turns=8), 5)
    agents = make_agents(game, ("greedy", "greedy"))
    saw_hidden_enemy = False
    while not game.is_over():
        views = [game.view(0), game.view(1)]
        for s in (0, 1):
            known = set(game.state.sides[s].detected)
            enemy = {u.id for u in game.state.units.values() if u.side != s and u.alive}
            assert {c.id for c in views[s].contacts} <= known
            assert all(u.id not in enemy for u in views[s].units)
            saw_hidden_enemy |= bool(enemy - known)
        game.resolve_turn(agents[0].orders(views[0]), agents[1].orders(views[1]))
    assert saw_hidden_enemy, "the test scenario should have had undetected enemy units at some point"


def test_control_and_occupancy_arrays_are_consistent() -> None:
    game = Game(make_scenario(), 2)
    occ = game.state.occupancy()
    for u in game.state.alive_units():
        assert occ[u.hex] == u.side
    assert set(np.unique(game.state.control)) <= {-1, 0, 1}
