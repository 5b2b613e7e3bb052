"""``karabakh bench``: how fast the engine resolves a turn and plays a whole game.

Turn resolution is timed apart from the computer players' planning: for each
turn the orders are planned first, then ``resolve_turn`` alone is timed.
Figures are medians over the games played; quote them in the README.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

from game.ai.base import DEFAULT_AGENT


def measure(scenario: Any, games: int, players: tuple[str | None, str | None] = (None, None)) -> dict[str, float]:
    from game.engine import Game
    from game.run import make_agents

    turn_ms: list[float] = []
    plan_ms: list[float] = []
    game_s: list[float] = []
    for seed in range(1, games + 1):
        t_game = time.perf_counter()
        game = Game(scenario, seed)
        agents = make_agents(game, players)
        while not game.is_over():
            t0 = time.perf_counter()
            orders = [agents[s].orders(game.view(s)) for s in (0, 1)]
            t1 = time.perf_counter()
            game.resolve_turn(orders[0], orders[1])
            t2 = time.perf_counter()
            plan_ms.append((t1 - t0) * 1000)
            turn_ms.append((t2 - t1) * 1000)
        game_s.append(time.perf_counter() - t_game)
    return {
        "games": games,
        "turns": len(turn_ms),
        "turn_ms_median": statistics.median(turn_ms),
        "turn_ms_p90": sorted(turn_ms)[int(0.9 * (len(turn_ms) - 1))],
        "plan_ms_median": statistics.median(plan_ms),
        "game_s_median": statistics.median(game_s),
    }


def cmd_bench(args: argparse.Namespace) -> int:
    from game.scenario.errors import ScenarioError
    from game.scenario.loader import load_scenario

    try:
        sc = load_scenario(args.scenario)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 2
    r = measure(sc, args.games)
    print(f"scenario {args.scenario}: {r['games']} games, {r['turns']} turns, players {DEFAULT_AGENT} v {DEFAULT_AGENT}")
    print(f"  resolve one turn:      median {r['turn_ms_median']:.1f} ms (90th percentile {r['turn_ms_p90']:.1f} ms)")
    print(f"  players' planning:     median {r['plan_ms_median']:.1f} ms per turn (both sides)")
    print(f"  whole game:            median {r['game_s_median']:.2f} s")
    from game.rules.paths import COMPILED

    print("  path searches:         " + ("compiled (game/rules/_paths.c)" if COMPILED else
                                         "in Python: the C extension is not built, about three times slower (pip install -e . with a C compiler builds it)"))
    return 0
