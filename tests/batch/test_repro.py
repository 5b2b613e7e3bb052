"""``karabakh repro``: 100 seeds played locally and on Dask give identical records.

The end-to-end test plays 100 seeds of the short ``four_day_war_2016`` scenario on
two local worker processes and on a two-process local Dask cluster (about half a
minute on two cores). The full comparison on the historical scenario is run by
hand (README, "Speed and robustness").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.batch.repro import canonical, cmd_repro, compare_files, first_difference
from game.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("".join(canonical(r) + "\n" for r in records), encoding="utf-8")


def test_the_only_per_run_field_is_left_out_and_the_rest_is_canonical() -> None:
    a = canonical({"seed": 1, "wall_s": 2.5, "b": [1, 2], "a": {"y": 1, "x": 2}})
    b = canonical({"a": {"x": 2, "y": 1}, "b": [1, 2], "wall_s": 9.0, "seed": 1})
    assert a == b == '{"a":{"x":2,"y":1},"b":[1,2],"seed":1}'


def test_first_difference_names_the_path_and_both_values() -> None:
    a = {"seed": 1, "losses": {"armenia": {"tanks": 3}}, "orders": [[1, 2], [3]]}
    assert first_difference(a, json.loads(json.dumps(a))) is None
    b = {"seed": 1, "losses": {"armenia": {"tanks": 4}}, "orders": [[1, 2], [3]]}
    assert first_difference(a, b) == "losses.armenia.tanks: 3 against 4"
    c = {"seed": 1, "losses": {"armenia": {"tanks": 3}}, "orders": [[1, 2], [3, 5]]}
    assert first_difference(a, c) == "orders[1] (length 1 against 2)"
    assert first_difference({"x": 1}, {"x": 1.0}) == "x: 1 against 1.0"


def test_compare_files_finds_differences_failures_and_missing_seeds(tmp_path: Path) -> None:
    recs = [{"seed": s, "digest": f"d{s}", "winner": "azerbaijan"} for s in (1, 2, 3, 4)]
    _write(tmp_path / "local.jsonl", recs)
    _write(tmp_path / "same.jsonl", [dict(r, wall_s=7.0) for r in reversed(recs)])
    same = compare_files(tmp_path / "local.jsonl", tmp_path / "same.jsonl", [1, 2, 3, 4])
    assert same.ok and same.identical == 4 and same.digests == 4

    other = [dict(recs[0], winner="armenia"), recs[1], {"seed": 3, "error": "ValueError: boom\nmore"}]
    _write(tmp_path / "dask.jsonl", other)
    c = compare_files(tmp_path / "local.jsonl", tmp_path / "dask.jsonl", [1, 2, 3, 4])
    assert not c.ok
    assert c.identical == 1 and c.missing == [4]
    assert c.differing[0] == (1, "winner: \"azerbaijan\" against \"armenia\"")
    assert c.failed["dask"] == {3: "ValueError: boom"}


def test_bad_input_is_a_message_and_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.batch.stub import SYNTHETIC

    for argv, message in ((["--games", "0"], "--games"), (["--games", "100001"], "at most 100,000"),
                          (["--set", "max_turns=3", "--max-turns", "2"], "both given")):
        args = build_parser().parse_args(["repro", "synthetic-short", *argv, "--out", str(tmp_path / "r"), "--no-progress"])
        assert cmd_repro(args, loader=SYNTHETIC) == 2
        assert message in capsys.readouterr().err


@pytest.mark.skipif(not (ROOT / "scenarios" / "four_day_war_2016.yaml").exists(), reason="the scenario is not in this checkout")
def test_100_seeds_give_identical_records_locally_and_on_a_local_dask_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "repro"
    args = build_parser().parse_args(["repro", "four_day_war_2016", "--games", "100", "--workers", "2",
                                      "--out", str(out), "--no-progress"])
    assert cmd_repro(args) == 0
    text = capsys.readouterr().out
    assert "IDENTICAL: 100 of 100 seeds" in text
    local = (out / "local.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(local) == 100 and local == (out / "dask.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["seed"] for line in local] == list(range(1, 101))
    assert len({json.loads(line)["digest"] for line in local}) > 50  # the seeds really play different games
