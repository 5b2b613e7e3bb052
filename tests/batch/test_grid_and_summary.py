"""Sweep parsing, grid expansion, Wilson intervals and the summary rows, without playing games."""

from __future__ import annotations

import math

import pytest

from game.batch.grid import (
    BatchInputError,
    expand_grid,
    make_tasks,
    parse_set,
    parse_sweep,
    point_key,
    seed_ranges,
    seeds_from_ranges,
)
from game.batch.summary import compact, summarise, wilson


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998), Statistics in Medicine 17:857, table I
        (1, 1, 0.2065, 1.0),
    ],
)
def test_wilson_matches_hand_values(k: int, n: int, lo: float, hi: float) -> None:
    a, b = wilson(k, n)
    assert a == pytest.approx(lo, abs=5e-5)
    assert b == pytest.approx(hi, abs=5e-5)


def test_wilson_of_nothing_is_undefined() -> None:
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_sweep_values_are_yaml_scalars_and_the_grid_is_their_product() -> None:
    sweeps = parse_sweep(["sides.azerbaijan.air.TB2=0,6,12,24", "parameters.combat.attacker_rate=0.05,0.1", "x.flag=true,off,text"])
    assert sweeps[0].values == (0, 6, 12, 24)
    assert sweeps[1].values == (0.05, 0.1)
    assert sweeps[2].values == (True, False, "text")
    grid = expand_grid(sweeps)
    assert len(grid) == 4 * 2 * 3
    assert grid[0] == {"sides.azerbaijan.air.TB2": 0, "parameters.combat.attacker_rate": 0.05, "x.flag": True}
    assert grid[1]["x.flag"] is False and grid[3]["parameters.combat.attacker_rate"] == 0.1
    assert grid[-1] == {"sides.azerbaijan.air.TB2": 24, "parameters.combat.attacker_rate": 0.1, "x.flag": "text"}
    assert len({point_key(p) for p in grid}) == len(grid)
    assert expand_grid([]) == [{}]


def test_sweep_values_may_be_lists_and_dates() -> None:
    (s,) = parse_sweep(["weather.rain=[1, 2],[3]"])
    assert s.values == ([1, 2], [3])
    (d,) = parse_sweep(["end_date=2020-10-20,2020-11-09"])
    assert d.values == ("2020-10-20", "2020-11-09")


@pytest.mark.parametrize(
    ("sets", "sweeps", "message"),
    [
        ([], ["a.b"], "PATH=V1,V2"),
        ([], ["=1,2"], "PATH=V1,V2"),
        ([], ["a.b=1,1"], "repeated"),
        ([], ["a.b=1,,2"], "empty value"),
        ([], ["a.b=1", "a.b=2"], "given twice"),
        (["a.b=1"], ["a.b=2,3"], "both --set and --sweep"),
        (["a.b=1", "a.b=2"], [], "given twice"),
        (["novalue"], [], "PATH=VALUE"),
        (["a.b=[1,"], [], "not a YAML value"),
    ],
)
def test_bad_sweeps_and_sets_are_refused_in_plain_words(sets: list[str], sweeps: list[str], message: str) -> None:
    with pytest.raises(BatchInputError, match=message):
        parse_sweep(sweeps, parse_set(sets))


def test_tasks_cover_every_point_and_seed_once_and_skip_the_done() -> None:
    grid = expand_grid(parse_sweep(["a=1,2,3"]))
    tasks = make_tasks("s", {"b": 0}, grid, range(1, 41), (None, None))
    assert len(tasks) == 120 and len({t.key for t in tasks}) == 120
    assert tasks[0].overrides == {"b": 0, "a": 1} and tasks[0].sweep == {"a": 1}
    # Seeds come in blocks with every point per block, so an interrupted sweep stays balanced.
    assert {t.sweep["a"] for t in tasks[:48]} == {1, 2, 3}
    skip = {(point_key({"a": 2}), 5), (point_key({"a": 3}), 40)}
    rest = make_tasks("s", {}, grid, range(1, 41), (None, None), skip=skip)
    assert len(rest) == 118 and not skip & {t.key for t in rest}


