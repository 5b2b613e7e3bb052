from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.batch.commands import cmd_batch
from game.cli import build_parser
from tests.batch.stub import SYNTHETIC

Batch = Callable[..., int]


@pytest.fixture
def batch() -> Batch:
    """``batch("synthetic", "--games", "3", ...)`` -> exit code, with the synthetic loader and no progress bar."""

    def run(*argv: str, loader: str = SYNTHETIC) -> int:
        args = build_parser().parse_args(["batch", *argv, "--no-progress"])
        return cmd_batch(args, loader=loader)

    return run


def lines(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()]


def canonical(folder: Path) -> list[str]:
    """The records without their timing, in (sweep point, seed) order: what must match across backends."""
    from game.batch.grid import point_key
    from game.record import dumps

    recs = lines(folder)
    for r in recs:
        r.pop("wall_s", None)
    recs.sort(key=lambda r: (point_key(r["sweep"]), r["seed"]))
    return [dumps(r) for r in recs]
