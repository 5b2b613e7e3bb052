"""Invariants of the grid and the summary, for any sweeps and any completion order."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from game.batch.grid import Sweep, expand_grid, make_tasks, point_key
from game.batch.summary import summarise

values = st.one_of(st.integers(-5, 50), st.booleans(), st.sampled_from(["a", "b", "2020-10-01"]), st.floats(0, 1, allow_nan=False))
sweeps = st.lists(
    st.tuples(st.sampled_from(["a.b", "c", "d.e.f", "g"]), st.lists(values, min_size=1, max_size=4, unique_by=json.dumps)),
    max_size=3, unique_by=lambda t: t[0],
).map(lambda items: [Sweep(p, tuple(v)) for p, v in items])


@given(sweeps, st.sets(st.integers(0, 40), max_size=20), st.data())
@settings(max_examples=60, deadline=None)
def test_tasks_are_the_grid_times_the_seeds_minus_the_done(sw: list[Sweep], seeds: set[int], data: st.DataObject) -> None:
    grid = expand_grid(sw)
    assert len(grid) == math.prod(len(s.values) for s in sw)
    assert len({point_key(p) for p in grid}) == len(grid)
    assert all(list(p) == [s.path for s in sw] for p in grid)
    every = {(point_key(p), s) for p in grid for s in seeds}
    done = data.draw(st.sets(st.sampled_from(sorted(every)), max_size=len(every))) if every else set()
    tasks = make_tasks("x", {"fixed": 1}, grid, sorted(seeds), (None, None), skip=done)
    keys = [t.key for t in tasks]
    assert len(keys) == len(set(keys)) and set(keys) == every - done
    assert all(t.overrides == {"fixed": 1, **t.sweep} for t in tasks)


def _game(seed: int, point: int, rng: st.DataObject) -> dict:
    w = rng.draw(st.sampled_from(["azerbaijan", "armenia", "draw"]))
    return {
        "seed": seed, "sweep": {"p": point}, "winner": w, "outcome": "draw" if w == "draw" else "marginal",
        "end_turn": rng.draw(st.integers(1, 45)),
        "captures": {"Shusha": {"turn": rng.draw(st.integers(1, 45)), "by": "azerbaijan"}} if rng.draw(st.booleans()) else {},
        "losses": {s: {"tanks": rng.draw(st.integers(0, 300))} for s in ("azerbaijan", "armenia")},
        "ceasefires": [], "agreement": None, "territory": [[10, 5], [12, 3]],
    }


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_the_summary_does_not_depend_on_completion_order(data: st.DataObject) -> None:
    records = [_game(seed, point, data) for point in (1, 2) for seed in range(1, data.draw(st.integers(1, 12)) + 1)]
    records.append({"seed": 99, "sweep": {"p": 2}, "error": "x", "traceback": ""})
    shuffled = data.draw(st.permutations(records))
    a, b = summarise(records), summarise(shuffled)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    for row in a:
        for name in ("win_azerbaijan", "win_armenia", "draw"):
            assert row[f"{name}_lo"] <= row[name] <= row[f"{name}_hi"]
