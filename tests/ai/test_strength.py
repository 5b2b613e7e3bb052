"""Strength: the operational player against the random and greedy players, from both sides.

"Beats" is decided by the game's result (:func:`tests.ai.strength.beats`): the
winner, and in a draw the side that inflicted more casualties than it
suffered. The quick tests run 20 synthetic games per side and one historical
game per side (well under a minute); the ``slow`` ones run more.
"""

from __future__ import annotations

from typing import Any

import pytest

from game.sides import SIDES
from tests.ai.scenarios import big_scenario
from tests.ai.strength import play_series


def historical() -> Any:
    loader = pytest.importorskip("game.scenario.loader")
    try:
        return loader.load_scenario("historical_2020")
    except Exception as e:  # noqa: BLE001 - the map and scenario ship separately
        pytest.skip(f"historical scenario not available: {e}")


@pytest.mark.parametrize("side", SIDES)
def test_beats_random_on_the_synthetic_front(side: str) -> None:
    wins = play_series(big_scenario, "operational", "random", side, range(20))
    assert sum(wins) >= 19, wins


def test_beats_greedy_more_often_than_not_on_the_synthetic_front() -> None:
    wins = [w for side in SIDES for w in play_series(big_scenario, "operational", "greedy", side, range(20))]
    assert sum(wins) > len(wins) / 2, wins


@pytest.mark.parametrize("side", SIDES)
def test_beats_random_in_the_historical_war(side: str) -> None:
    sc = historical()
    assert all(play_series(lambda: sc, "operational", "random", side, range(1, 2)))


@pytest.mark.slow
@pytest.mark.parametrize("opponent", ["random", "greedy"])
def test_historical_series(opponent: str) -> None:
    sc = historical()
    az = play_series(lambda: sc, "operational", opponent, "azerbaijan", range(1, 6))
    am = play_series(lambda: sc, "operational", opponent, "armenia", range(1, 6))
    if opponent == "random":
        assert all(az) and all(am)
    else:
        assert sum(az) + sum(am) > 5
