"""``karabakh repro``: play the same seeds on the local backend and on Dask and compare the records byte for byte.

A game is a function of its scenario, overrides, seed and players, so every
backend must give the same record for it. This command checks that claim on
real games: it plays seeds ``seed0 … seed0+N-1`` in local worker processes, then
on a Dask cluster (a local one, or ``--scheduler``), writes both sets of records
to ``--out`` (``local.jsonl`` and ``dask.jsonl``, in seed order, canonical JSON
without the per-run fields) and compares them. The only per-run field of a
record is ``wall_s``, the seconds a game took; everything else must match.

Exit code 0 when every seed gave identical records and no game failed, 1 when
any differed or failed, 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from game.batch.grid import DEFAULT_LOADER, BatchInputError, make_tasks, parse_set

__all__ = ["PER_RUN_FIELDS", "Comparison", "canonical", "cmd_repro", "compare_files", "first_difference"]

#: Fields of a batch record that legitimately differ from run to run (see docs/batch.md).
PER_RUN_FIELDS = ("wall_s",)

EXIT_DIFFERENT = 1
EXIT_USAGE = 2


def canonical(record: dict[str, Any]) -> str:
    """The record as canonical JSON without its per-run fields: what must match across backends."""
    from game.record import dumps

    return dumps({k: v for k, v in record.items() if k not in PER_RUN_FIELDS})


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """The dotted path of the first place two JSON values differ, with both values (shortened); None if equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}" if path else str(k)
            found = first_difference(a[k], b[k], f"{path}.{k}" if path else str(k))
            if found is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found is not None:
                return found
        if len(a) != len(b):
            return f"{path} (length {len(a)} against {len(b)})"
        return None
    if a == b and type(a) is type(b):
        return None

    def short(v: Any) -> str:
        text = json.dumps(v, sort_keys=True)
        return text if len(text) <= 60 else text[:57] + "..."

    return f"{path or '(the record)'}: {short(a)} against {short(b)}"


class _Sink:
    """One backend's records as canonical lines, by seed."""

    def __init__(self) -> None:
        self.lines: dict[int, str] = {}

    def emit(self, rec: dict[str, Any]) -> None:
        self.lines[int(rec["seed"])] = canonical(rec)

    def write(self, path: Path) -> None:
        from game.fileio import atomic_write_text

        atomic_write_text(path, "".join(self.lines[s] + "\n" for s in sorted(self.lines)))


class Comparison:
    """The verdict over two files of canonical records, one per line, in seed order."""

    def __init__(self, seeds: list[int], identical: int, differing: list[tuple[int, str]], missing: list[int],
                 failed: dict[str, dict[int, str]], digests: int) -> None:
        self.seeds, self.identical, self.differing, self.missing = seeds, identical, differing, missing
        self.failed, self.digests = failed, digests

    @property
    def ok(self) -> bool:
        return self.identical == len(self.seeds) and not any(self.failed.values())


def _read(path: Path) -> dict[int, str]:
    out: dict[int, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out[int(json.loads(line)["seed"])] = line.rstrip("\n")
    return out


def compare_files(local: Path, dask: Path, seeds: Iterable[int]) -> Comparison:
    """Compare two record files seed by seed; the first difference of each differing seed is located."""
    a, b = _read(local), _read(dask)
    seeds = sorted(seeds)
    identical = 0
    differing: list[tuple[int, str]] = []
    missing: list[int] = []
    digests: set[str] = set()
    failed: dict[str, dict[int, str]] = {"local": {}, "dask": {}}
    for name, lines in (("local", a), ("dask", b)):
        for s, line in lines.items():
            rec = json.loads(line)
            if "error" in rec:
                failed[name][s] = str(rec["error"]).splitlines()[0] if rec["error"] else "failed"
    for s in seeds:
        if s not in a or s not in b:
            missing.append(s)
            continue
        if a[s] == b[s]:
            identical += 1
            digests.add(str(json.loads(a[s]).get("digest")))
        else:
            where = first_difference(json.loads(a[s]), json.loads(b[s])) or "the same data in different bytes"
            differing.append((s, where))
    return Comparison(seeds, identical, differing, missing, failed, len(digests))


def _play(name: str, run: Callable[[Callable[[dict[str, Any]], None]], None], total: int, progress: bool) -> tuple[_Sink, float]:
    sink = _Sink()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit="game", desc=name, file=sys.stderr, dynamic_ncols=True)

    def emit(rec: dict[str, Any]) -> None:
        sink.emit(rec)
        if bar is not None:
            bar.update(1)

    t0 = time.perf_counter()
    try:
        run(emit)
    finally:
        if bar is not None:
            bar.close()
    return sink, time.perf_counter() - t0


