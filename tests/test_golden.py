"""The golden playthrough: one seeded game, turn by turn, checked in. Regenerate on purpose with
``python tools/golden.py --update`` when the rules change, and read the diff."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import golden  # noqa: E402


def test_golden_playthrough_unchanged() -> None:
    expected = golden.golden_path().read_text(encoding="utf-8")
    assert golden.playthrough() == expected, "the rules changed the golden game: run `python tools/golden.py` to see the diff"
