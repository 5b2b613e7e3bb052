"""Invariants over whole games with the political track on: conservation, one side per hex, determinism."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Game
from game.invariants import check
from game.run import make_agents
from game.scenario.politics import compare
from tests.politics.helpers import scenario, with_districts
from tests.politics.test_agreement import BANDS, agreement


def political_game(seed: int, violation_chance: float) -> Game:
    cf = {"violation_chance": violation_chance,
          "proposals": [{"id": "hc1", "mediator": "russia", "date": "2020-09-28"}, {"id": "hc2", "mediator": "minsk", "date": "2020-10-01"}],
          "agreement": agreement(offer_when={"any": [{"turn": 4}, {"collapse": "armenia"}]}),
          "third_parties": [{"id": "turkey", "name": "Turkey", "pressure_factor": {"azerbaijan": 0.8}}]}
    trig = [{"when": {"pressure": {"armenia": ">= 1"}}, "do": {"pressure": {"azerbaijan": 1}}, "repeat": True}]
    sc = with_districts(scenario(cf, max_turns=6, triggers=trig), BANDS)
    return Game(sc, seed)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), chance=st.sampled_from([0.0, 0.2, 0.9]),
       players=st.sampled_from([("random", "random"), ("greedy", "greedy"), ("greedy", "random")]))
def test_invariants_hold_with_truces_and_the_agreement(seed: int, chance: float, players: tuple[str, str]) -> None:
    game = political_game(seed, chance)
    agents = make_agents(game, players)
    while not game.is_over():
        game.resolve_turn(agents[0].orders(game.view(0)), agents[1].orders(game.view(1)))
        check(game)
        for s in (0, 1):
            assert 0.0 <= game.state.sides[s].pressure <= 100.0
    r = game.record()
    if r["agreement"] is not None:
        assert r["end_reason"] == "ceasefire agreement"
        assert all(h["done"] is not None for h in r["agreement"]["terms"]["handovers"])


@given(value=st.floats(-1e6, 1e6, allow_nan=False), num=st.integers(-1000, 1000))
def test_comparisons(value: float, num: int) -> None:
    assert compare(value, f">= {num}") == (value >= num)
    assert compare(value, f"<{num}") == (value < num)
    assert compare(value, str(num)) == (value >= num)
    assert compare(value, f"> {num}%", whole=200.0) == (value > num * 2.0)
