"""Per-map lookup tables that the rules share: terrain names, movement costs per hexside, edge lists.

Built once per (map, parameters) and cached, so that a turn only does array work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from game.hexmap.theatre import RiverClass, RoadClass, Terrain, TheatreMap

TERRAIN_KEYS = tuple(t.name.lower() for t in Terrain)  # index = Terrain value
RIVER_KEYS = {RiverClass.STREAM: "stream", RiverClass.RIVER: "river", RiverClass.MAJOR: "major"}


BLOCKED = 1e9  # an edge weight no movement allowance reaches: the edge is closed


def graph(t: Tables, weights: NDArray[np.float64]) -> csr_matrix:
    """The hex graph with these per-edge weights (same order as ``edge_src``), without any sorting."""
    return csr_matrix((weights, t.edge_dst, t.edge_indptr), shape=(t.n, t.n))


_IN_EDGES: dict[int, tuple[Tables, NDArray[np.int64]]] = {}


def edges_into(t: Tables, hexes: NDArray[np.int64]) -> NDArray[np.int64]:
    """Ids of the edges entering the given hexes, hex by hex, each hex's in ascending order (the per-map index behind it is built once)."""
    hit = _IN_EDGES.get(id(t))
    if hit is None or hit[0] is not t:
        if len(_IN_EDGES) > 16:
            _IN_EDGES.clear()
        # Per hex, the ids of the edges into it, padded with -1 to the widest hex.
        order = np.argsort(t.edge_dst, kind="stable")
        ptr = np.searchsorted(t.edge_dst[order], np.arange(t.n + 1))
        counts = np.diff(ptr)
        table = np.full((t.n, max(1, int(counts.max(initial=0)))), -1, dtype=np.int64)
        table[t.edge_dst[order], np.arange(len(order)) - np.repeat(ptr[:-1], counts)] = order
        hit = _IN_EDGES[id(t)] = (t, table)
    into = hit[1][hexes].ravel()
    out: NDArray[np.int64] = into[into >= 0]
    return out


_LAST = threading.local()  # per thread: games played in threads of one process must not share the memos


