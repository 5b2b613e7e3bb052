"""Same scenario, same seed, same players: the same record, byte for byte, in a fresh process."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tmp: Path, seed: int, name: str) -> bytes:
    out = tmp / name
    subprocess.run([sys.executable, "-m", "game", "run", "historical_2020", "--seed", str(seed), "--set", "max_turns=6",
                    "--ai-azerbaijan", "greedy", "--ai-armenia", "greedy", "--json", str(out)],
                   cwd=ROOT, check=True, capture_output=True, env={"PYTHONHASHSEED": str(seed * 7 + len(name)), "PATH": "/usr/bin:/bin"})
    return out.read_bytes()


def test_fresh_processes_give_identical_records(tmp_path: Path) -> None:
    a = run(tmp_path, 3, "a.json")
    b = run(tmp_path, 3, "b.json")
    assert a == b
    assert run(tmp_path, 4, "c.json") != a


def test_replay_and_save_reproduce_the_game(tmp_path: Path) -> None:
    from game.replay import Replay
    from game.run import play_game
    from game.save import load_game, save_game
    from game.scenario.loader import load_scenario

    sc = load_scenario("historical_2020", overrides={"max_turns": 5})
    game = play_game(sc, 9, ("greedy", "greedy"))
    record = game.record()
    assert record["overrides"] == {"max_turns": 5}
    replayed = Replay(record).run_to_end()
    assert replayed.record() == record
    save_game(game, tmp_path / "g.save")
    loaded, _ = load_game(tmp_path / "g.save")
    assert loaded.state.digest() == game.state.digest()


def test_collector_settings_do_not_change_the_game() -> None:
    """Entry points and batch workers collect cycles less often (game.perf); the record is the same
    whether the collector runs at CPython's default pace, at ours, or not at all."""
    import gc

    from game.perf import GC_THRESHOLD, tune_gc
    from game.run import play_game
    from game.scenario.loader import load_scenario

    sc = load_scenario("historical_2020", overrides={"max_turns": 4})
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        default = play_game(sc, 5).record()
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLD
        tuned = play_game(sc, 5).record()
        gc.disable()
        try:
            off = play_game(sc, 5).record()
        finally:
            gc.enable()
    finally:
        gc.set_threshold(*before)
    for r in (default, tuned, off):
        r.pop("wall_s", None)
    assert default == tuned == off
