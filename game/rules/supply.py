"""Supply: traced along the road net to depots and border crossings.

A unit's supply is the cheapest movement-point path from any of its side's
supply sources through hexes its side controls, or through empty enemy ground
outside the enemy's zones of control at ``enemy_ground_cost`` extra a hex;
hexes with enemy units, and enemy ground next to them, block the trace (the
usual rule of hex wargames: a supply line may not pass through enemy units or
their zones of control). Within ``full_range`` it is fully supplied,
beyond ``max_range`` it is cut off, and in between supply falls linearly — the
"line of communication" rule common to operational wargames (e.g. the supply
rules of SPI's and GMT's operational series). Armenian forces trace to
Armenia through the Lachin corridor and the Vardenis-Kalbajar road;
Azerbaijani forces to the lowland rear. A headquarters that is itself within
full supply range acts as a forward depot (the corps' and divisions' own
transport), so that supply follows an advance. Supply restores ammunition; being cut
off drains it and, in :mod:`game.rules.morale`, cohesion.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from game.rules.paths import nearest
from game.rules.tables import BLOCKED, EdgeCostMemo
from game.sides import other

if TYPE_CHECKING:
    from game.state import GameState

_MEMOS = (EdgeCostMemo("supply side 0"), EdgeCostMemo("supply side 1"))


def supply_distance(state: GameState, side: int) -> np.ndarray:
    """Movement-point distance from the side's sources to every hex (inf where unreachable)."""
    from game.rules.movement import enemy_zoc

    t = state.flags["tables"]
    occ = state.occupancy()
    p = state.params["supply"]
    mine = state.control == side
    own = mine & (occ != other(side))
    # beyond our own ground, a trace may cross empty ground that no enemy unit watches (outside their zones of control)
    open_ground = ~enemy_zoc(state, side, occ) & ~mine
    # The extra cost of entering each hex: none on our own ground, ``enemy_ground_cost`` on open enemy ground,
    # BLOCKED elsewhere. A trace never enters a closed hex, so the hexsides out of one are never used and
    # need no closing of their own; every weight beyond ``max_range`` closes a hexside as well as BLOCKED does.
    entry = np.where(open_ground, float(p["enemy_ground_cost"]), np.where(own, 0.0, BLOCKED))

    def cost(edges: NDArray[np.int64] | None) -> NDArray[np.float64]:
        base = t.supply_cost if edges is None else t.supply_cost[edges]
        dst = t.edge_dst if edges is None else t.edge_dst[edges]
        out: NDArray[np.float64] = base + np.take(entry, dst)
        return out

    w = _MEMOS[side].update(t, [entry], cost)
    sources = [h for h in state.sides[side].supply_sources if own[h]]
    if not sources:
        return np.full(t.n, np.inf)
    limit = p["max_range"]
    # Forward depots: a headquarters within full supply range of a source pushes supply forward from its hex;
    # a hex's supply distance is then the lesser of the two.
    depots = sorted({u.hex for u in state.alive_units(side) if u.role == "hq"}) if p.get("hq_depots", True) else []
    d: np.ndarray = nearest(t.edge_indptr, t.edge_dst, w, sources, limit, depots, min(p["full_range"], limit))
    return d


def resolve_supply(state: GameState) -> None:
    p = state.params["supply"]
    full, far = p["full_range"], p["max_range"]
    recovery, drain = p["ammo_recovery"], p["out_of_supply_ammo"]
    for side in (0, 1):
        d = supply_distance(state, side)
        units = state.alive_units(side)
        dist = d[np.fromiter((u.hex for u in units), dtype=np.int64, count=len(units))].tolist()
        for u, x in zip(units, dist, strict=True):
            if x <= full:
                s = 1.0
            elif x <= far:
                s = 1.0 - (x - full) / (far - full)
            else:
                s = 0.0
            u.supply = s
            if s > 0:
                u.cut_days = 0
                u.ammo = min(1.0, u.ammo + recovery * s)
            else:
                u.cut_days += 1
                u.ammo = max(0.0, u.ammo - drain)
