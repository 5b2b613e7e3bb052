"""The engine must import and run with pygame absent (only game.ui may import it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import sys
sys.modules['pygame'] = None
import game.engine, game.view, game.orders, game.events, game.save, game.replay, game.run, game.record
import game.ui.session
from tests.engine.synthetic import make_scenario
from game.run import play_game
g = play_game(make_scenario(), 2, ("greedy", "greedy"))
assert g.is_over()
try:
    import game.ui.app
except ImportError:
    print("ok")
"""


def test_engine_imports_without_pygame() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")
