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

from game.hexmap.hexgrid import hex_distance_arrays
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
        mv = params["movement"]
        self._enemy_cost = float(mv.get("enemy_territory_cost", 0.0))
        self._fort_cost = float(mv.get("fort_cost", 0.0))
        self._mines_cost = float(mv.get("mines_cost", 0.0))

    # --- fields --------------------------------------------------------------------
    def spread(self, field: NDArray[np.float64], steps: int, decay: float) -> NDArray[np.float64]:
        """Diffuse a field: each step a hex takes ``decay`` times its strongest neighbour (max-plus kernel)."""
        out = field.copy()
        for _ in range(steps):
            nbmax = np.where(self.valid, out[self.nb], 0.0).max(axis=1)
            np.maximum(out, decay * nbmax, out=out)
        return out

    def dilate(self, mask: NDArray[np.bool_], steps: int = 1) -> NDArray[np.bool_]:
        out = mask.copy()
        for _ in range(steps):
            out = out | (out[self.nb] & self.valid).any(axis=1)
        return out

    def hex_dist(self, a: int, hexes: NDArray[np.integer] | None = None) -> NDArray[np.int32]:
        if hexes is None:
            return hex_distance_arrays(self.q[a], self.r[a], self.q, self.r)
        return hex_distance_arrays(self.q[a], self.r[a], self.q[hexes], self.r[hexes])

    def dist_to_set(self, hexes: NDArray[np.integer], steps: int) -> NDArray[np.int32]:
        """Hex steps to the nearest hex of a set, up to ``steps`` (``steps + 1`` beyond)."""
        d = np.full(self.n, steps + 1, dtype=np.int32)
        mask = np.zeros(self.n, dtype=bool)
        mask[hexes] = True
        d[mask] = 0
        for k in range(1, steps + 1):
            grown = self.dilate(mask, 1)
            d[grown & ~mask] = k
            mask = grown
        return d

    # --- movement as the side can foresee it ------------------------------------------
    def side_graph(self, side: int, control: NDArray[np.int8], enemy: NDArray[np.bool_],
                   mines: NDArray[np.float64] | None) -> csr_matrix:
        """The engine's movement graph rebuilt from the side's knowledge (known enemies only)."""
        t = self.tables
        dst = t.edge_dst
        cost = t.edge_cost.astype(np.float64).copy()
        hostile = control[dst] != side
        cost += hostile * (self._enemy_cost + self._fort_cost * self.fort[dst] * (self.control0[dst] != side))
        if mines is not None:
            cost += self._mines_cost * mines[dst]
        zoc = self.dilate(enemy, 1)
        cost += ZOC_COST * zoc[dst]
        cost[enemy[dst]] = 1e9
        return graph(t, cost)


def ad_range_km(library: Any, equipment: dict[str, int]) -> float:
    lib = library.equipment
    best = 0.0
    for e, n in sorted(equipment.items()):
        spec = lib[e].air_defence if e in lib else None
        if n > 0 and spec is not None:
            best = max(best, float(spec.range_km))
    return best
