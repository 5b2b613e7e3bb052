"""Fog of war, conservation and position invariants over whole games with random and greedy players."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.invariants import check
from game.run import make_agents
from tests.engine.synthetic import make_scenario


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), players=st.sampled_from([("random", "random"), ("greedy", "random"), ("random", "greedy"), ("greedy", "greedy")]))
def test_invariants_hold_after_every_turn(seed: int, players: tuple[str, str]) -> None:
    game = Game(make_scenario(max_turns=8), seed)
    agents = make_agents(game, players)
    while not game.is_over():
        game.resolve_turn(agents[0].orders(game.view(0)), agents[1].orders(game.view(1)))
        check(game)


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
