"""Synthetic scenarios for the computer-player tests: the engine's small test map with larger forces."""

from __future__ import annotations

from typing import Any

from tests.engine.synthetic import make_scenario

# (id, type, side, col, row): Azerbaijan east of column 12, Armenia west of it, as on the test map.
BIG_UNITS = [
    ("az.m1", "mech", "azerbaijan", 14, 5), ("az.m2", "mech", "azerbaijan", 14, 8), ("az.m3", "mech", "azerbaijan", 14, 10),
    ("az.m4", "mech", "azerbaijan", 14, 12), ("az.m5", "mech", "azerbaijan", 14, 15), ("az.m6", "mech", "azerbaijan", 16, 10),
    ("az.a1", "art", "azerbaijan", 17, 8), ("az.a2", "art", "azerbaijan", 17, 12), ("az.sam", "tor", "azerbaijan", 18, 10),
    ("am.r1", "rifle", "armenia", 10, 5), ("am.r2", "rifle", "armenia", 10, 8), ("am.r3", "rifle", "armenia", 10, 10),
    ("am.r4", "rifle", "armenia", 10, 12), ("am.r5", "rifle", "armenia", 10, 15), ("am.m1", "mech", "armenia", 6, 10),
    ("am.a1", "art", "armenia", 6, 8), ("am.a2", "art", "armenia", 6, 12), ("am.sam", "sam", "armenia", 7, 10),
    ("am.tor", "tor", "armenia", 4, 10),
]


def big_scenario(max_turns: int = 20, **kw: Any) -> Any:
    """Six mechanised battalions, two gun battalions and a drone fleet against a line of five rifle battalions."""
    return make_scenario(units=BIG_UNITS, max_turns=max_turns, **kw)
