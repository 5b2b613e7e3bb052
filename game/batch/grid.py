"""What a batch plays: a grid of sweep points times a list of seeds, as small picklable tasks.

A sweep point is a mapping ``{path: value}`` (empty when nothing is swept). Its
canonical JSON text is its identity: in ``results.jsonl``, on resume and in the
summary. Values are read as YAML scalars, like ``--set``, and kept as plain
JSON data (dates as ISO text) so that points compare equal after a round trip.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from game.scenario.loader import jsonable

__all__ = [
    "DEFAULT_LOADER",
    "BatchInputError",
    "Sweep",
    "Task",
    "expand_grid",
    "jsonable",
    "make_tasks",
    "parse_set",
    "parse_sweep",
    "point_key",
    "seed_ranges",
    "seeds_from_ranges",
]

#: The scenario loader a worker calls, as ``module:function`` so that it crosses process boundaries.
DEFAULT_LOADER = "game.scenario.loader:load_scenario"

#: Seeds are played in blocks, every sweep point per block: an interrupted sweep has even coverage,
#: and a worker mostly sees runs of one point, so its scenario cache stays warm.
SEED_BLOCK = 16


class BatchInputError(ValueError):
    """Bad command-line input or an output folder that does not fit: reported in plain words, exit code 2."""




def _yaml_value(text: str, where: str) -> Any:
    try:
        return jsonable(yaml.safe_load(text)) if text.strip() else ""
    except yaml.YAMLError as exc:
        raise BatchInputError(f"{where}: {text!r} is not a YAML value ({str(exc).splitlines()[0]})") from None


def _split_path(item: str, flag: str, shape: str) -> tuple[str, str]:
    path, sep, raw = item.partition("=")
    path = path.strip()
    if not sep or not path:
        raise BatchInputError(f"{flag} expects {shape}, got {item!r}")
    return path, raw


def parse_set(items: Iterable[str]) -> dict[str, Any]:
    """``["a.b=1"]`` -> ``{"a.b": 1}``; a path given twice is refused rather than silently resolved."""
    out: dict[str, Any] = {}
    for item in items:
        path, raw = _split_path(item, "--set", "PATH=VALUE")
        if path in out:
            raise BatchInputError(f"--set {path} is given twice")
        out[path] = _yaml_value(raw, f"--set {path}")
    return out


def _split_values(raw: str) -> list[str]:
    """Split on commas outside brackets and quotes, so ``[1,2],[3,4]`` is two values."""
    parts: list[str] = []
    depth, quote = 0, ""
    cur: list[str] = []
    for ch in raw:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


@dataclass(frozen=True)
class Sweep:
    """One swept path and its values, in the order given."""

    path: str
    values: tuple[Any, ...]

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "values": list(self.values)}


def parse_sweep(items: Iterable[str], fixed: Mapping[str, Any] | None = None) -> list[Sweep]:
    """``["a.b=0,6,12"]`` -> sweeps; each path once, never also in ``--set``, values distinct."""
    sweeps: list[Sweep] = []
    for item in items:
        path, raw = _split_path(item, "--sweep", "PATH=V1,V2,...")
        values = [_yaml_value(v, f"--sweep {path}") for v in _split_values(raw)]
        if any(v == "" for v in values):
            raise BatchInputError(f"--sweep {path}: empty value in {raw!r}")
        keys = [json.dumps(v, sort_keys=True) for v in values]
        if len(set(keys)) != len(keys):
            raise BatchInputError(f"--sweep {path}: a value is repeated in {raw!r}")
        if any(s.path == path for s in sweeps):
            raise BatchInputError(f"--sweep {path} is given twice; give all its values in one --sweep")
        if fixed and path in fixed:
            raise BatchInputError(f"{path} is both --set and --sweep; drop one")
        sweeps.append(Sweep(path, tuple(values)))
    return sweeps


def expand_grid(sweeps: Sequence[Sweep]) -> list[dict[str, Any]]:
    """The product of all sweeps, first sweep slowest; one empty point when nothing is swept."""
    if not sweeps:
        return [{}]
    return [dict(zip([s.path for s in sweeps], combo, strict=True)) for combo in itertools.product(*(s.values for s in sweeps))]


def point_key(point: Mapping[str, Any]) -> str:
    """The identity of a sweep point: canonical JSON of its overrides."""
    return json.dumps(jsonable(point), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Task:
    """One game to play: everything a worker needs, small enough to send to another machine."""

    scenario: str
    overrides: dict[str, Any]
    seed: int
    players: tuple[str | None, str | None]
    sweep: dict[str, Any] = field(default_factory=dict)
    loader: str = DEFAULT_LOADER

    @property
    def key(self) -> tuple[str, int]:
        return point_key(self.sweep), self.seed


def make_tasks(scenario: str, fixed: Mapping[str, Any], grid: Sequence[Mapping[str, Any]], seeds: Sequence[int],
               players: tuple[str | None, str | None], loader: str = DEFAULT_LOADER,
               skip: Iterable[tuple[str, int]] = ()) -> list[Task]:
    """Every (point, seed) not in ``skip``, in blocks of seeds with every point per block."""
    done = set(skip)
    tasks: list[Task] = []
    ordered = sorted(set(seeds))
    for b in range(0, len(ordered), SEED_BLOCK):
        for point in grid:
            pk = point_key(point)
            for seed in ordered[b:b + SEED_BLOCK]:
                if (pk, seed) in done:
                    continue
                tasks.append(Task(scenario, {**fixed, **point}, seed, players, dict(point), loader))
    return tasks


def seed_ranges(seeds: Iterable[int]) -> list[list[int]]:
    """``[1, 2, 3, 7]`` -> ``[[1, 3], [7, 7]]`` (inclusive), to keep the manifest short."""
    out: list[list[int]] = []
    for s in sorted(set(seeds)):
        if out and s == out[-1][1] + 1:
            out[-1][1] = s
        else:
            out.append([s, s])
    return out


def seeds_from_ranges(ranges: Iterable[Sequence[int]]) -> list[int]:
    return [s for lo, hi in ranges for s in range(int(lo), int(hi) + 1)]
