"""Bounded shortest paths over the hex graph: Dijkstra's algorithm, stopped at a cost limit.

Movement, supply traces and the computer players' reach all ask the same
question: which hexes lie within so many movement points of a start, and by
which path (Dijkstra 1959; a binary heap with lazy deletion, as in most
textbook implementations). The searches are short, a few hundred hexes out of
the map's thousands, so what matters is that a search costs what it visits:
scratch arrays are set up once per call and only the hexes a search touched
are reset, and only those hexes are returned.

The graph is the map's edge list in compressed-row form (``indptr``, ``dst``,
one weight per edge, see :class:`game.rules.tables.Tables`). The heap orders
its entries by (cost, hex index), a total order: the hexes are settled in the
same order whatever the heap's inner layout, so ties between equal paths are
broken the same way every time and the same inputs give the same paths bit
for bit in any process.

The searches run in a small C extension (``game/rules/_paths.c``, built by
``pip install``). Where it could not be built (no C compiler), the same
algorithm runs in Python (:mod:`heapq` on the same (cost, hex) entries, the
same sums of the same doubles): the same results, several times more slowly.
:data:`COMPILED` says which one is in use.
"""

from __future__ import annotations

import heapq
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

EXTENSION_VERSION = 2  # must equal PATHS_VERSION in _paths.c

try:
    from game.rules import _paths  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the installation
    _paths = None
if _paths is not None and getattr(_paths, "VERSION", None) != EXTENSION_VERSION:  # pragma: no cover
    # a build left over from another version of the game (the source changed since `pip install -e .`)
    warnings.warn("game/rules/_paths: the compiled path searches are out of date; using the Python ones "
                  "(same results, slower). Rebuild them with: pip install -e .", RuntimeWarning, stacklevel=1)
    _paths = None

COMPILED = _paths is not None


def _graph(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[Any]) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.float64]]:
    return (np.ascontiguousarray(indptr, dtype=np.int32), np.ascontiguousarray(dst, dtype=np.int32),
            np.ascontiguousarray(weights, dtype=np.float64))


def _i64(a: Any) -> NDArray[np.int64]:
    return np.ascontiguousarray(a, dtype=np.int64).reshape(-1)


def _f64(a: Any) -> NDArray[np.float64]:
    return np.ascontiguousarray(a, dtype=np.float64).reshape(-1)


def _check(hexes: NDArray[np.int64], n: int) -> None:
    if len(hexes) and (int(hexes.min()) < 0 or int(hexes.max()) >= n):
        bad = int(hexes[(hexes < 0) | (hexes >= n)][0])
        raise IndexError(f"hex {bad} outside the map (0..{n - 1})")


def _filled(call: Callable[..., int], cap: int, dtypes: tuple[Any, ...]) -> list[NDArray[Any]]:
    """Output buffers of these dtypes filled by ``call``, which writes what fits and returns the size it needed:
    called again with room enough when the first guess was short."""
    while True:
        bufs = [np.empty(cap, dtype=d) for d in dtypes]
        need = call(*bufs)
        if need <= cap:
            return [b[:need] for b in bufs]
        cap = need


# --- the same algorithm in Python (used where the extension is not built) -----------------------------------
def _search(indptr: list[int], dst: list[int], w: list[float], sources: list[int], limit: float,
            dist: dict[int, float], pred: dict[int, int]) -> list[int]:
    """One search from the sources at cost 0 as far as ``limit``; fills ``dist``/``pred`` and returns the hexes
    in the order they were settled. The twin of ``search`` in ``_paths.c``."""
    heap: list[tuple[float, int]] = []
    for s in sources:
        if dist.get(s, np.inf) > 0.0:
            dist[s] = 0.0
            heapq.heappush(heap, (0.0, s))
    settled = []
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        settled.append(u)
        for e in range(indptr[u], indptr[u + 1]):
            v = dst[e]
            nd = d + w[e]
            if nd <= limit and nd < dist.get(v, np.inf):
                dist[v] = nd
                pred[v] = u
                heapq.heappush(heap, (nd, v))
    return settled


def _lists(indptr: NDArray[Any], dst: NDArray[Any], w: NDArray[Any]) -> tuple[list[int], list[int], list[float]]:
    return indptr.tolist(), dst.tolist(), w.tolist()


