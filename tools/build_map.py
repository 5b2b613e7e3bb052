"""Build ``assets/map/theatre.npz`` + ``theatre.json`` from ``../shared`` (or ``$KARABAKH_SHARED``).

Usage: ``PYTHONPATH=. python tools/build_map.py [--out assets/map/theatre]``
The same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.hexmap.build.pipeline import build  # noqa: E402

from game.hexmap.theatre import ASSET_DIR  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default=str(ASSET_DIR / "theatre"), help="output stem (no suffix)")
    args = p.parse_args(argv)
    tm = build()
    tm.save(Path(args.out))
    print(f"wrote {args.out}.npz and {args.out}.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
