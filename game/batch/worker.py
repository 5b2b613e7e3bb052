"""The one function every backend runs: play one game from a :class:`~game.batch.grid.Task`.

A task carries a scenario *reference* and overrides, not a loaded scenario: it
is small to send to a process or another machine, and each worker process
loads a scenario once and keeps it (a small cache, since tasks arrive in runs
of one sweep point). A game that raises becomes a failure record, so one bad
seed never stops a batch of thousands.
"""

from __future__ import annotations

import importlib
import json
import signal
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from game.batch.grid import Task

__all__ = ["clear_cache", "failure_record", "ignore_sigint", "load", "resolve_loader", "run_one"]

#: Loaded scenarios a worker keeps; a loaded historical scenario is a few MB.
CACHE_SIZE = 4

_CACHE: OrderedDict[str, Any] = OrderedDict()


def resolve_loader(target: str) -> Callable[..., Any]:
    """``"package.module:function"`` -> the function (tests pass a synthetic loader this way)."""
    module, _, name = target.partition(":")
    func = getattr(importlib.import_module(module), name, None)
    if not callable(func):
        raise ValueError(f"scenario loader {target!r} is not a function")
    return func  # type: ignore[no-any-return]


def load(scenario: str, overrides: dict[str, Any], loader: str) -> Any:
    """The loaded scenario for this reference and overrides, from this process's cache."""
    key = json.dumps([loader, scenario, overrides], sort_keys=True, default=str)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    sc = resolve_loader(loader)(scenario, overrides=overrides or None)
    _CACHE[key] = sc
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return sc


def clear_cache() -> None:
    _CACHE.clear()


def failure_record(task: Task, error: BaseException | str, tb: str = "") -> dict[str, Any]:
    """The line a failed game leaves in results.jsonl; resume plays it again."""
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return {"seed": task.seed, "sweep": dict(task.sweep), "error": text, "traceback": tb}


def run_one(task: Task) -> dict[str, Any]:
    """Play one game: its record plus ``sweep`` and ``wall_s``, or a failure record.

    ``wall_s`` times the game itself, not loading the scenario. Only ``wall_s`` depends on the machine; everything else is a function of the
    scenario, overrides, seed and players, whichever process plays it.
    """
    from game.perf import tune_gc
    from game.run import play_game

    tune_gc()
    try:
        scenario = load(task.scenario, task.overrides, task.loader)
        t0 = time.perf_counter()
        record: dict[str, Any] = play_game(scenario, task.seed, task.players).record()
    except Exception as exc:  # noqa: BLE001 - any error in one game is that game's result
        return failure_record(task, exc, traceback.format_exc())
    record["sweep"] = dict(task.sweep)
    record["wall_s"] = round(time.perf_counter() - t0, 3)
    return record


def ignore_sigint() -> None:
    """Worker-process initialiser: Ctrl-C is the parent's to handle (finish, cancel, tell how to resume)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
