"""Process settings for playing many games: how often Python's cycle collector runs.

CPython starts a young-generation collection every 700 new container objects by
default, a setting made for small programs. A game allocates a few hundred thousand
short-lived containers (orders, events, views, plans), almost none of them in
reference cycles, and the collector's passes over them took about a tenth of a game's
CPU time. Collecting less often changes when unreachable cycles are freed, never what
a game does: results are the same bit for bit (``tests/test_determinism.py``).
"""

from __future__ import annotations

import gc

#: Young-generation threshold and the two older generations' multipliers (CPython: 700, 10, 10).
GC_THRESHOLD = (10_000, 10, 10)


def tune_gc() -> None:
    """Collect cycles less often in this process (idempotent; entry points and batch workers call it)."""
    if gc.get_threshold() != GC_THRESHOLD:
        gc.set_threshold(*GC_THRESHOLD)
