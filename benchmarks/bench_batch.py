"""Batch throughput and worker memory: N games with 1 and with 2 workers. A benchmark, not a test.

    PYTHONPATH=. python benchmarks/bench_batch.py --games 20
    PYTHONPATH=. python benchmarks/bench_batch.py --scenario four_day_war_2016 --games 1000 --workers 2 --replace-every 0

Prints games per second, the median seconds per game and, for every worker
process, its peak and current resident memory after its first game and after
its last, to show that memory stays flat over a long batch. Local workers are
normally replaced every 50 games (``MAX_TASKS_PER_CHILD``), which caps memory
whatever the games do; ``--replace-every 0`` keeps the same processes for the
whole run, so that any growth from game to game shows. Uses the historical
scenario by default; falls back to the synthetic test scenario when that
cannot be loaded.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.batch.backends import MAX_TASKS_PER_CHILD, run_local  # noqa: E402
from game.batch.grid import DEFAULT_LOADER, Task, make_tasks  # noqa: E402
from game.batch.worker import run_one  # noqa: E402

SYNTHETIC = "tests.batch.stub:load_synthetic"


def _rss_now_kb() -> int:
    """Current resident memory (Linux /proc); 0 where unavailable."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def bench_worker(task: Task) -> dict[str, Any]:
    """run_one, plus the worker's pid and memory after the game."""
    rec = run_one(task)
    return {"seed": task.seed, "error": rec.get("error"), "wall_s": rec.get("wall_s"), "pid": os.getpid(),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "rss_kb": _rss_now_kb()}


def _pick_scenario(name: str) -> tuple[str, str]:
    from game.batch.worker import load

    try:
        load(name, {}, DEFAULT_LOADER)
        return name, DEFAULT_LOADER
    except Exception as exc:  # noqa: BLE001 - any reason to fall back is reported
        print(f"cannot load {name} ({str(exc).splitlines()[0]}); using the synthetic scenario", file=sys.stderr)
        return "synthetic", SYNTHETIC


def bench(scenario: str, loader: str, games: int, workers: int, replace_every: int | None) -> None:
    tasks = make_tasks(scenario, {}, [{}], range(1, games + 1), (None, None), loader)
    out: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    run_local(tasks, workers, out.append, worker=bench_worker, max_tasks_per_child=replace_every)
    wall = time.perf_counter() - t0
    failed = sum(1 for r in out if r["error"])
    per_game = [r["wall_s"] for r in out if r["wall_s"] is not None]
    print(f"\n{workers} worker(s): {games} games in {wall:.1f} s = {games / wall:.2f} games/s"
          f"; per game median {statistics.median(per_game):.2f} s" + (f"; {failed} failed" if failed else ""))
    by_pid: dict[int, list[dict[str, Any]]] = {}
    for r in out:
        by_pid.setdefault(r["pid"], []).append(r)
    growth = []
    for pid, rs in sorted(by_pid.items()):
        first, last = rs[0], rs[-1]
        marks = sorted({0, len(rs) // 4, len(rs) // 2, 3 * len(rs) // 4, len(rs) - 1})
        trail = ", ".join(f"{i + 1}: {rs[i]['rss_kb'] / 1024:.0f}" for i in marks)
        print(f"  worker {pid}: {len(rs):3d} games; peak RSS {first['maxrss_kb'] / 1024:.0f} MB after its first game, "
              f"{last['maxrss_kb'] / 1024:.0f} MB after its last; current RSS (MB) after game {trail}")
        growth.append((last["rss_kb"] - first["rss_kb"]) / 1024)
    if workers > 1:
        print(f"  {len(by_pid)} worker process(es), {games / len(by_pid):.0f} games each on average; current RSS from "
              f"first to last game changed by {min(growth):+.1f} to {max(growth):+.1f} MB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenario", default="historical_2020")
    p.add_argument("--games", type=int, default=20)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--replace-every", type=int, default=MAX_TASKS_PER_CHILD,
                   help=f"replace a local worker process after this many games (default {MAX_TASKS_PER_CHILD}, as in batches; 0: never)")
    args = p.parse_args()
    scenario, loader = _pick_scenario(args.scenario)
    replace = args.replace_every if args.replace_every > 0 else None
    print(f"measuring: scenario {scenario}, {args.games} games per run (seeds 1-{args.games}), default computer players, "
          f"worker processes {' then '.join(map(str, args.workers))}, "
          + (f"each replaced after {replace} games" if replace else "never replaced (the same processes play every game)")
          + f"; {os.cpu_count()} CPUs; started {time.strftime('%Y-%m-%d %H:%M:%S')}")
    print("memory is each worker process's resident set (RSS) after a game: 'peak' is its high-water mark, "
          "'current' what it holds at that moment; one worker (1) plays in this process")
    for w in args.workers:
        bench(scenario, loader, args.games, w, replace)


if __name__ == "__main__":
    main()
