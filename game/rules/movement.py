"""Movement: terrain, road and river-crossing costs, zones of control, minefields, stacking.

Movement points (MP) per day come from the unit type; entering a hex costs its
terrain, or the road cost along a road hexside, plus the river crossed without a
bridge, plus enemy minefields. A unit that enters a hex next to an enemy unit
stops there (zone of control), as in most operational hex wargames
(Dunnigan, *The Complete Wargames Handbook*, 1980/2000: "rigid ZOC").

Paths are shortest paths (Dijkstra) over a per-side graph built with numpy and
solved by ``scipy.sparse.csgraph``, so that all of a side's moves cost a few
hundred microseconds. Moves are then carried out one hex at a time in a random
order drawn from the game's generator, so that two columns racing for the same
hex meet where they meet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from game.hexmap.hexgrid import hex_distance_arrays
from game.rules.tables import BLOCKED, Tables, graph
from game.sides import other

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

    from game.state import GameState, UnitState

ZOC_ENTRY_COST = 2.0  # extra planning cost so that paths skirt enemy zones of control when they can


def enemy_zoc(state: GameState, side: int, occ: NDArray[np.int8] | None = None) -> NDArray[np.bool_]:
    """Hexes in or next to a hex held by an enemy unit."""
    if occ is None:
        occ = state.occupancy()
    enemy = occ == other(side)
    nb = state.theatre.neighbours
    zoc = enemy.copy()
    valid = nb >= 0
    zoc[np.nonzero((enemy[np.where(valid, nb, 0)] & valid).any(axis=1))[0]] = True
    out: NDArray[np.bool_] = zoc
    return out


def side_graph(state: GameState, tables: Tables, side: int, occ: NDArray[np.int8]) -> csr_matrix:
    """Movement graph for ``side``: no edges into enemy-held hexes; extra cost into enemy ZOC and mines."""
    p = state.params["movement"]
    dst = tables.edge_dst
    cost = tables.edge_cost.copy()
    mines = state.flags["mines"]
    control0 = state.theatre.control0
    hostile_mines = mines[dst] * (control0[dst] != side)
    cost += p["mines_cost"] * hostile_mines
    hostile = state.control[dst] != side
    cost += hostile * (p["enemy_territory_cost"] + p["fort_cost"] * state.theatre.fort[dst] * (control0[dst] != side))
    zoc = enemy_zoc(state, side, occ)
    cost += ZOC_ENTRY_COST * zoc[dst]
    snow = state.flags.get("snow_mask")
    if snow is not None:
        cost += state.params["weather"]["snow_cost"] * snow[dst]
    cost[occ[dst] == other(side)] = BLOCKED
    return graph(tables, cost)


def plan_moves(
    state: GameState, tables: Tables, side: int, moves: list[tuple[UnitState, int]], occ: NDArray[np.int8]
) -> dict[str, list[int]]:
    """Paths (hex indices, start first) for each ordered move, cut to the unit's movement points.

    Where the target is out of reach the unit goes to the reachable hex nearest to it.
    """
    if not moves:
        return {}
    graph = side_graph(state, tables, side, occ)
    starts = np.array([u.hex for u, _ in moves], dtype=np.int32)
    limit = max(u.movement * _mp_factor(u) for u, _ in moves)
    dist, pred = dijkstra(graph, directed=True, indices=starts, return_predecessors=True, limit=limit)
    q, r = state.theatre.q, state.theatre.r
    out: dict[str, list[int]] = {}
    for k, (u, target) in enumerate(moves):
        mp = u.movement * _mp_factor(u)
        d = dist[k]
        reach = np.nonzero(d <= mp + 1e-9)[0]
        if len(reach) == 0:
            continue
        hd = hex_distance_arrays(q[reach], r[reach], q[target], r[target])
        # nearest to the target, then cheapest, then lowest index (deterministic)
        order = np.lexsort((reach, d[reach], hd))
        end = int(reach[order[0]])
        path = [end]
        while path[-1] != u.hex:
            prev = int(pred[k, path[-1]])
            if prev < 0:
                break
            path.append(prev)
        out[u.id] = path[::-1]
    return out


def _mp_factor(u: UnitState) -> float:
    """Battered or unsupplied units move less far."""
    return 0.5 + 0.5 * min(1.0, 0.5 * u.cohesion + 0.5 * u.supply)


def execute_moves(state: GameState, paths: dict[str, list[int]], order: list[str]) -> None:
    """Walk each path one hex at a time in ``order``; stop at enemies, full hexes and zones of control."""
    p = state.params["movement"]
    occ = state.occupancy()
    counts = np.zeros(state.theatre.n, dtype=np.int16)
    for u in state.units.values():
        if u.alive:
            counts[u.hex] += 1
    nb = state.theatre.neighbours
    mines = state.flags["mines"]
    control0 = state.theatre.control0
    for uid in order:
        u = state.units[uid]
        path = paths.get(uid)
        if not u.alive or not path or len(path) < 2:
            continue
        start = u.hex
        foe = other(u.side)
        for nxt in path[1:]:
            if occ[nxt] == foe or counts[nxt] >= p["stack_limit"]:
                break
            counts[u.hex] -= 1
            if counts[u.hex] == 0:
                occ[u.hex] = -1
            u.hex = nxt
            counts[nxt] += 1
            occ[nxt] = u.side
            if state.control[nxt] != u.side:
                _take_hex(state, u, nxt)
            if mines[nxt] > 0 and control0[nxt] != u.side:
                _cross_minefield(state, u, nxt)
                if not u.alive:
                    break
            nbs = nb[nxt]
            if p["zoc"] and np.any(occ[nbs[nbs >= 0]] == foe):
                break
        if u.hex != start:
            u.moved_turn = state.turn
            u.posture = "mobile"
            u.dug_in_days = 0


def _take_hex(state: GameState, u: UnitState, h: int) -> None:
    from game.rules.control import set_control

    set_control(state, h, u.side, by=u)


def _cross_minefield(state: GameState, u: UnitState, h: int) -> None:
    from game.rules.losses import inflict

    p = state.params["movement"]
    density = float(state.flags["mines"][h])
    engineer = u.role == "engineer"
    factor = 0.3 if engineer else 1.0
    inflict(
        state, u, personnel_share=p["mines_casualties"] * density * factor,
        vehicle_share=p["mines_vehicle_loss"] * density * factor, cause="minefield", phase="movement",
    )
    # Every crossing clears lanes; engineers breach properly.
    state.flags["mines"][h] = density * (0.2 if engineer else 0.7)