def test_seed_ranges_round_trip() -> None:
    seeds = [1, 2, 3, 7, 9, 10]
    assert seed_ranges(seeds) == [[1, 3], [7, 7], [9, 10]]
    assert seeds_from_ranges(seed_ranges(seeds)) == seeds


def _rec(seed: int, winner: str, end_turn: int, sweep: dict[str, int], town_day: int | None = None, tanks: int = 0) -> dict:
    losses = {k: 0 for k in ("personnel_killed", "tanks", "civilians_killed")}
    return {
        "seed": seed, "sweep": sweep, "winner": winner, "outcome": "draw" if winner == "draw" else "decisive",
        "end_turn": end_turn, "captures": {"Shusha": {"turn": town_day, "date": "x", "by": "azerbaijan"}} if town_day else {},
        "losses": {"azerbaijan": {**losses, "tanks": tanks}, "armenia": dict(losses)},
        "ceasefires": [{"accepted": True, "broke": "armenia"}, {"accepted": False, "broke": None}],
        "agreement": None, "territory": [[100, 50], [110, 40]], "orders": [{"azerbaijan": ["x"] * 1000}],
    }


def test_summary_rows_follow_the_grid_and_count_by_point() -> None:
    grid = [{"a": 2}, {"a": 1}]
    records = [
        _rec(1, "azerbaijan", 30, {"a": 1}, 20, tanks=10),
        _rec(2, "azerbaijan", 40, {"a": 1}, 30, tanks=20),
        _rec(3, "draw", 45, {"a": 1}, None, tanks=30),
        _rec(1, "armenia", 45, {"a": 2}),
        {"seed": 2, "sweep": {"a": 2}, "error": "boom", "traceback": "..."},
        {"seed": 3, "sweep": {"a": 1}, "error": "earlier failure, later played", "traceback": ""},
    ]
    rows = summarise(reversed(records), grid)  # completion order must not matter
    assert [r["a"] for r in rows] == [2, 1]
    two, one = rows
    assert (one["games"], one["failures"], two["games"], two["failures"]) == (3, 0, 1, 1)
    assert one["win_azerbaijan"] == pytest.approx(2 / 3) and one["draw"] == pytest.approx(1 / 3)
    assert one["win_azerbaijan_lo"] < 2 / 3 < one["win_azerbaijan_hi"]
    assert one["win_azerbaijan"] + one["win_armenia"] + one["draw"] == pytest.approx(1)
    assert one["end_turn_median"] == 40 and one["end_turn_p10"] == pytest.approx(32) and one["end_turn_p90"] == pytest.approx(44)
    assert one["captured_Shusha"] == pytest.approx(2 / 3) and one["capture_day_Shusha"] == 25
    assert two["captured_Shusha"] == 0 and math.isnan(two["capture_day_Shusha"])
    assert one["azerbaijan_tanks_median"] == 20 and one["azerbaijan_tanks_p90"] == pytest.approx(28)
    assert one["ceasefires_proposed_mean"] == 2 and one["ceasefires_accepted_mean"] == 1 and one["ceasefires_broken_mean"] == 1
    assert one["territory_gain_median"] == 10
    assert "orders" not in compact(records[0])


def test_summary_columns_follow_the_order_of_the_sweeps_not_of_json_keys() -> None:
    grid = expand_grid(parse_sweep(["z.first=1,2", "a.second=3"]))
    records = [_rec(1, "draw", 5, {"a.second": 3, "z.first": 2}), _rec(1, "draw", 5, {"a.second": 3, "z.first": 1})]
    rows = summarise(records, grid)
    assert list(rows[0])[:2] == ["z.first", "a.second"] and [r["z.first"] for r in rows] == [1, 2]
