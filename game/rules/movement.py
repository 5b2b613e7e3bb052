"""Movement: terrain, road and river-crossing costs, zones of control, minefields, stacking.

Movement points (MP) per day come from the unit type; entering a hex costs its
terrain, or the road cost along a road hexside, plus the river crossed without a
bridge, plus enemy minefields. A unit that enters a hex next to an enemy unit
stops there (zone of control), as in most operational hex wargames
(Dunnigan, *The Complete Wargames Handbook*, 1980/2000: "rigid ZOC").

Paths are shortest paths (Dijkstra) over a per-side edge list built with numpy,
searched by :mod:`game.rules.paths`: one search per start hex (stacked units
share it), stopped at the longest march from there. Each side's
edge costs are kept from one search to the next and worked out again only for
the edges into hexes whose terms changed (:class:`~game.rules.tables.EdgeCostMemo`). Moves
are then carried out one hex at a time in a random order drawn from the game's
generator, so that two columns racing for the same hex meet where they meet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from game.rules.control import set_control
from game.rules.losses import inflict
from game.rules.paths import routes
from game.rules.tables import BLOCKED, EdgeCostMemo, Tables, edges_into
from game.sides import other

if TYPE_CHECKING:
    from game.hexmap.theatre import TheatreMap
    from game.state import GameState, UnitState

ZOC_ENTRY_COST = 2.0  # extra planning cost so that paths skirt enemy zones of control when they can


def enemy_zoc(state: GameState, side: int, occ: NDArray[np.int8] | None = None) -> NDArray[np.bool_]:
    """Hexes in or next to a hex held by an enemy unit."""
    if occ is None:
        occ = state.occupancy()
    enemy = occ == other(side)
    zoc = enemy.copy()
    nbs = state.theatre.neighbours[np.flatnonzero(enemy)].ravel()
    zoc[nbs[nbs >= 0]] = True  # adjacency is symmetric: the neighbours of enemy hexes
    out: NDArray[np.bool_] = zoc
    return out


_GROUND: dict[tuple[int, int, float, float], tuple[TheatreMap, NDArray[np.bool_], NDArray[np.float64]]] = {}


def _enemy_ground(state: GameState, side: int) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """The hexes beyond the side's 1994 lines, and the extra cost of entering each hex when the enemy
    holds it (enemy territory, and forts beyond those lines): per map, side and costs (read only)."""
    p = state.params["movement"]
    m = state.theatre
    key = (id(m), side, p["enemy_territory_cost"], p["fort_cost"])
    hit = _GROUND.get(key)
    if hit is None or hit[0] is not m:
        if len(_GROUND) > 32:
            _GROUND.clear()
        foreign = m.control0 != side
        hit = _GROUND[key] = (m, foreign, p["enemy_territory_cost"] + p["fort_cost"] * m.fort * foreign)
    return hit[1], hit[2]


def _entry_terms(state: GameState, side: int, occ: NDArray[np.int8]) -> tuple[list[NDArray[np.float64]], NDArray[np.bool_]]:
    """The extra costs of entering each hex, term by term (enemy mines; enemy ground and its forts; enemy
    zones of control; snow), and the hexes that enemy units hold (closed)."""
    p = state.params["movement"]
    foreign, enemy_ground = _enemy_ground(state, side)
    terms = [
        p["mines_cost"] * (state.flags["mines"] * foreign),
        (state.control != side) * enemy_ground,
        ZOC_ENTRY_COST * enemy_zoc(state, side, occ),
    ]
    snow = state.flags.get("snow_mask")
    if snow is not None:
        terms.append(state.params["weather"]["snow_cost"] * snow)
    return terms, occ == other(side)


def _edge_costs(tables: Tables, terms: list[NDArray[np.float64]], blocked: NDArray[np.bool_],
                edges: NDArray[np.int64] | None = None) -> NDArray[np.float64]:
    """Cost of the given edges (default all): the base cost plus each term of the hex entered, added in turn."""
    if edges is None:
        # Only the enemy-ground term is non-zero over wide areas. Adding a zero changes nothing, so every
        # edge gets base + that term, and the edges into hexes where another term is non-zero (or which
        # are closed) are worked out term by term.
        cost = tables.edge_cost + np.take(terms[1], tables.edge_dst)
        special = blocked.copy()
        for i, t in enumerate(terms):
            if i != 1:
                special |= t != 0
        into = edges_into(tables, np.flatnonzero(special))
        cost[into] = _edge_costs(tables, terms, blocked, into)
        return cost
    base = tables.edge_cost if edges is None else tables.edge_cost[edges]
    dst = tables.edge_dst if edges is None else tables.edge_dst[edges]
    cost = base + np.take(terms[0], dst)
    for t in terms[1:]:
        cost += np.take(t, dst)
    cost[np.take(blocked, dst)] = BLOCKED
    return cost


_MEMOS = (EdgeCostMemo("moving side 0"), EdgeCostMemo("moving side 1"))


def _side_edge_costs(tables: Tables, side: int, terms: list[NDArray[np.float64]], blocked: NDArray[np.bool_]) -> NDArray[np.float64]:
    """:func:`_edge_costs` of every edge, from the side's last costs where the hex entered is unchanged (read only)."""
    return _MEMOS[side].update(tables, [*terms, blocked], lambda edges: _edge_costs(tables, terms, blocked, edges))


