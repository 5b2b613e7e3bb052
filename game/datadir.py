"""Where the game's data lies: the scenarios, the built map and the calibration bands.

In a checkout (and after ``pip install -e .``, the quick start's install) they are the
folders beside the ``game`` package. A plain ``pip install .`` copies them to
``<prefix>/share/karabakh-wargame/`` (``setup.py``), and they are found there.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

SHARE = "karabakh-wargame"
CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir(name: str, *, checkout: Path = CHECKOUT, prefixes: tuple[str, ...] | None = None) -> Path:
    """The folder ``name`` (``scenarios``, ``assets``, ``calibration``): beside the code if it is there, else
    the installed copy; the checkout's path when neither exists, so that messages name the usual place."""
    here = checkout / name
    if here.is_dir():
        return here
    for base in prefixes if prefixes is not None else (sys.prefix, sysconfig.get_path("data")):
        shared = Path(base) / "share" / SHARE / name
        if shared.is_dir():
            return shared
    return here
