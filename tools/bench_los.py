"""Benchmark of the line-of-sight lookups (a benchmark, not a test): ``PYTHONPATH=. python tools/bench_los.py``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.hexmap.los import line_of_sight, sees, visible_hexes  # noqa: E402
from game.hexmap.theatre import load_theatre  # noqa: E402


def main() -> int:
    tm = load_theatre()
    units = np.random.default_rng(0).integers(0, tm.n, 200)
    sees(tm, units[:, None], units[None, :])
    reps = 50
    t = time.perf_counter()
    for _ in range(reps):
        sees(tm, units[:, None], units[None, :])
    print(f"sees, 200 x 200 unit pairs: {(time.perf_counter() - t) / reps * 1e3:.2f} ms")
    t = time.perf_counter()
    for u in units:
        visible_hexes(tm, int(u))
    print(f"visible_hexes: {(time.perf_counter() - t) / units.size * 1e3:.3f} ms per call")
    t = time.perf_counter()
    for a, b in zip(units[:-1], units[1:], strict=True):
        line_of_sight(tm, int(a), int(b))
    print(f"line_of_sight (any distance): {(time.perf_counter() - t) / (units.size - 1) * 1e3:.3f} ms per pair")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