def side_costs(state: GameState, tables: Tables, side: int, occ: NDArray[np.int8]) -> NDArray[np.float64]:
    """Per-edge movement cost for ``side`` (same order as ``tables.edge_src``); :data:`BLOCKED` into enemy-held hexes.

    The extra costs depend on the hex entered only, so they are worked out per hex and
    then spread over the edges.
    """
    terms, blocked = _entry_terms(state, side, occ)
    return _side_edge_costs(tables, side, terms, blocked).copy()


def plan_moves(
    state: GameState, tables: Tables, side: int, moves: list[tuple[UnitState, int]], occ: NDArray[np.int8]
) -> dict[str, list[int]]:
    """Paths (hex indices, start first) for each ordered move, cut to the unit's movement points.

    Where the target is out of reach the unit goes to the reachable hex nearest to it.
    """
    if not moves:
        return {}
    terms, blocked = _entry_terms(state, side, occ)
    cost = _side_edge_costs(tables, side, terms, blocked)
    # One search per start hex (stacked units share it), as far as the longest march from there.
    mps = np.array([u.movement * _mp_factor(u) for u, _ in moves], dtype=np.float64)
    starts = np.array([u.hex for u, _ in moves], dtype=np.int64)
    order = np.lexsort((np.arange(len(moves)), starts))
    ustarts, first = np.unique(starts[order], return_index=True)
    limits = np.maximum.reduceat(mps[order], first) + 1e-9
    move_ptr = np.append(first, len(moves))
    targets = np.array([t for _, t in moves], dtype=np.int64)[order]
    m = state.theatre
    path_ptr, hexes = routes(tables.edge_indptr, tables.edge_dst, cost, ustarts, limits, move_ptr,
                             mps[order] + 1e-9, targets, m.q, m.r)
    flat = hexes.tolist()
    bounds = path_ptr.tolist()
    found: list[list[int]] = [[] for _ in moves]
    for k, i in enumerate(order.tolist()):
        found[i] = flat[bounds[k]:bounds[k + 1]]
    return {u.id: path for (u, _), path in zip(moves, found, strict=True) if path}


def _mp_factor(u: UnitState) -> float:
    """Battered or unsupplied units move less far."""
    return 0.5 + 0.5 * min(1.0, 0.5 * u.cohesion + 0.5 * u.supply)


def execute_moves(state: GameState, paths: dict[str, list[int]], order: list[str]) -> None:
    """Walk each path one hex at a time in ``order``; stop at enemies, full hexes and zones of control."""
    p = state.params["movement"]
    # Occupancy of the occupied hexes only: the side there (as state.occupancy), the hexes of each
    # side (kept in step with it) and how many units stand there.
    occ_layer = state.occupancy()
    held = np.flatnonzero(occ_layer >= 0)
    occ = dict(zip(held.tolist(), occ_layer[held].tolist(), strict=True))
    hexes_of: tuple[set[int], set[int]] = (set(), set())
    for h, s in occ.items():
        hexes_of[s].add(h)
    counts: dict[int, int] = {}
    for u in state.units.values():
        if u.alive:
            counts[u.hex] = counts.get(u.hex, 0) + 1
    nb = state.theatre.neighbour_lists
    mines = state.flags["mines"]
    control0 = state.theatre.control0
    control = state.control
    stack_limit = p["stack_limit"]
    zoc = p["zoc"]
    moved = False
    units = state.units
    occ_at, count_at = occ.get, counts.get
    for uid in order:
        u = units[uid]
        path = paths.get(uid)
        if not u.alive or not path or len(path) < 2:
            continue
        start = here = u.hex
        side = u.side
        foe = other(side)
        mine, foes = hexes_of[side], hexes_of[foe]
        for nxt in path[1:]:
            if occ_at(nxt) == foe or count_at(nxt, 0) >= stack_limit:
                break
            left = counts[here] - 1
            counts[here] = left
            if left == 0:
                hexes_of[occ.pop(here)].discard(here)
            u.hex = here = nxt
            counts[nxt] = count_at(nxt, 0) + 1
            occ[nxt] = side  # the hex was empty or already this side's
            mine.add(nxt)
            if control[nxt] != side:
                _take_hex(state, u, nxt)
            if mines[nxt] > 0 and control0[nxt] != side:
                _cross_minefield(state, u, nxt)
                if not u.alive:
                    break
            if zoc and not foes.isdisjoint(nb[nxt]):
                break
        if here != start:
            moved = True
            u.moved_turn = state.turn
            u.posture = "mobile"
            u.dug_in_days = 0
    if moved:
        state.positions_changed()


def _take_hex(state: GameState, u: UnitState, h: int) -> None:
    set_control(state, h, u.side, by=u)


def _cross_minefield(state: GameState, u: UnitState, h: int) -> None:
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
