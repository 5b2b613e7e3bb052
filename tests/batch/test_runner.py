"""``karabakh batch`` end to end on the synthetic scenario: backends, resume, failures, outputs, bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from game.batch.backends import DIED
from game.batch.store import BACKUP, repair_tail
from tests.batch.conftest import Batch, canonical, lines

SWEEP = "sides.azerbaijan.air.TB2=0,8"


COMMON = ("synthetic-short", "--games", "4", "--sweep", SWEEP)


@pytest.fixture(scope="module")
def in_process(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The reference: the games played in this process (``--workers 1``)."""
    from game.batch.commands import cmd_batch
    from game.cli import build_parser
    from tests.batch.stub import SYNTHETIC

    out = tmp_path_factory.mktemp("w1")
    args = build_parser().parse_args(["batch", *COMMON, "--out", str(out), "--workers", "1", "--no-progress"])
    assert cmd_batch(args, loader=SYNTHETIC) == 0
    rec = lines(out)[0]
    assert rec["sweep"] in ({"sides.azerbaijan.air.TB2": 0}, {"sides.azerbaijan.air.TB2": 8})
    assert rec["overrides"] == rec["sweep"] and rec["wall_s"] >= 0
    return canonical(out)


def test_records_are_identical_in_process_and_with_two_worker_processes(batch: Batch, tmp_path: Path, in_process: list[str]) -> None:
    assert batch(*COMMON, "--out", str(tmp_path / "w2"), "--workers", "2") == 0
    assert len(in_process) == 8 and in_process == canonical(tmp_path / "w2")


def test_records_are_identical_on_a_local_dask_cluster(batch: Batch, tmp_path: Path, in_process: list[str]) -> None:
    pytest.importorskip("distributed")
    assert batch(*COMMON, "--out", str(tmp_path / "dask"), "--workers", "2", "--backend", "dask") == 0
    assert in_process == canonical(tmp_path / "dask")


