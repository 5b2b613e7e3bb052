"""A quick run of the scenario fuzzer in CI; `karabakh fuzz --inputs 10000` is the long run quoted in the README."""

from pathlib import Path

import numpy as np

from game.fuzz import ROOT, fuzz, mutate


def test_fuzzer_finds_no_crash(tmp_path: Path) -> None:
    r = fuzz(40, 12345, ROOT / "tests" / "scenario" / "fixtures", 1.0, 200.0, tmp_path, progress=False)
    assert r["loaded"] + r["errors"] == 40
    assert r["errors"] > 0


def test_mutations_are_reproducible() -> None:
    text = "a: 1\nb: [1, 2]\nc: {d: 3}\n"
    one = [mutate(text, np.random.Generator(np.random.PCG64(7))) for _ in range(3)]
    two = [mutate(text, np.random.Generator(np.random.PCG64(7))) for _ in range(3)]
    assert one == two
