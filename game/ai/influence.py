"""Influence maps and per-game tables for the computer players.

Everything here is built from public, static information (the map and the
rule parameters) or from one side's :class:`~game.view.SideView`. Fields are
numpy arrays over the hexes; spreading a field over the map is done by
repeated neighbour gathers (a few array operations per step), never by a
Python loop over hexes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from game.rules.paths import reach
from game.rules.tables import Tables, graph, tables_for

ZOC_COST = 2.0  # the engine's own planning surcharge for entering an enemy zone of control


class MapTables:
    """Per-game tables: neighbours, static movement graph and cost-to-town fields.

    ``town_cost[k, h]`` is the movement-point cost of marching from hex ``h``
    to key town ``k`` over the map as it is before the war (roads, terrain,
    rivers), so that units follow roads to their objectives instead of straight
    lines across mountains.
    """

    def __init__(self, theatre: Any, params: Any, key_towns: tuple[int, ...]) -> None:
        self.theatre = theatre
        self.params = params
        self.n = int(theatre.n)
        self.q = np.asarray(theatre.q, dtype=np.int32)
        self.r = np.asarray(theatre.r, dtype=np.int32)
        nb = np.asarray(theatre.neighbours)
        self.valid = nb >= 0
        self.nb = np.where(self.valid, nb, 0)
        self.nb_pad = np.where(self.valid, nb, self.n)  # invalid neighbours point at a padding cell
        self.passable = np.asarray(theatre.passable, dtype=bool)
        self.tables: Tables = tables_for(theatre, params)
        self.hex_km = float(params["hex_km"])
        self.key = np.array(sorted(set(key_towns)), dtype=np.int64)
        self.fort = np.asarray(theatre.fort, dtype=np.float64)
        self.control0 = np.asarray(theatre.control0)
        t = self.tables
        self.static_graph: csr_matrix = graph(t, t.edge_cost.astype(np.float64))
        if len(self.key):
            rev = self.static_graph.T.tocsr()
            d = dijkstra(rev, directed=True, indices=self.key)
            self.town_cost = np.where(np.isfinite(d), d, 1e6).astype(np.float64)
        else:
            self.town_cost = np.zeros((0, self.n))
        # (q, r) -> index lookup, for discs of hexes around a set of sources
        self._qmin, self._rmin = int(self.q.min()), int(self.r.min())
        self._grid = np.full((int(self.q.max()) - self._qmin + 1, int(self.r.max()) - self._rmin + 1), -1, dtype=np.int64)
        self._grid[self.q - self._qmin, self.r - self._rmin] = np.arange(self.n)
        src = np.repeat(np.arange(self.n), 6)[self.valid.ravel()]
        dst = self.nb.ravel()[self.valid.ravel()]
        self.step_graph = csr_matrix((np.ones(len(src)), (src, dst)), shape=(self.n, self.n))
        mv = params["movement"]
        self._enemy_cost = float(mv.get("enemy_territory_cost", 0.0))
        self._fort_cost = float(mv.get("fort_cost", 0.0))
        self._mines_cost = float(mv.get("mines_cost", 0.0))
        # neighbour columns with a padding row: gathers by direction are cheaper than one (n, 6) gather
        self._nb_cols = [np.ascontiguousarray(self.nb_pad[:, j]) for j in range(self.nb_pad.shape[1])]
        self._nb_ext = np.vstack([self.nb_pad, np.full((1, self.nb_pad.shape[1]), self.n)])
        self._edge_cost = t.edge_cost.astype(np.float64)
        self._hostile_cost: dict[int, NDArray[np.float64]] = {}
        self._ground: dict[int, tuple[NDArray[np.int8], NDArray[np.float64]]] = {}
        self._mined: dict[int, tuple[NDArray[np.float64], NDArray[np.intp], NDArray[np.float64]]] = {}
        self._in_edges = np.argsort(t.edge_dst, kind="stable")
        self._in_ptr = np.searchsorted(t.edge_dst[self._in_edges], np.arange(self.n + 1))
        # the map on a padded (q, r) grid, flattened: the six neighbours of a cell are six fixed offsets, so a
        # ring of a breadth-first search is six shifted slices (used when the map's neighbour table is exactly
        # that adjacency, which is checked here)
        width = self._grid.shape[1] + 2
        self._flat = (self.q - self._qmin + 1).astype(np.int64) * width + (self.r - self._rmin + 1)
        self._gsize = (self._grid.shape[0] + 2) * width
        self._gexists = np.zeros(self._gsize, dtype=bool)
        self._gexists[self._flat] = True
        self._goffs = [dq * width + dr for dq, dr in ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))]
        # the seven hexes around and at a cell are the sums of {0, a} + {0, b} + {0, c} for these three offsets:
        # one step of growth is three shifted ORs instead of six
        self._gsteps = [width, 1 - width, -1]
        at = np.full(self._gsize, -1, dtype=np.int64)
        at[self._flat] = np.arange(self.n)
        around = np.sort(np.stack([at[self._flat + off] for off in self._goffs], axis=1), axis=1)
        self._grid_ok = bool(np.array_equal(around, np.sort(np.where(self.valid, nb, -1), axis=1)))
        self.nb_list: list[list[int]] = [row[ok].tolist() for row, ok in zip(self.nb, self.valid, strict=True)]
        self.hexes = [theatre.hex_at(i) for i in range(self.n)]  # index -> Hex, for orders
        # hex distances from every key town (rows in the order of ``key``)
        self.key_dist = np.stack([self.hex_dist(int(k)) for k in self.key]) if len(self.key) else np.zeros((0, self.n), dtype=np.int32)
        self.key_row = {int(k): i for i, k in enumerate(self.key)}
        self.town_rows = [self.town_cost[i] for i in range(len(self.key))]

    # --- fields --------------------------------------------------------------------
    def spread(self, field: NDArray[np.float64], steps: int, decay: float) -> NDArray[np.float64]:
        """Diffuse a field: every hex takes the strongest ``value x decay**d`` of the sources within
        ``steps`` hexes (a max-plus kernel), done by scattering every source over its disc at once."""
        out = np.asarray(field, dtype=np.float64).copy()
        src = np.flatnonzero(out > 0)
        if not len(src):
            return out
        dq, dr, fac = _disc_arrays(steps, decay)
        tq = (self.q[src] - self._qmin)[:, None] + dq[None, :]
        tr = (self.r[src] - self._rmin)[:, None] + dr[None, :]
        gq, gr = self._grid.shape
        ok = (tq >= 0) & (tq < gq) & (tr >= 0) & (tr < gr)
        tgt = self._grid[tq[ok], tr[ok]]
        val = (out[src][:, None] * fac[None, :])[ok]
        keep = tgt >= 0
        np.maximum.at(out, tgt[keep], val[keep])
        return out

    def dilate(self, mask: NDArray[np.bool_], steps: int = 1) -> NDArray[np.bool_]:
        if self._grid_ok:
            cur = np.zeros(self._gsize, dtype=bool)
            cur[self._flat] = mask
            for _ in range(steps):
                cur = self._grow(cur)
                cur &= self._gexists
            out: NDArray[np.bool_] = cur[self._flat]
            return out
        ext = np.zeros(self.n + 1, dtype=bool)
        ext[: self.n] = mask
        for _ in range(steps):
            prev = ext.copy()
            for col in self._nb_cols:
                ext[: self.n] |= prev[col]
        return ext[: self.n].copy()

    def _grow(self, cur: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """The cells of the padded grid at or next to a cell of ``cur`` (padding included: mask it after).
        The map lies at least one cell inside the padding, so no shift wraps from one row into another."""
        out = cur.copy()
        for off in self._gsteps:
            # out[i] |= out[i + off], from the values before this shift (numpy buffers the overlap)
            if off > 0:
                out[:-off] |= out[off:]
            else:
                out[-off:] |= out[:off]
        return out

    def spaced(self, cand: NDArray[np.integer], order: NDArray[np.integer], gap: int, most: int) -> list[int]:
        """Walk ``cand`` in ``order`` and keep hexes at least ``gap`` apart, up to ``most`` of them."""
        hexes = np.asarray(cand)[np.asarray(order, dtype=np.int64)]
        if not len(hexes):
            return []
        q, r = self.q[hexes], self.r[hexes]
        free = np.ones(len(hexes), dtype=bool)
        picks: list[int] = []
        i = 0
        while len(picks) < most:
            # the first hex still free: every one before it was taken or lies too close to one taken
            i += int(np.argmax(free[i:]))
            if not free[i]:
                break
            picks.append(int(hexes[i]))
            dq, dr = q - q[i], r - r[i]
            free &= (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2 >= gap
            free[i] = False
        return picks

    def hex_dist(self, a: int, hexes: NDArray[np.integer] | None = None) -> NDArray[np.int32]:
        q, r = (self.q, self.r) if hexes is None else (self.q[hexes], self.r[hexes])
        dq = q - self.q[a]
        dr = r - self.r[a]
        out: NDArray[np.int32] = (np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2
        return out

    def dist_to_set(self, hexes: NDArray[np.integer], steps: int) -> NDArray[np.int32]:
        """Hex steps to the nearest hex of a set, up to ``steps`` (``steps + 1`` beyond): a breadth-first
        search, one array step per ring. A hex's distance is ``steps + 1`` less the number of rings
        ``0..steps`` that hold it."""
        if not self._grid_ok:
            return self._dist_to_set_nb(hexes, steps)
        reached = np.zeros(self._gsize, dtype=bool)
        reached[self._flat[np.asarray(hexes, dtype=np.int64)]] = True
        # ring counts in bytes while they fit (a bool array viewed as bytes adds without a cast)
        small = steps < 255
        held = reached.astype(np.uint8 if small else np.int32)
        total = int(np.count_nonzero(reached))
        rest = 0
        for k in range(1, steps + 1):
            ring = self._grow(reached)
            ring &= self._gexists
            now = int(np.count_nonzero(ring))
            if now == total:  # nothing new: every later ring is the same
                rest = steps - k + 1
                break
            np.add(held, ring.view(np.uint8) if small else ring, out=held)
            reached, total = ring, now
        d = steps + 1 - held[self._flat].astype(np.int32)
        if rest:
            d -= rest * reached[self._flat]
        out: NDArray[np.int32] = d
        return out

    def _dist_to_set_nb(self, hexes: NDArray[np.integer], steps: int) -> NDArray[np.int32]:
        d = np.full(self.n + 1, steps + 1, dtype=np.int32)
        front = np.asarray(hexes, dtype=np.int64)
        d[front] = 0
        nb = self._nb_ext
        for k in range(1, steps + 1):
            if not len(front):
                break
            cand = nb[front].ravel()
            cand = cand[d[cand] > k]
            d[cand] = k
            d[self.n] = steps + 1
            front = np.flatnonzero(d[: self.n] == k)
        return d[: self.n].copy()

    # --- movement as the side can foresee it ------------------------------------------
    def side_costs(self, side: int, control: NDArray[np.int8], enemy: NDArray[np.bool_],
                   mines: NDArray[np.float64] | None, zoc: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
        """Per-edge costs of the engine's movement graph as the side can foresee it (known enemies only).
        ``zoc`` is ``dilate(enemy, 1)`` if the caller has it already.

        The terms are added in a fixed order (ground, mines, zones of control); a term that is zero on an
        edge leaves it as it is, so the sparse ones are added only on the edges into the hexes they touch."""
        t = self.tables
        dst = t.edge_dst
        hostile_cost = self._hostile_cost.get(side)
        if hostile_cost is None:
            extra = self._enemy_cost + self._fort_cost * self.fort[dst] * (self.control0[dst] != side)
            hostile_cost = self._hostile_cost[side] = self._edge_cost + extra
        # the ground term follows control, which changes in few hexes a day: only edges into those are redone
        last = self._ground.get(side)
        if last is None or last[0].shape != control.shape:
            ground = np.where(control[dst] != side, hostile_cost, self._edge_cost)
        else:
            ground = last[1]
            e = self.edges_into(np.flatnonzero(control != last[0]))
            if len(e):
                ground = ground.copy()
                ground[e] = np.where(control[dst[e]] != side, hostile_cost[e], self._edge_cost[e])
        self._ground[side] = (control.copy(), ground)
        cost = ground.copy()
        if mines is not None:
            # known minefields change seldom: the edges into them and their surcharges are kept from the last call
            got = self._mined.get(side)
            if got is None or not np.array_equal(got[0], mines):
                e = self.edges_into(np.flatnonzero(mines))
                got = self._mined[side] = (mines.copy(), e, self._mines_cost * mines[dst[e]])
            cost[got[1]] += got[2]
        if zoc is None:
            zoc = self.dilate(enemy, 1)
        cost[self.edges_into(np.flatnonzero(zoc))] += ZOC_COST
        cost[self.edges_into(np.flatnonzero(enemy))] = 1e9
        return cost

    def edges_into(self, hexes: NDArray[np.intp]) -> NDArray[np.intp]:
        """The movement graph's edges that enter these hexes (each once if the hexes are distinct)."""
        lo = self._in_ptr[hexes]
        n = self._in_ptr[hexes + 1] - lo
        first = np.cumsum(n) - n
        out: NDArray[np.intp] = self._in_edges[np.repeat(lo - first, n) + np.arange(int(n.sum()))]
        return out

    def reachable(self, cost: NDArray[np.float64], keys: list[tuple[int, float]]
                  ) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
        """For each ``(start hex, allowance)``, the hexes whose march cost from the start is within the
        allowance, over the graph with these edge costs: ``hexes[first[i]: first[i] + size[i]]`` for key
        ``i`` (ascending), returned as ``(hexes, first, size)``.

        Keys that share a start share one search (:func:`game.rules.paths.reach`), as far as the longest
        allowance from there; each key then keeps those of its start's hexes within its own allowance."""
        starts = np.array([h for h, _ in keys], dtype=np.int64)
        allow = np.array([a for _, a in keys], dtype=np.float64)
        # one search per distinct start, as far as the longest allowance from it
        by_start = np.lexsort((-allow, starts))
        src, at = np.unique(starts[by_start], return_index=True)
        far = allow[by_start][at]
        row = np.searchsorted(src, starts)
        t = self.tables
        ptr, cs, val = reach(t.edge_indptr, t.edge_dst, np.asarray(cost, dtype=np.float64), src, far + 1e-9)
        # each key keeps its start's hexes (ascending) within its own allowance
        seg_lo = ptr[:-1][row]
        n = (ptr[1:] - ptr[:-1])[row]
        idx = np.repeat(seg_lo - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
        ok = val[idx] <= np.repeat(allow, n) + 1e-9
        size = np.bincount(np.repeat(np.arange(len(keys)), n)[ok], minlength=len(keys)).astype(np.intp)
        first = (np.cumsum(size) - size).astype(np.intp)
        hexes: NDArray[np.intp] = cs[idx[ok]]
        return hexes, first, size


_DISCS: dict[int, list[tuple[int, int, int]]] = {}


def _disc(radius: int) -> list[tuple[int, int, int]]:
    """Axial offsets (dq, dr, distance) of the hexes within ``radius``."""
    if radius not in _DISCS:
        _DISCS[radius] = [(dq, dr, (abs(dq) + abs(dr) + abs(dq + dr)) // 2)
                          for dq in range(-radius, radius + 1) for dr in range(-radius, radius + 1)
                          if (abs(dq) + abs(dr) + abs(dq + dr)) // 2 <= radius]
    return _DISCS[radius]


_DISC_ARRAYS: dict[tuple[int, float], tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.float64]]] = {}


def _disc_arrays(radius: int, decay: float) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.float64]]:
    """The offsets of :func:`_disc` without the centre, and ``decay**d`` for each."""
    key = (radius, decay)
    if key not in _DISC_ARRAYS:
        ring = [(dq, dr, d) for dq, dr, d in _disc(radius) if d > 0]
        _DISC_ARRAYS[key] = (np.array([x[0] for x in ring], dtype=np.int32), np.array([x[1] for x in ring], dtype=np.int32),
                             np.array([decay**x[2] for x in ring], dtype=np.float64))
    return _DISC_ARRAYS[key]


def ad_range_km(library: Any, equipment: dict[str, int]) -> float:
    lib = library.equipment
    best = 0.0
    for e, n in sorted(equipment.items()):
        spec = lib[e].air_defence if e in lib else None
        if n > 0 and spec is not None:
            best = max(best, float(spec.range_km))
    return best
