"""The bounded shortest-path searches against scipy's Dijkstra, on the real map with random edge costs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra

from game.engine import Game
from game.hexmap.hexgrid import hex_distance_arrays
from game.rules import paths
from game.rules.tables import BLOCKED, graph, tables_for
from game.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def world():
    st = Game(load_scenario("historical_2020"), 1).state
    return st.theatre, tables_for(st.theatre, st.params)


def _weights(t, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = t.edge_cost * rng.uniform(0.5, 1.5, len(t.edge_cost))
    w[rng.random(len(w)) < 0.05] = BLOCKED  # closed hexsides, as into enemy-held hexes
    return w


def _same_costs(got: np.ndarray, want: np.ndarray) -> None:
    """The same hexes reached (finite), at the same costs."""
    assert np.array_equal(np.isfinite(got), np.isfinite(want))
    ok = np.isfinite(want)
    assert np.allclose(got[ok], want[ok], rtol=0, atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_reach_gives_scipys_hexes_and_costs(world, seed: int) -> None:
    _, t = world
    rng = np.random.default_rng(seed)
    w = _weights(t, seed)
    starts = np.sort(rng.choice(np.flatnonzero(t.passable), 12, replace=False))
    limits = rng.uniform(0.0, 20.0, len(starts))
    ptr, hexes, costs = paths.reach(t.edge_indptr, t.edge_dst, w, starts, limits)
    g = graph(t, w)
    for i, s in enumerate(starts):
        d = dijkstra(g, directed=True, indices=int(s), limit=float(limits[i]))
        want = np.flatnonzero(np.isfinite(d))
        got = hexes[ptr[i]:ptr[i + 1]]
        assert np.array_equal(got, want)  # ascending, the same set
        assert np.allclose(costs[ptr[i]:ptr[i + 1]], d[want], rtol=0, atol=1e-9)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), limit=st.floats(0.0, 60.0))
def test_nearest_is_scipys_min_only(world, seed: int, limit: float) -> None:
    _, t = world
    rng = np.random.default_rng(seed)
    w = _weights(t, seed)
    sources = rng.choice(np.flatnonzero(t.passable), 6, replace=False)
    got = paths.nearest(t.edge_indptr, t.edge_dst, w, sources, limit)
    want = dijkstra(graph(t, w), directed=True, indices=sources, min_only=True, limit=limit)
    _same_costs(got, want)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_routes_are_shortest_and_go_as_near_as_they_can(world, seed: int) -> None:
    m, t = world
    rng = np.random.default_rng(seed)
    w = _weights(t, seed)
    land = np.flatnonzero(t.passable)
    starts = np.sort(rng.choice(land, 5, replace=False))
    per = 3  # three moves from each start, with their own allowances and targets
    allowance = rng.uniform(0.5, 12.0, len(starts) * per)
    limits = allowance.reshape(-1, per).max(axis=1)
    targets = rng.choice(land, len(allowance))
    move_ptr = np.arange(0, len(allowance) + 1, per)
    path_ptr, hexes = paths.routes(t.edge_indptr, t.edge_dst, w, starts, limits, move_ptr, allowance, targets, m.q, m.r)
    g = graph(t, w)
    edge = {(int(a), int(b)): float(c) for a, b, c in zip(t.edge_src, t.edge_dst, w, strict=True)}
    for k in range(len(allowance)):
        s = int(starts[k // per])
        path = hexes[path_ptr[k]:path_ptr[k + 1]].tolist()
        assert path[0] == s
        d = dijkstra(g, directed=True, indices=s, limit=float(allowance[k]))
        cost = sum(edge[(a, b)] for a, b in zip(path[:-1], path[1:], strict=False))
        end = path[-1]
        assert cost == pytest.approx(d[end], abs=1e-9)  # a shortest path to where it ends
        within = np.flatnonzero(np.isfinite(d))
        if np.isfinite(d[targets[k]]):
            assert end == targets[k]
        else:
            # the reachable hex nearest the target, then the cheapest, then the lowest index
            hd = hex_distance_arrays(m.q[within], m.r[within], m.q[targets[k]], m.r[targets[k]])
            best = min(zip(hd.tolist(), d[within].tolist(), within.tolist(), strict=True))
            assert end == best[2]


def test_ties_break_the_same_way_every_time(world, monkeypatch) -> None:
    """Uniform costs make many equal paths: the chosen one depends on the inputs alone, so the compiled
    search and its Python twin (a different heap, the same order of entries) pick the same one."""
    m, t = world
    w = np.ones(len(t.edge_cost))
    starts = np.array([100, 2000, 4000])
    args = (t.edge_indptr, t.edge_dst, w, starts, np.full(3, 8.0), np.arange(4), np.full(3, 8.0), np.array([130, 2090, 4400]), m.q, m.r)
    first = paths.routes(*args)
    monkeypatch.setattr(paths, "_paths", None)
    for _ in range(3):
        again = paths.routes(*args)
        assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))


def test_a_start_always_reaches_itself(world) -> None:
    m, t = world
    w = np.full(len(t.edge_cost), BLOCKED)  # every hexside closed
    ptr, hexes, costs = paths.reach(t.edge_indptr, t.edge_dst, w, [5, 9], [10.0, 0.0])
    assert hexes.tolist() == [5, 9] and costs.tolist() == [0.0, 0.0] and ptr.tolist() == [0, 1, 2]
    path_ptr, route = paths.routes(t.edge_indptr, t.edge_dst, w, [5], [10.0], [0, 1], [10.0], [700], m.q, m.r)
    assert route.tolist() == [5]


def test_compiled_and_plain_python_agree(world, monkeypatch) -> None:
    """Without the C extension the same algorithm runs in Python: it must give the same answers, bit for bit."""
    m, t = world
    assert paths.COMPILED, "the C extension is not built (pip install -e . builds it)"
    w = _weights(t, 7)
    starts, limits = np.array([300, 3000, 5000]), np.array([6.0, 9.0, 14.0])
    calls = [
        lambda: paths.routes(t.edge_indptr, t.edge_dst, w, starts, limits, [0, 2, 3, 4], [6.0, 3.0, 9.0, 14.0],
                             [330, 360, 3100, 90], m.q, m.r),
        lambda: paths.reach(t.edge_indptr, t.edge_dst, w, starts, limits),
        lambda: (paths.nearest(t.edge_indptr, t.edge_dst, w, starts, 30.0),),
        lambda: (paths.nearest(t.edge_indptr, t.edge_dst, w, starts[:1], 30.0, [3100, 4000, 5000, 6000], 12.0),),
    ]
    compiled = [c() for c in calls]
    monkeypatch.setattr(paths, "_paths", None)
    for want, call in zip(compiled, calls, strict=True):
        got = call()
        assert all(np.array_equal(a, b) for a, b in zip(want, got, strict=True))


def test_bad_hexes_are_refused(world) -> None:
    m, t = world
    w = np.ones(len(t.edge_cost))
    with pytest.raises(IndexError, match="outside the map"):
        paths.reach(t.edge_indptr, t.edge_dst, w, [t.n], [3.0])
    with pytest.raises(IndexError, match="outside the map"):
        paths.nearest(t.edge_indptr, t.edge_dst, w, [-1], 3.0)


def test_searches_longer_than_the_first_buffer(world) -> None:
    """A search that reaches most of the map overflows the first output buffer and is run again with room."""
    m, t = world
    w = np.ones(len(t.edge_cost))
    ptr, hexes, _ = paths.reach(t.edge_indptr, t.edge_dst, w, [3000], [1e6])
    want = np.flatnonzero(np.isfinite(dijkstra(graph(t, w), directed=True, indices=3000)))
    assert len(want) > 600 and np.array_equal(hexes, want)
    far = int(want[-1])
    path_ptr, route = paths.routes(t.edge_indptr, t.edge_dst, w, [3000], [1e6], [0, 1], [1e6], [far], m.q, m.r)
    assert route[0] == 3000 and route[-1] == far and len(route) > 48


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), depot_range=st.floats(0.0, 30.0))
def test_forward_depots_give_the_cost_from_the_nearest_source_or_depot(world, seed: int, depot_range: float) -> None:
    """Depots reached within their range become sources: the result is scipy's search from the sources and
    those depots together."""
    _, t = world
    rng = np.random.default_rng(seed)
    w = _weights(t, seed)
    land = np.flatnonzero(t.passable)
    sources = rng.choice(land, 3, replace=False)
    depots = rng.choice(land, 8, replace=False)
    g = graph(t, w)
    first = dijkstra(g, directed=True, indices=sources, min_only=True, limit=40.0)
    used = [int(h) for h in depots if 0.0 < first[h] <= depot_range]
    want = dijkstra(g, directed=True, indices=np.concatenate([sources, used]).astype(np.int64), min_only=True, limit=40.0)
    got = paths.nearest(t.edge_indptr, t.edge_dst, w, sources, 40.0, depots, depot_range)
    _same_costs(got, want)
