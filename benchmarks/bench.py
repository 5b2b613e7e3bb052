"""Engine benchmark: turn resolution and whole-game time on the historical scenario.

Run: ``make bench`` or ``python benchmarks/bench.py [--games N]``.
"""

import sys

from game.cli import main

sys.exit(main(["bench", *sys.argv[1:]]))
