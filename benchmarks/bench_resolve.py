"""Benchmark turn resolution alone, in process CPU time, steady against other work on the machine.

    PYTHONPATH=. python benchmarks/bench_resolve.py [--scenario historical_2020] [--games 4] [--repeats 6]

Plays the games once with the computer players to get their orders, then
replays those orders ``--repeats`` times and keeps, for each turn, the least
CPU time :meth:`game.engine.Game.resolve_turn` took: the other jobs of a
shared machine slow a turn down, never speed it up. A benchmark, not a test:
it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from game.engine import Game
from game.orders import Order
from game.run import play_game
from game.sides import SIDES


def record_orders(scenario: Any, seed: int) -> list[tuple[list[Order], list[Order]]]:
    """Each turn's legal orders of a game between the computer players."""
    from game.orders import parse_order

    game = play_game(scenario, seed)
    return [([parse_order(o) for o in turn[SIDES[0]]], [parse_order(o) for o in turn[SIDES[1]]]) for turn in game.history]


def replay(scenario: Any, seed: int, turns: list[tuple[list[Order], list[Order]]]) -> list[float]:
    """CPU seconds of each turn's resolution."""
    game = Game(scenario, seed)
    out = []
    for a, b in turns:
        t0 = time.process_time()
        game.resolve_turn(a, b)
        out.append(time.process_time() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="historical_2020")
    ap.add_argument("--games", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=6)
    args = ap.parse_args()
    from game.scenario.loader import load_scenario

    scenario = load_scenario(args.scenario)
    games = {seed: record_orders(scenario, seed) for seed in range(1, args.games + 1)}
    best: dict[tuple[int, int], float] = {}
    for _ in range(args.repeats):
        for seed, turns in games.items():
            for i, t in enumerate(replay(scenario, seed, turns)):
                best[(seed, i)] = min(best.get((seed, i), t), t)
    ms = sorted(1000 * t for t in best.values())
    print(f"scenario {args.scenario}: {args.games} games, {len(ms)} turns, least of {args.repeats} replays per turn (process CPU time)")
    print(f"  resolve one turn:  median {statistics.median(ms):.1f} ms (90th percentile {ms[int(0.9 * (len(ms) - 1))]:.1f} ms)")
    print(f"  per game:          {sum(ms) / args.games / 1000:.2f} s of resolution")


if __name__ == "__main__":
    from game.perf import tune_gc

    tune_gc()  # as the command line and batch workers run games
    main()
