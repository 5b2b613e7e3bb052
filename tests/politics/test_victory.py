"""Victory classes from the scenario's conditions, and the defaults when it has none."""

from __future__ import annotations

import pytest

from game.engine import Game
from game.rules import victory
from tests.politics.helpers import hx, scenario, with_districts


def ended(vic: dict | None, setup=None) -> tuple[str, str, dict]:  # type: ignore[type-arg,no-untyped-def]
    sc = with_districts(scenario(victory=vic), [("Agdam", 5, 7)])
    g = Game(sc, 1)
    if setup:
        setup(g.state)
    w, c = victory.outcome(g.state)
    return w, c, g.state.flags["victory"]


def take_midtown(st) -> None:  # type: ignore[no-untyped-def]
    st.control[hx(10, 10)] = 0


def take_agdam(st) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    st.control[(np.arange(st.theatre.n) % 24 >= 5) & (np.arange(st.theatre.n) % 24 <= 7)] = 0


@pytest.mark.parametrize("vic,setup,expected", [
    (None, None, ("draw", "draw")),
    (None, take_midtown, ("draw", "draw")),  # default: 1 point per key town, marginal at 2
    ({"towns": {"Midtown": 5}, "decisive": 5, "marginal": 2}, take_midtown, ("azerbaijan", "decisive")),
    ({"towns": {"Midtown": 3}, "decisive": 5, "marginal": 2}, take_midtown, ("azerbaijan", "marginal")),
    ({"districts": {"Aghdam": 4}, "decisive": 5, "marginal": 2}, take_agdam, ("azerbaijan", "marginal")),
    ({"towns": {"Midtown": 3}, "pressure": -0.1, "decisive": 5, "marginal": 2}, None, ("armenia", "marginal")),
])
def test_classes(vic, setup, expected) -> None:  # type: ignore[no-untyped-def]
    if vic and "pressure" in vic:
        def setup(st):  # type: ignore[no-untyped-def]
            st.sides[0].pressure = 30.0
    w, c, _ = ended(vic, setup)
    assert (w, c) == expected


def test_losses_count_against_the_side_that_suffered_them() -> None:
    def hurt(st) -> None:  # type: ignore[no-untyped-def]
        st.sides[1].losses["tanks"] = 100
    w, c, sc = ended({"losses": {"tanks": -0.05}, "decisive": 4, "marginal": 2}, hurt)
    assert sc["breakdown"]["armenia"]["losses tanks"] == -5.0
    assert (w, c) == ("azerbaijan", "decisive")


def test_outcome_is_in_the_record() -> None:
    sc = scenario(victory={"towns": {"Midtown": 1}}, max_turns=1)
    g = Game(sc, 1)
    g.resolve_turn([], [])
    r = g.record()
    assert r["end_reason"] == "scenario time limit" and r["victory"]["end_reason"] == "scenario time limit"
    assert r["outcome"] == "draw"


def test_bad_victory_blocks_are_refused() -> None:
    from pydantic import ValidationError

    from game.scenario.politics import PoliticsBlocks

    with pytest.raises(ValidationError) as e:
        PoliticsBlocks.model_validate({"victory": {"losses": {"tank": -1}, "decisive": 1, "marginal": 3}})
    assert e.value.errors()[0]["loc"][:2] == ("victory", "losses")