class EdgeCostMemo:
    """The last per-edge costs worked out for one purpose (e.g. "side 0 moving"), with the per-hex layers they came from.

    Every cost this memo serves depends only on ``Tables`` and on per-hex layers *of the hex
    entered*; so when the layers change between two calls, only the edges into the hexes where
    some layer changed need working out again, and the rest is kept from the last result.
    :meth:`update` does that diff itself: nothing has to be invalidated by hand, and a memo
    filled by another game (or by the players' look-ahead) is merely a worse starting point.
    Each thread keeps its own memos: games played in threads of one process must not share them.
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def update(self, t: Tables, layers: list[NDArray[Any]],
               compute: Callable[[NDArray[np.int64] | None], NDArray[np.float64]]) -> NDArray[np.float64]:
        """Costs for ``layers``: ``compute(None)`` gives them for every edge, ``compute(edges)`` for some edges.

        ``compute`` must be a function of ``t`` and ``layers`` only, and the layers must not change
        afterwards (the memo keeps them to compare). The result is the memo's own array, which the
        next update of this memo changes in place: use it at once and do not change it (copy it to keep it).
        """
        memo: dict[tuple[int, str], tuple[Tables, list[NDArray[Any]], NDArray[np.float64]]] | None = getattr(_LAST, "costs", None)
        if memo is None:
            memo = _LAST.costs = {}
        hit = memo.get((id(t), self.key))
        cost: NDArray[np.float64]
        if hit is None or hit[0] is not t or len(hit[1]) != len(layers) or any(a.shape != b.shape or a.dtype != b.dtype for a, b in zip(hit[1], layers, strict=True)):
            if len(memo) > 64:
                memo.clear()
            cost = compute(None)
        else:
            changed = hit[1][0] != layers[0] if layers else np.zeros(t.n, dtype=bool)
            if len(layers) > 1:
                scratch = np.empty_like(changed)
                for a, b in zip(hit[1][1:], layers[1:], strict=True):
                    changed |= np.not_equal(a, b, out=scratch)
            hexes = np.flatnonzero(changed)
            if len(hexes) > t.n // 4:
                cost = compute(None)
            else:
                cost = hit[2]
                if len(hexes):
                    edges = edges_into(t, hexes)
                    cost[edges] = compute(edges)
        memo[(id(t), self.key)] = (t, layers, cost)
        return cost


@dataclass(frozen=True)
class Tables:
    n: int
    terrain_key: tuple[str, ...]  # per hex
    passable: NDArray[np.bool_]
    edge_src: NDArray[np.int32]
    edge_dst: NDArray[np.int32]
    edge_dir: NDArray[np.int8]
    edge_cost: NDArray[np.float64]  # movement cost src -> dst without mines or weather
    edge_indptr: NDArray[np.int32]  # CSR row pointers: edges are sorted by source hex
    supply_cost: NDArray[np.float64]  # cost for a supply trace: rivers are crossed at the nearest bridge
    edge_river: NDArray[np.int8]  # river class crossed (0 none)
    edge_road: NDArray[np.int8]
    defence: NDArray[np.float64]  # terrain defence factor per hex
    art_cover: NDArray[np.float64]
    mountainous: NDArray[np.bool_]  # mountains, high mountains, forest: armour counts less
    town_pop: NDArray[np.int32]  # population of the town in the hex, 0 if none
    highland: NDArray[np.bool_]


_CACHE: dict[tuple[int, int], Tables] = {}


def tables_for(theatre: TheatreMap, params: dict[str, Any]) -> Tables:
    key = (id(theatre), hash(repr((params["movement"], params["combat"]["terrain_defence"], params["artillery"]["terrain_cover"], params["weather"]["highland_m"]))))
    t = _CACHE.get(key)
    if t is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
        t = _CACHE[key] = _build(theatre, params)
    return t


def _build(m: TheatreMap, p: dict[str, Any]) -> Tables:
    mv = p["movement"]
    tkey = tuple(TERRAIN_KEYS[int(v)] for v in m.terrain)
    base = np.array([mv["terrain_cost"][k] for k in tkey], dtype=np.float64)
    nb = m.neighbours
    src, dirs = np.nonzero(nb >= 0)
    dst = nb[src, dirs]
    passable = m.passable
    ok = passable[src] & passable[dst]
    src, dirs, dst = src[ok].astype(np.int32), dirs[ok].astype(np.int8), dst[ok].astype(np.int32)
    road = m.road[src, dirs].astype(np.int8)
    river = m.river[src, dirs].astype(np.int8)
    cost = base[dst].copy()
    cost = np.where(road == RoadClass.ROAD, mv["road_cost"], cost)
    cost = np.where(road == RoadClass.MAIN, mv["main_road_cost"], cost)
    river_extra = np.zeros(len(src))
    for cls, name in RIVER_KEYS.items():
        river_extra[river == cls] = mv["river_cost"][name]
    supply_cost = cost + np.where(road > 0, 0.0, np.minimum(river_extra, mv["supply_river_cost"]))
    cost = cost + np.where(road > 0, 0.0, river_extra)
    defence = np.array([p["combat"]["terrain_defence"][k] for k in tkey])
    cover = np.array([p["artillery"]["terrain_cover"][k] for k in tkey])
    mountainous = np.isin(m.terrain, [Terrain.MOUNTAINS, Terrain.HIGH_MOUNTAINS, Terrain.FOREST])
    pop = np.zeros(m.n, dtype=np.int32)
    for town in m.towns:
        pop[town.hex_index] = max(pop[town.hex_index], town.population)
    return Tables(
        n=m.n, terrain_key=tkey, passable=passable, edge_src=src.astype(np.int32), edge_dst=dst, edge_dir=dirs.astype(np.int8),
        edge_cost=cost, edge_indptr=np.searchsorted(src, np.arange(m.n + 1)).astype(np.int32), supply_cost=supply_cost, edge_river=river, edge_road=road, defence=defence, art_cover=cover,
        mountainous=mountainous, town_pop=pop, highland=m.elev_mean >= p["weather"]["highland_m"],
    )