# --- the searches ---------------------------------------------------------------------------------------------
def nearest(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[np.float64], sources: Any, limit: float,
            depots: Any = (), depot_range: float = 0.0) -> NDArray[np.float64]:
    """Cost from the nearest of ``sources`` to every hex, within ``limit`` (``inf`` beyond it or out of reach).

    ``depots`` are hexes that become sources themselves when the search from the sources reaches them
    within ``depot_range`` (forward depots): the result is then the cost from the nearest source or such
    depot. The depots are searched from after the sources, on the costs found so far, entering only hexes
    they reach more cheaply: a hex whose cheaper path from a depot runs through a hex the depot does not
    improve is no cheaper from the depot either, so nothing is missed."""
    ip, ds, w = _graph(indptr, dst, weights)
    n = len(ip) - 1
    src = np.unique(_i64(sources))
    dep = np.unique(_i64(depots))
    _check(src, n)
    _check(dep, n)
    out = np.empty(n, dtype=np.float64)
    if _paths is not None:
        _paths.nearest(ip, ds, w, src, float(limit), dep, float(depot_range), out)
        return out
    dist: dict[int, float] = {}
    lists = _lists(ip, ds, w)
    _search(*lists, src.tolist(), float(limit), dist, {})
    used = [h for h in dep.tolist() if 0.0 < dist.get(h, np.inf) <= depot_range]
    if used:
        _search(*lists, used, float(limit), dist, {})
    out.fill(np.inf)
    if dist:
        out[np.fromiter(dist.keys(), dtype=np.int64, count=len(dist))] = np.fromiter(dist.values(), dtype=np.float64, count=len(dist))
    return out


def reach(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[np.float64], starts: Any, limits: Any
          ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """For each start, the hexes within its limit and their costs: ``hexes[ptr[i]:ptr[i + 1]]`` (ascending)
    and ``costs[...]`` for start ``i``, returned as ``(ptr, hexes, costs)``."""
    ip, ds, w = _graph(indptr, dst, weights)
    n = len(ip) - 1
    st, lim = _i64(starts), _f64(limits)
    if len(st) != len(lim):
        raise ValueError("reach: one limit per start")
    _check(st, n)
    ptr = np.zeros(len(st) + 1, dtype=np.int64)
    if _paths is not None:
        hexes, costs = _filled(lambda h, c: _paths.reach(ip, ds, w, st, lim, ptr, h, c), 512 * len(st) + 16, (np.int64, np.float64))
        return ptr, hexes, costs
    lists = _lists(ip, ds, w)
    hx: list[int] = []
    cs: list[float] = []
    for i, (s, limit) in enumerate(zip(st.tolist(), lim.tolist(), strict=True)):
        dist: dict[int, float] = {}
        found = sorted(_search(*lists, [s], limit, dist, {}))
        hx += found
        cs += [dist[h] for h in found]
        ptr[i + 1] = len(hx)
    return ptr, np.array(hx, dtype=np.int64), np.array(cs, dtype=np.float64)


def routes(indptr: NDArray[Any], dst: NDArray[Any], weights: NDArray[np.float64], starts: Any, limits: Any, move_ptr: Any,
           allowance: Any, targets: Any, q: NDArray[Any], r: NDArray[Any]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Paths for moves grouped by start hex: moves ``move_ptr[i]:move_ptr[i + 1]`` leave from ``starts[i]``, searched
    as far as ``limits[i]`` (at least their largest allowance). Each move goes to its target if that lies within its
    ``allowance``, else to the hex within it nearest the target (then the cheapest, then the lowest index).
    Returns ``(path_ptr, hexes)``: move ``k``'s path, start first, is ``hexes[path_ptr[k]:path_ptr[k + 1]]``."""
    ip, ds, w = _graph(indptr, dst, weights)
    n = len(ip) - 1
    st, lim, mp = _i64(starts), _f64(limits), _i64(move_ptr)
    al, tg, qq, rr = _f64(allowance), _i64(targets), _i64(q), _i64(r)
    if len(lim) != len(st) or len(mp) != len(st) + 1 or len(al) != len(tg) or (len(mp) and (mp[0] != 0 or mp[-1] != len(tg))):
        raise ValueError("routes: arrays of inconsistent sizes")
    _check(st, n)
    _check(tg, n)
    path_ptr = np.zeros(len(tg) + 1, dtype=np.int64)
    if _paths is not None:
        (hexes,) = _filled(lambda h: _paths.routes(ip, ds, w, st, lim, mp, al, tg, qq, rr, path_ptr, h), 32 * len(tg) + 16, (np.int64,))
        return path_ptr, hexes
    lists = _lists(ip, ds, w)
    qs, rs = qq.tolist(), rr.tolist()
    out: list[int] = []
    bounds = mp.tolist()
    for i, (s, limit) in enumerate(zip(st.tolist(), lim.tolist(), strict=True)):
        dist: dict[int, float] = {}
        pred: dict[int, int] = {}
        settled = _search(*lists, [s], limit, dist, pred)
        for k in range(bounds[i], bounds[i + 1]):
            thr, t = float(al[k]), int(tg[k])
            if dist.get(t, np.inf) <= thr:
                end = t
            else:
                best = min(((abs(qs[h] - qs[t]) + abs(rs[h] - rs[t]) + abs(qs[h] - qs[t] + rs[h] - rs[t])) // 2, dist[h], h)
                           for h in settled if dist[h] <= thr)
                end = best[2]
            path = [end]
            while path[-1] != s:
                prev = pred.get(path[-1], -1)
                if prev < 0:
                    break
                path.append(prev)
            out += path[::-1]
            path_ptr[k + 1] = len(out)
    return path_ptr, np.array(out, dtype=np.int64)