def cmd_repro(args: argparse.Namespace, loader: str = DEFAULT_LOADER) -> int:
    """Entry point of ``karabakh repro``; ``loader`` is the scenario loader workers call (tests swap it)."""
    try:
        return _repro(args, loader)
    except BatchInputError as exc:
        print(f"karabakh repro: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"karabakh repro: {exc.strerror or exc}: {exc.filename or args.out}", file=sys.stderr)
        return EXIT_USAGE


def _repro(args: argparse.Namespace, loader: str) -> int:
    from game.batch.backends import dask_client, run_dask, run_local
    from game.batch.commands import _check_scenario, _check_size, _players, _scenario_ref

    if args.games < 1:
        raise BatchInputError(f"--games must be 1 or more, got {args.games}")
    from game.scenario.limits import workers_problem

    why = workers_problem(args.workers)  # local processes, and the local Dask cluster's
    if why:
        raise BatchInputError(why)
    if args.seed0 < 0:
        raise BatchInputError(f"--seed0 must be 0 or more, got {args.seed0}")
    _check_size(args.games, [])
    fixed = parse_set(args.set)
    if args.max_turns is not None:
        if "max_turns" in fixed:
            raise BatchInputError("--max-turns and --set max_turns=... both given; drop one")
        fixed["max_turns"] = args.max_turns
    players = _players(args.ai_azerbaijan, args.ai_armenia)
    ref = _scenario_ref(args.scenario)
    _check_scenario(ref, fixed, [], loader)
    seeds = list(range(args.seed0, args.seed0 + args.games))
    tasks = make_tasks(ref, fixed, [{}], seeds, players, loader)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise BatchInputError(f"--out {out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    progress = not args.no_progress
    where = f"the Dask scheduler {args.scheduler}" if args.scheduler else f"a local Dask cluster of {args.workers} worker process(es)"
    local_desc = f"{args.workers} local worker process(es)" if args.workers > 1 else "this process"
    print(f"{len(seeds)} seeds ({seeds[0]}-{seeds[-1]}) of {ref}" + (f" with {', '.join(f'{k}={v}' for k, v in fixed.items())}" if fixed else "")
          + f": on {local_desc}, then on {where}")

    local, t_local = _play("local", lambda emit: run_local(tasks, args.workers, emit), len(tasks), progress)
    local.write(out / "local.jsonl")
    print(f"local: {len(local.lines)} games in {t_local:.1f} s")
    with dask_client(args.workers, args.scheduler) as client:
        dask, t_dask = _play("dask", lambda emit: run_dask(tasks, client, args.workers, emit), len(tasks), progress)
    dask.write(out / "dask.jsonl")
    print(f"dask:  {len(dask.lines)} games in {t_dask:.1f} s")

    result = compare_files(out / "local.jsonl", out / "dask.jsonl", seeds)
    _report(result, out)
    return 0 if result.ok else EXIT_DIFFERENT


def _report(c: Comparison, out: Path) -> None:
    n = len(c.seeds)
    for name, failed in c.failed.items():
        for s, err in sorted(failed.items())[:5]:
            print(f"  seed {s} failed on {name}: {err}")
        if len(failed) > 5:
            print(f"  ... and {len(failed) - 5} more failures on {name}")
    for s, where in c.differing[:10]:
        print(f"  seed {s} differs: first at {where}")
    if len(c.differing) > 10:
        print(f"  ... and {len(c.differing) - 10} more differing seeds")
    if c.missing:
        print(f"  {len(c.missing)} seed(s) missing from a backend's records: {', '.join(map(str, c.missing[:10]))}")
    fails = sum(len(f) for f in c.failed.values())
    if c.ok:
        print(f"IDENTICAL: {c.identical} of {n} seeds gave byte-identical records on both backends "
              f"(all fields but {', '.join(PER_RUN_FIELDS)}; {c.digests} different final states among them). "
              f"Records in {out / 'local.jsonl'} and {out / 'dask.jsonl'}")
    else:
        print(f"DIFFERENT: {c.identical} of {n} seeds identical, {len(c.differing)} differ, {len(c.missing)} missing, "
              f"{fails} failed. Compare {out / 'local.jsonl'} with {out / 'dask.jsonl'}")
