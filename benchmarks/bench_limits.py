"""A game near the scenario size limits: time per turn and memory. A benchmark, not a test.

    PYTHONPATH=. python benchmarks/bench_limits.py --units 750 --turns 3

Takes the historical scenario, adds units to each side (copies of its own unit
types on random hexes it holds) until the side has ``--units`` over the game,
scales Azerbaijan's air pool to just under ``MAX_AIRFRAMES_PER_SIDE``, and plays
``--turns`` turns between the default computer players, printing the planning
and resolution time of each turn and the process's peak memory. The defaults
(750 units a side, 1,500 in all) sit at ``MAX_UNITS``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine import Game  # noqa: E402
from game.run import make_agents  # noqa: E402
from game.scenario.limits import MAX_AIRFRAMES_PER_SIDE  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.sides import SIDES  # noqa: E402


def overrides(units: int, turns: int) -> dict[str, Any]:
    base = load_scenario("historical_2020")
    th = base.theatre
    rng = np.random.default_rng(0)
    over: dict[str, Any] = {"max_turns": turns}
    for s, side in enumerate(SIDES):
        have = len(base.units[side]) + sum(len(r.units) for r in base.reinforcements if r.side == side)
        own = np.flatnonzero((th.control0 == s) & th.passable)
        types = [pu.spec.type for pu in base.units[side]]
        extra = []
        for i in range(max(0, units - have)):
            h = th.hex_at(int(rng.choice(own)))
            extra.append({"id": f"x_{side}_{i}", "name": f"Extra {i}", "type": types[i % len(types)], "at": {"hex": f"{h.q},{h.r}"}})
        over[f"sides.{side}.add_units"] = extra
    air = dict(base.scenario.sides["azerbaijan"].air)
    scale = (MAX_AIRFRAMES_PER_SIDE - len(air)) / sum(air.values())
    over["sides.azerbaijan.air"] = {k: int(v * scale) for k, v in air.items()}
    return over


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--units", type=int, default=750, help="units per side over the game")
    p.add_argument("--turns", type=int, default=3)
    args = p.parse_args()
    t0 = time.perf_counter()
    sc = load_scenario("historical_2020", overrides=overrides(args.units, args.turns))
    n = {side: len(v) + sum(len(r.units) for r in sc.reinforcements if r.side == side) for side, v in sc.units.items()}
    print(f"historical_2020 with {args.units} units a side over the whole war ({n} in these {args.turns} turns), "
          f"{sum(sc.scenario.sides['azerbaijan'].air.values())} Azerbaijani airframes; loaded in {time.perf_counter() - t0:.1f} s")
    game = Game(sc, 1)
    agents = make_agents(game, (None, None))
    turn = 0
    while not game.is_over():
        turn += 1
        t0 = time.perf_counter()
        orders = [agents[s].orders(game.view(s)) for s in (0, 1)]
        t1 = time.perf_counter()
        game.resolve_turn(orders[0], orders[1])
        t2 = time.perf_counter()
        print(f"turn {turn}: planning {t1 - t0:.2f} s, resolution {t2 - t1:.2f} s, "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
