"""Benchmark the computer players: planning time per turn and whole-game time.

    PYTHONPATH=. python benchmarks/bench_ai.py [--scenario historical_2020] [--games 5] [--ai operational] [--best-of 1]

Falls back to the synthetic test scenario when the historical one is not
available. A benchmark, not a test: it prints numbers and asserts nothing.
On a shared machine, ``--best-of N`` plays every game N times (games are
deterministic, so each turn is the same position every time) and keeps the
fastest time of each side-turn and of each whole game, which takes out most
of the noise of other jobs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from game.engine import Game
from game.run import make_agents


def load(name: str) -> Any:
    if name == "synthetic":
        from tests.engine.synthetic import make_scenario

        return make_scenario(max_turns=20)
    from game.scenario.loader import load_scenario

    return load_scenario(name)


def one_game(scenario: Any, seed: int, ai: tuple[str, str]) -> tuple[float, list[float], list[float]]:
    """Whole-game time, and per-turn planning times of each side (seconds of this process's CPU time,
    so that other work on a shared machine does not count)."""
    t0 = time.process_time()
    game = Game(scenario, seed)
    agents = make_agents(game, ai)
    plan: list[list[float]] = [[], []]
    while not game.is_over():
        orders = []
        for s in (0, 1):
            view = game.view(s)
            t = time.process_time()
            orders.append(agents[s].orders(view))
            plan[s].append(time.process_time() - t)
        game.resolve_turn(orders[0], orders[1])
    return time.process_time() - t0, plan[0], plan[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="historical_2020")
    ap.add_argument("--games", type=int, default=5)
    ap.add_argument("--ai", default="operational")
    ap.add_argument("--versus", default=None, help="the other side's player (default: the same)")
    ap.add_argument("--best-of", type=int, default=1, help="play each game this many times, keep the fastest times")
    args = ap.parse_args()
    try:
        sc = load(args.scenario)
    except Exception as e:  # noqa: BLE001 - a benchmark falls back rather than failing
        print(f"cannot load {args.scenario} ({e}); using the synthetic scenario")
        sc = load("synthetic")
    ai = (args.ai, args.versus or args.ai)
    one_game(sc, 0, ai)  # warm caches (map tables, imports)
    games, per_turn = [], []
    for seed in range(1, args.games + 1):
        total, a, b = one_game(sc, seed, ai)
        for _ in range(args.best_of - 1):
            t2, a2, b2 = one_game(sc, seed, ai)
            total = min(total, t2)
            a = [min(x, y) for x, y in zip(a, a2, strict=True)]
            b = [min(x, y) for x, y in zip(b, b2, strict=True)]
        games.append(total)
        per_turn += a + b
        print(f"seed {seed}: game {total:.3f} s, {len(a)} turns, planning {1000 * statistics.mean(a):.2f} ms (azerbaijan) "
              f"{1000 * statistics.mean(b):.2f} ms (armenia) per turn")
    per_turn.sort()
    print(f"{ai[0]} v {ai[1]}: median game {statistics.median(games):.3f} s CPU; planning per side-turn "
          f"median {1000 * statistics.median(per_turn):.2f} ms, p95 {1000 * per_turn[int(0.95 * (len(per_turn) - 1))]:.2f} ms")


if __name__ == "__main__":
    from game.perf import tune_gc

    tune_gc()  # as the command line and batch workers run games
    main()
