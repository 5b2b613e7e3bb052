"""How the strength tests and the benchmark judge a game: who won, and by how much when it is a draw."""

from __future__ import annotations

from typing import Any

from game.sides import SIDES


def casualties(record: dict[str, Any], side: str) -> int:
    x = record["losses"][side]
    return int(x["personnel_killed"] + x["personnel_wounded"] + x.get("personnel_captured", 0))


def beats(record: dict[str, Any], side: str) -> bool:
    """True if ``side`` won; a draw goes to the side ahead on victory points, then to the one that
    inflicted more casualties than it suffered."""
    w = record["winner"]
    if w != "draw":
        return bool(w == side)
    margin = float((record.get("victory") or {}).get("margin", 0.0))
    if margin != 0.0:
        return (margin > 0) == (side == SIDES[0])
    foe = SIDES[1 - SIDES.index(side)]
    return casualties(record, foe) > casualties(record, side)


def play_series(scenario_factory: Any, player: str, opponent: str, side: str, seeds: range) -> list[bool]:
    from game.run import play_game

    out = []
    for seed in seeds:
        ai = (player, opponent) if side == SIDES[0] else (opponent, player)
        out.append(beats(play_game(scenario_factory(), seed, ai).record(), side))
    return out