def test_resume_after_a_torn_write_has_no_duplicates_and_no_losses(batch: Batch, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert batch("synthetic-short", "--games", "3", "--out", str(out)) == 0
    done = (out / "results.jsonl").read_text(encoding="utf-8")
    torn = json.dumps({"seed": 4, "sweep": {}, "winner": "draw"})[:25]
    with open(out / "results.jsonl", "a", encoding="utf-8") as f:
        f.write(torn)  # a crash in the middle of a write
    assert batch("synthetic-short", "--games", "6", "--out", str(out), "--resume") == 0
    recs = lines(out)
    assert sorted(r["seed"] for r in recs) == [1, 2, 3, 4, 5, 6]
    assert (out / "results.jsonl").read_text(encoding="utf-8").startswith(done)
    assert (out / BACKUP).read_text(encoding="utf-8") == torn + "\n"
    assert batch("synthetic-short", "--games", "6", "--out", str(tmp_path / "fresh")) == 0
    assert canonical(out) == canonical(tmp_path / "fresh")
    manifest = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert manifest["seeds"] == [[1, 6]] and len(manifest["resumed"]) == 1


def test_games_zero_with_resume_only_resummarises(batch: Batch, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert batch("synthetic-short", "--games", "2", "--out", str(out)) == 0
    before = (out / "results.jsonl").read_bytes()
    (out / "summary.csv").unlink()
    (out / "report.png").unlink()
    assert batch("synthetic-short", "--games", "0", "--out", str(out), "--resume") == 0
    assert (out / "results.jsonl").read_bytes() == before
    assert (out / "summary.csv").exists() and (out / "report.png").stat().st_size > 0


def test_resume_refuses_a_different_batch_and_a_fresh_run_refuses_a_used_folder(
        batch: Batch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "b")
    assert batch("synthetic-short", "--games", "1", "--out", out, "--sweep", SWEEP) == 0
    capsys.readouterr()
    assert batch("synthetic-short", "--games", "1", "--out", out, "--sweep", "sides.azerbaijan.air.TB2=0,4", "--resume") == 2
    err = capsys.readouterr().err
    assert "cannot resume" in err and "sweep" in err and "Traceback" not in err
    assert batch("synthetic-short", "--games", "1", "--out", out, "--sweep", SWEEP, "--set", "max_turns=3", "--resume") == 2
    assert "overrides" in capsys.readouterr().err
    assert batch("synthetic-short", "--games", "1", "--out", out, "--sweep", SWEEP) == 2
    assert "already holds a batch" in capsys.readouterr().err
    assert batch("synthetic-short", "--games", "1", "--out", str(tmp_path / "none"), "--resume") == 2
    assert "nothing to resume" in capsys.readouterr().err
    # Left out of a resume, the sweep comes from batch.json (and --games 0 plays nothing).
    assert batch("synthetic-short", "--games", "0", "--out", out, "--resume") == 0
    assert "TB2" in capsys.readouterr().out


def test_a_failing_game_is_recorded_with_its_traceback_and_the_batch_goes_on(batch: Batch, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert batch("synthetic-short", "--games", "7", "--out", str(out), "--workers", "2",
                 "--ai-azerbaijan", "tests.batch.stub:FailingAgent") == 0
    recs = lines(out)
    failed = sorted(r["seed"] for r in recs if "error" in r)
    assert failed == [3, 6]
    bad = next(r for r in recs if r["seed"] == 3)
    assert set(bad) == {"seed", "sweep", "error", "traceback"}
    assert "planned failure on seed 3" in bad["error"] and "FailingAgent" not in bad["error"]
    assert "Traceback" in bad["traceback"] and "orders" in bad["traceback"]
    assert sorted(r["seed"] for r in recs if "error" not in r) == [1, 2, 4, 5, 7]
    with open(out / "summary.csv", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert (row["games"], row["failures"]) == ("5", "2")
    # Resume plays the failures again (they fail again: still 2 failures, 5 games, no duplicates).
    assert batch("synthetic-short", "--games", "7", "--out", str(out), "--resume",
                 "--ai-azerbaijan", "tests.batch.stub:FailingAgent") == 0
    recs = lines(out)
    assert len(recs) == 9 and sorted(r["seed"] for r in recs if "error" in r) == [3, 3, 6, 6]


def test_a_worker_process_that_dies_is_replaced_and_its_game_marked_failed(batch: Batch, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert batch("synthetic-short", "--games", "6", "--out", str(out), "--workers", "2",
                 "--ai-azerbaijan", "tests.batch.stub:DyingAgent") == 0
    recs = lines(out)
    assert sorted(r["seed"] for r in recs) == [1, 2, 3, 4, 5, 6]
    (dead,) = [r for r in recs if "error" in r]
    assert dead["seed"] == 4 and dead["error"] == DIED


def test_ctrl_c_keeps_finished_games_and_says_how_to_resume(
        batch: Batch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b"
    assert batch("synthetic-short", "--games", "5", "--out", str(out), "--ai-armenia", "tests.batch.stub:InterruptAgent") == 130
    assert [r["seed"] for r in lines(out)] == [1, 2]
    err = capsys.readouterr().err
    assert "--resume" in err and f"--out {out}" in err and "--games 5" in err
    assert batch("synthetic-short", "--games", "5", "--out", str(out), "--resume", "--ai-armenia", "greedy") == 2
    assert "players" in capsys.readouterr().err
    # Players, --set and --sweep left out of a resume come from batch.json: InterruptAgent stops at seed 3 again.
    assert batch("synthetic-short", "--games", "5", "--out", str(out), "--resume") == 130
    capsys.readouterr()
    assert batch("synthetic-short", "--games", "2", "--out", str(out), "--resume") == 0
    assert "3 game(s) not asked for" in capsys.readouterr().err  # seeds 3-5 stay unplayed, and it says so


def test_sweep_writes_a_summary_row_per_point_and_a_report(batch: Batch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b"
    assert batch("synthetic-short", "--games", "3", "--out", str(out), "--workers", "1",
                 "--sweep", SWEEP, "--sweep", "max_turns=3,5", "--set", "parameters.combat.attacker_rate=0.05") == 0
    with open(out / "summary.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["sides.azerbaijan.air.TB2"], r["max_turns"]) for r in rows] == [("0", "3"), ("0", "5"), ("8", "3"), ("8", "5")]
    for r in rows:
        assert r["games"] == "3" and r["failures"] == "0"
        p = [float(r[k]) for k in ("win_azerbaijan", "win_armenia", "draw")]
        assert sum(p) == pytest.approx(1)
        assert float(r["draw_lo"]) <= float(r["draw"]) <= float(r["draw_hi"])
        assert float(r["end_turn_median"]) <= float(r["max_turns"])
        assert float(r["azerbaijan_personnel_killed_p10"]) <= float(r["azerbaijan_personnel_killed_median"]) <= float(r["azerbaijan_personnel_killed_p90"])
    recs = lines(out)
    assert all(r["overrides"]["parameters.combat.attacker_rate"] == 0.05 for r in recs)
    png = (out / "report.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    table = capsys.readouterr().out
    assert "TB2" in table and "max_turns" in table and "Wilson" in table
    manifest = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert manifest["overrides"] == {"parameters.combat.attacker_rate": 0.05} and len(manifest["grid"]) == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--set", "sides.azerbaijan.nonsense=1"), "nonsense"),
        (("--sweep", "sides.azerbaijan.air.TB2"), "PATH=V1,V2"),
        (("--set", "parameters.combat.no_such_rate=1"), "unknown parameter"),
        (("--ai-azerbaijan", "nobody"), "unknown computer player"),
        (("--games", "-1"), "--games"),
        (("--workers", "0"), "--workers"),
        (("--workers", "100000"), "or a running Dask cluster"),
        (("--workers", "10001", "--backend", "dask", "--scheduler", "tcp://127.0.0.1:1"), "at most 10,000"),
        (("--workers", "100000", "--backend", "dask"), "or a running Dask cluster"),
        (("--scheduler", "tcp://127.0.0.1:1"), "--backend dask"),
        (("--games", "100001"), "a batch plays at most 100,000"),
        (("--games", "30000", "--sweep", "sides.azerbaijan.air.TB2=0,6,12,24"), "120,000 games; a batch plays at most 100,000"),
        (("--sweep", "sides.azerbaijan.air.TB2=" + ",".join(map(str, range(101))),
          "--sweep", "sides.armenia.air.Su-25=" + ",".join(map(str, range(100)))), "10,100 points (101 × 100)"),
    ],
)
def test_bad_input_is_a_message_and_exit_code_2(batch: Batch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                argv: tuple[str, ...], message: str) -> None:
    assert batch("synthetic-short", "--games", "1", "--out", str(tmp_path / "b"), *argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "b" / "results.jsonl").exists()


def test_an_unknown_scenario_is_exit_code_2(batch: Batch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert batch("no_such_scenario", "--games", "1", "--out", str(tmp_path / "b")) == 2
    assert "unknown scenario" in capsys.readouterr().err


def test_repair_tail_keeps_whole_lines_and_refuses_a_bad_middle_line(tmp_path: Path) -> None:
    p = tmp_path / "results.jsonl"
    p.write_text('{"seed": 1}\n{"seed": 2}', encoding="utf-8")  # whole record, newline lost
    assert repair_tail(p) is None and p.read_text(encoding="utf-8") == '{"seed": 1}\n{"seed": 2}\n'
    p.write_text('{"seed": 1}\n{"se', encoding="utf-8")
    assert "incomplete last line" in (repair_tail(p, chunk=3) or "")
    assert p.read_text(encoding="utf-8") == '{"seed": 1}\n'
    p.write_text('{"se', encoding="utf-8")
    assert repair_tail(p) and p.read_text(encoding="utf-8") == ""
    from game.batch.grid import BatchInputError
    from game.batch.store import iter_records

    p.write_text('{"seed": 1}\nrubbish\n{"seed": 3}\n', encoding="utf-8")
    with pytest.raises(BatchInputError, match=r"results.jsonl:2"):
        list(iter_records(p))


def test_the_historical_scenario_through_the_real_loader(batch: Batch, tmp_path: Path) -> None:
    from game.batch.grid import DEFAULT_LOADER

    if not (Path(__file__).resolve().parents[2] / "scenarios" / "historical_2020.yaml").exists():
        pytest.skip("the historical scenario is not in this checkout")
    out = tmp_path / "h"
    assert batch("historical_2020", "--games", "2", "--set", "max_turns=3", "--sweep", "sides.azerbaijan.air.TB2=0,12",
                 "--out", str(out), loader=DEFAULT_LOADER) == 0
    recs = lines(out)
    assert len(recs) == 4 and all("error" not in r and r["end_turn"] <= 3 for r in recs)
    assert {r["overrides"]["sides.azerbaijan.air.TB2"] for r in recs} == {0, 12}


def test_a_set_past_a_scenario_limit_is_a_located_message_before_any_game(batch: Batch, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from game.batch.grid import DEFAULT_LOADER

    if not (Path(__file__).resolve().parents[2] / "scenarios" / "four_day_war_2016.yaml").exists():
        pytest.skip("the scenario is not in this checkout")
    out = tmp_path / "b"
    assert batch("four_day_war_2016", "--games", "1", "--set", "max_turns=1000", "--out", str(out), loader=DEFAULT_LOADER) == 2
    err = capsys.readouterr().err
    assert "<overrides>: max_turns: must be at most 400, got 1000" in err and "Traceback" not in err
    assert not out.exists()


def test_an_out_folder_that_is_a_file_is_exit_code_2(batch: Batch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert batch("synthetic-short", "--games", "1", "--out", str(tmp_path / "f")) == 2
    assert "is a file" in capsys.readouterr().err


def test_a_folder_reads_back_into_the_same_summary(batch: Batch, tmp_path: Path) -> None:
    from game.batch.store import read_folder
    from game.batch.summary import summarise

    out = tmp_path / "b"
    assert batch("synthetic-short", "--games", "3", "--out", str(out), "--sweep", SWEEP) == 0
    manifest, records = read_folder(out)
    assert manifest is not None and len(records) == 6
    rows = summarise(records, manifest["grid"])
    with open(out / "summary.csv", encoding="utf-8") as f:
        csv_rows = list(csv.DictReader(f))
    assert [r["games"] for r in rows] == [int(r["games"]) for r in csv_rows] == [3, 3]
    assert [round(r["draw"], 4) for r in rows] == [float(r["draw"]) for r in csv_rows]
