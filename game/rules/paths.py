"""Bounded shortest paths over the hex graph: Dijkstra's algorithm, stopped at a cost limit.

Movement, supply traces and the computer players' reach all ask the same
question: which hexes lie within so many movement points of a start, and by
which path (Dijkstra 1959; a binary heap with lazy deletion, as in most
textbook implementations). The searches are short, a few hundred hexes out of
the map's thousands, so what matters is that a search costs what it visits:
the routines here keep their scratch arrays for the whole call and reset only
the hexes a search touched, and return only those hexes.

The graph is the map's edge list in compressed-row form (``indptr``, ``dst``,
one weight per edge, see :class:`game.rules.tables.Tables`). Ties are broken
the same way every time: the heap orders by (cost, hex index), so the same
inputs give the same paths bit for bit in any process.

The loops are compiled with Numba when it is installed (it is a dependency of
the game); without it the same code runs as plain Python, with the same
results, only much more slowly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

try:  # pragma: no cover - which branch runs depends on the installation
    from numba import njit
except ImportError:  # pragma: no cover
    def njit(*_a: Any, **_k: Any) -> Any:  # type: ignore[no-redef]
        def wrap(f: Any) -> Any:
            return f
        return wrap

INF = np.inf


@njit(cache=True, nogil=True)
def _search(indptr: Any, dst: Any, w: Any, sources: Any, limit: float, dist: Any, pred: Any, touched: Any,
            hk: Any, hv: Any) -> int:
    """One search from all ``sources`` at cost 0, as far as ``limit``: fills ``dist``/``pred`` (which must hold
    inf/-1 on entry) for the hexes it reaches, lists them in ``touched[:count]`` in the order they were settled,
    and returns ``count``. Hexes beyond the limit are never entered. ``hk``/``hv`` are the binary heap's keys and
    values, with room for one entry per edge and per source (an entry is pushed only when a cost improves)."""
    size = 0
    count = 0
    for s in sources:
        if dist[s] > 0.0:
            dist[s] = 0.0
            # sift up (cost 0, hex s)
            i = size
            size += 1
            while i > 0:
                p = (i - 1) >> 1
                if hk[p] < 0.0 or (hk[p] == 0.0 and hv[p] < s):
                    break
                hk[i] = hk[p]
                hv[i] = hv[p]
                i = p
            hk[i] = 0.0
            hv[i] = s
    while size > 0:
        d = hk[0]
        u = hv[0]
        size -= 1
        if size > 0:
            # sift the last entry down from the root
            lk = hk[size]
            lv = hv[size]
            i = 0
            while True:
                c = 2 * i + 1
                if c >= size:
                    break
                if c + 1 < size and (hk[c + 1] < hk[c] or (hk[c + 1] == hk[c] and hv[c + 1] < hv[c])):
                    c += 1
                if lk < hk[c] or (lk == hk[c] and lv < hv[c]):
                    break
                hk[i] = hk[c]
                hv[i] = hv[c]
                i = c
            hk[i] = lk
            hv[i] = lv
        if d > dist[u]:
            continue  # a stale entry: u was settled at a lower cost
        touched[count] = u
        count += 1
        for e in range(indptr[u], indptr[u + 1]):
            v = dst[e]
            nd = d + w[e]
            if nd <= limit and nd < dist[v]:
                dist[v] = nd
                pred[v] = u
                i = size
                size += 1
                while i > 0:
                    p = (i - 1) >> 1
                    if hk[p] < nd or (hk[p] == nd and hv[p] < v):
                        break
                    hk[i] = hk[p]
                    hv[i] = hv[p]
                    i = p
                hk[i] = nd
                hv[i] = v
    return count


@njit(cache=True, nogil=True)
def _nearest(indptr: Any, dst: Any, w: Any, sources: Any, limit: float) -> Any:
    n = len(indptr) - 1
    dist = np.full(n, INF)
    pred = np.full(n, -1, dtype=np.int64)
    touched = np.empty(n, dtype=np.int64)
    hk = np.empty(len(dst) + len(sources) + 1, dtype=np.float64)
    hv = np.empty(len(dst) + len(sources) + 1, dtype=np.int64)
    _search(indptr, dst, w, sources, limit, dist, pred, touched, hk, hv)
    return dist


@njit(cache=True, nogil=True)
def _reach(indptr: Any, dst: Any, w: Any, starts: Any, limits: Any) -> Any:
    n = len(indptr) - 1
    dist = np.full(n, INF)
    pred = np.full(n, -1, dtype=np.int64)
    touched = np.empty(n, dtype=np.int64)
    hk = np.empty(len(dst) + 2, dtype=np.float64)
    hv = np.empty(len(dst) + 2, dtype=np.int64)
    ptr = np.zeros(len(starts) + 1, dtype=np.int64)
    cap = 1024
    nodes = np.empty(cap, dtype=np.int64)
    costs = np.empty(cap, dtype=np.float64)
    one = np.empty(1, dtype=np.int64)
    total = 0
    for i in range(len(starts)):
        one[0] = starts[i]
        count = _search(indptr, dst, w, one, limits[i], dist, pred, touched, hk, hv)
        if total + count > cap:
            while total + count > cap:
                cap *= 2
            nn = np.empty(cap, dtype=np.int64)
            nc = np.empty(cap, dtype=np.float64)
            nn[:total] = nodes[:total]
            nc[:total] = costs[:total]
            nodes, costs = nn, nc
        seg = np.sort(touched[:count])
        for j in range(count):
            h = seg[j]
            nodes[total + j] = h
            costs[total + j] = dist[h]
            dist[h] = INF
            pred[h] = -1
        total += count
        ptr[i + 1] = total
    return ptr, nodes[:total].copy(), costs[:total].copy()


@njit(cache=True, nogil=True)
def _routes(indptr: Any, dst: Any, w: Any, starts: Any, limits: Any, move_ptr: Any, allowance: Any, targets: Any,
            q: Any, r: Any) -> Any:
    n = len(indptr) - 1
    dist = np.full(n, INF)
    pred = np.full(n, -1, dtype=np.int64)
    touched = np.empty(n, dtype=np.int64)
    hk = np.empty(len(dst) + 2, dtype=np.float64)
    hv = np.empty(len(dst) + 2, dtype=np.int64)
    nmoves = len(targets)
    path_ptr = np.zeros(nmoves + 1, dtype=np.int64)
    cap = 4 * nmoves + 16
    out = np.empty(cap, dtype=np.int64)
    rev = np.empty(n, dtype=np.int64)
    one = np.empty(1, dtype=np.int64)
    total = 0
    for i in range(len(starts)):
        one[0] = starts[i]
        count = _search(indptr, dst, w, one, limits[i], dist, pred, touched, hk, hv)
        for k in range(move_ptr[i], move_ptr[i + 1]):
            thr = allowance[k]
            t = targets[k]
            end = -1
            if dist[t] <= thr:
                end = t
            else:
                # the reachable hex nearest the target, then the cheapest, then the lowest index
                bh = 1 << 62
                bd = INF
                for j in range(count):
                    h = touched[j]
                    d = dist[h]
                    if d > thr:
                        continue
                    dq = q[h] - q[t]
                    dr = r[h] - r[t]
                    hd = (abs(dq) + abs(dr) + abs(dq + dr)) // 2
                    if hd < bh or (hd == bh and (d < bd or (d == bd and h < end))):
                        bh, bd, end = hd, d, h
            length = 0
            if end >= 0:
                h = end
                rev[0] = h
                length = 1
                while h != starts[i]:
                    h = pred[h]
                    if h < 0:
                        break
                    rev[length] = h
                    length += 1
            if total + length > cap:
                while total + length > cap:
                    cap *= 2
                no = np.empty(cap, dtype=np.int64)
                no[:total] = out[:total]
                out = no
            for j in range(length):
                out[total + j] = rev[length - 1 - j]
            total += length
            path_ptr[k + 1] = total
        for j in range(count):
            h = touched[j]
            dist[h] = INF
            pred[h] = -1
    return path_ptr, out[:total].copy()


def _arrays(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any], NDArray[np.float64]]:
    return np.ascontiguousarray(indptr), np.ascontiguousarray(dst), np.ascontiguousarray(weights, dtype=np.float64)


def nearest(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[np.float64], sources: Any, limit: float) -> NDArray[np.float64]:
    """Cost from the nearest of ``sources`` to every hex, within ``limit`` (``inf`` beyond it or out of reach)."""
    ip, ds, w = _arrays(indptr, dst, weights)
    src = np.unique(np.asarray(sources, dtype=np.int64))
    out: NDArray[np.float64] = _nearest(ip, ds, w, src, float(limit))
    return out


def reach(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[np.float64], starts: Any, limits: Any
          ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """For each start, the hexes within its limit and their costs: ``hexes[ptr[i]:ptr[i + 1]]`` (ascending)
    and ``costs[...]`` for start ``i``, returned as ``(ptr, hexes, costs)``."""
    ip, ds, w = _arrays(indptr, dst, weights)
    out: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]] = _reach(
        ip, ds, w, np.asarray(starts, dtype=np.int64), np.asarray(limits, dtype=np.float64))
    return out


def routes(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[np.float64], starts: Any, limits: Any, move_ptr: Any,
           allowance: Any, targets: Any, q: NDArray[Any], r: NDArray[Any]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Paths for moves grouped by start hex: moves ``move_ptr[i]:move_ptr[i + 1]`` leave from ``starts[i]``, searched
    as far as ``limits[i]`` (at least their largest allowance). Each move goes to its target if that lies within its
    ``allowance``, else to the hex within it nearest the target (then the cheapest, then the lowest index).
    Returns ``(path_ptr, hexes)``: move ``k``'s path, start first, is ``hexes[path_ptr[k]:path_ptr[k + 1]]``."""
    ip, ds, w = _arrays(indptr, dst, weights)
    out: tuple[NDArray[np.int64], NDArray[np.int64]] = _routes(
        ip, ds, w, np.asarray(starts, dtype=np.int64), np.asarray(limits, dtype=np.float64),
        np.asarray(move_ptr, dtype=np.int64), np.asarray(allowance, dtype=np.float64), np.asarray(targets, dtype=np.int64),
        np.ascontiguousarray(q, dtype=np.int64), np.ascontiguousarray(r, dtype=np.int64))
    return out
