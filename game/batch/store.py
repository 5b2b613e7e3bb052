"""A batch's folder: ``batch.json`` (what was asked) and ``results.jsonl`` (one game per line).

``results.jsonl`` is only ever appended to, a whole line at a time with an
fsync, so a crash can at worst leave a torn last line. Before anything reads
or appends, :func:`repair_tail` moves such a line to ``results.jsonl.bak`` and
truncates it away. A bad line anywhere else is not ours to guess about: it is
reported with its line number.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from game.batch.grid import BatchInputError, point_key
from game.fileio import append_line, atomic_write_text

__all__ = [
    "BACKUP",
    "MANIFEST",
    "RESULTS",
    "ResultsIndex",
    "append_record",
    "check_compatible",
    "iter_records",
    "read_folder",
    "read_manifest",
    "repair_tail",
    "utc_now",
    "write_manifest",
]

MANIFEST = "batch.json"
RESULTS = "results.jsonl"
BACKUP = "results.jsonl.bak"
FORMAT = 1

#: The fields that define a batch: resuming with any of them changed would mix different experiments.
IDENTITY = ("scenario", "overrides", "sweep", "players")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    atomic_write_text(folder / MANIFEST, json.dumps(manifest, sort_keys=True, indent=1, ensure_ascii=False) + "\n")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchInputError(f"{path}: cannot read the batch manifest ({exc})") from None
    if not isinstance(data, dict) or any(k not in data for k in IDENTITY):
        raise BatchInputError(f"{path}: not a batch manifest (it needs {', '.join(IDENTITY)})")
    return data


def check_compatible(old: dict[str, Any], new: dict[str, Any], folder: Path) -> None:
    """Refuse to resume into a folder whose batch differs in scenario, --set, --sweep or players."""
    diffs = []
    for k in IDENTITY:
        a, b = old.get(k), new.get(k)
        if json.dumps(a, sort_keys=True) != json.dumps(b, sort_keys=True):
            diffs.append(f"  {k}: {folder / MANIFEST} has {json.dumps(a, sort_keys=True)}, this command asks for {json.dumps(b, sort_keys=True)}")
    if diffs:
        raise BatchInputError(
            f"cannot resume: {folder} holds a different batch\n" + "\n".join(diffs)
            + "\nresume with the same scenario, --set, --sweep and players, or choose another --out"
        )


def repair_tail(path: Path, chunk: int = 1 << 20) -> str | None:
    """Cut a last line that is not a whole JSON object (kept in ``.bak``); say what was done, if anything."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb+") as f:
        size = f.seek(0, os.SEEK_END)
        f.seek(size - 1)
        ends_nl = f.read(1) == b"\n"
        pos = size - 1 if ends_nl else size
        start = 0
        while pos > 0:
            step = min(chunk, pos)
            pos -= step
            f.seek(pos)
            i = f.read(step).rfind(b"\n")
            if i >= 0:
                start = pos + i + 1
                break
        f.seek(start)
        last = f.read(size - start)
        try:
            ok = isinstance(json.loads(last), dict)
        except ValueError:
            ok = False
        if ok:
            if not ends_nl:
                f.seek(size)
                f.write(b"\n")
                f.flush()
                os.fsync(f.fileno())
            return None
        with open(path.with_name(BACKUP), "ab") as bak:
            bak.write(last.rstrip(b"\n") + b"\n")
            bak.flush()
            os.fsync(bak.fileno())
        f.truncate(start)
        f.flush()
        os.fsync(f.fileno())
    return f"{path}: removed an incomplete last line ({len(last)} bytes, kept in {path.with_name(BACKUP)})"


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every line of ``results.jsonl`` as a dict, one at a time (a big batch does not fit in memory)."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise BatchInputError(f"{path}:{n}: not a JSON record ({exc}); move that line out of the way and resume") from None
            if not isinstance(rec, dict) or "seed" not in rec:
                raise BatchInputError(f"{path}:{n}: not a game record (no seed)")
            yield rec


def read_folder(folder: Path | str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """A batch folder's manifest and its games in compact form, for notebooks and calibration.

    ``summarise(records, manifest["grid"])`` and ``plot_report`` take the result directly.
    """
    from game.batch.summary import compact

    folder = Path(folder)
    return read_manifest(folder), [compact(r) for r in iter_records(folder / RESULTS)]


def append_record(folder: Path, text: str) -> None:
    append_line(folder / RESULTS, text)


class ResultsIndex:
    """Which (sweep point, seed) pairs are done, which failed, in whatever order lines arrive."""

    def __init__(self) -> None:
        self.done: set[tuple[str, int]] = set()
        self.failed: dict[tuple[str, int], dict[str, Any]] = {}
        self.duplicates = 0

    def add(self, rec: dict[str, Any]) -> bool:
        """Note a record; True if it is a success not seen before (one to summarise)."""
        key = (point_key(rec.get("sweep") or {}), int(rec["seed"]))
        if "error" in rec:
            if key not in self.done:
                self.failed[key] = rec
            return False
        self.failed.pop(key, None)
        if key in self.done:
            self.duplicates += 1
            return False
        self.done.add(key)
        return True
