"""``karabakh batch``: play many AI-versus-AI games, write them as they finish, then summarise.

The order of work: check every input (scenario, each --set and --sweep value,
the players) before a single game starts; write ``batch.json``; append each
finished game to ``results.jsonl``; then write ``summary.csv`` and
``report.png`` from everything in the folder. ``--games 0 --resume`` plays
nothing and only re-summarises.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import shlex
import sys
import time
from pathlib import Path
from typing import Any

from game.batch.grid import (
    DEFAULT_LOADER,
    BatchInputError,
    Sweep,
    expand_grid,
    make_tasks,
    parse_set,
    parse_sweep,
    point_key,
    seed_ranges,
    seeds_from_ranges,
)
from game.batch.store import (
    RESULTS,
    ResultsIndex,
    append_record,
    check_compatible,
    iter_records,
    read_manifest,
    repair_tail,
    utc_now,
    write_manifest,
)
from game.batch.summary import compact, format_table, summarise, write_csv

__all__ = ["cmd_batch", "resume_command"]

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
FORMAT = 1


def cmd_batch(args: argparse.Namespace, loader: str = DEFAULT_LOADER) -> int:
    """Entry point of ``karabakh batch``; ``loader`` is the scenario loader workers call (tests swap it)."""
    try:
        return _batch(args, loader)
    except BatchInputError as exc:
        print(f"karabakh batch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # an --out that cannot be created or written
        print(f"karabakh batch: {exc.strerror or exc}: {exc.filename or args.out}", file=sys.stderr)
        return EXIT_USAGE


def _scenario_ref(ref: str) -> str:
    """An id stays an id (workers on other machines resolve it); a local file becomes an absolute path."""
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.exists():
            raise BatchInputError(f"scenario file {ref} does not exist")
        return str(p.resolve())
    return ref


def _players(azerbaijan: str | None, armenia: str | None) -> tuple[str | None, str | None]:
    from game.ai.base import DEFAULT_AGENT, AgentLoadError, agent_class

    names = (azerbaijan, armenia)
    for n in names:
        try:
            agent_class(n or DEFAULT_AGENT)
        except AgentLoadError as exc:
            raise BatchInputError(str(exc)) from None
    return names


def _check_scenario(ref: str, fixed: dict[str, Any], sweeps: list[Sweep], loader: str) -> None:
    """Load the scenario with --set and with each sweep value, so bad input stops the batch before game one."""
    from game.batch.worker import load, resolve_loader
    from game.setup import scenario_params

    try:
        resolve_loader(loader)
    except (ImportError, ValueError) as exc:
        raise BatchInputError(f"cannot use scenario loader {loader!r}: {exc}") from None
    variants = [dict(fixed)] + [{**fixed, s.path: v} for s in sweeps for v in s.values]
    for over in variants:
        try:
            scenario_params(load(ref, over, loader))
        except (ValueError, OSError) as exc:  # ScenarioError and ParameterError are ValueErrors
            where = ", ".join(f"{k}={v}" for k, v in over.items())
            raise BatchInputError(f"scenario {ref}" + (f" with {where}" if where else "") + f":\n{exc}") from None


def _check_size(games: int, sweeps: list[Sweep]) -> None:
    """A batch folder holds at most MAX_BATCH_GAMES games on at most MAX_SWEEP_POINTS points
    (game/scenario/limits.py): its task list and summary stay in memory."""
    from game.scenario.limits import MAX_BATCH_GAMES, MAX_SWEEP_POINTS

    points = math.prod(len(s.values) for s in sweeps)
    if points > MAX_SWEEP_POINTS:
        sizes = " × ".join(str(len(s.values)) for s in sweeps)
        raise BatchInputError(f"the sweeps make {points:,} points ({sizes}); a batch has at most {MAX_SWEEP_POINTS:,} "
                              "(sweep fewer values, or split the sweep over several batches)")
    if games * points > MAX_BATCH_GAMES:
        what = f"--games {games:,} × {points:,} sweep points = {games * points:,} games" if points > 1 else f"--games {games:,}"
        raise BatchInputError(f"{what}; a batch plays at most {MAX_BATCH_GAMES:,} "
                              f"(use --games {MAX_BATCH_GAMES // points:,} or fewer, and for more games run further batches "
                              "into other --out folders with --seed0 after the last seed played)")


def resume_command(args: argparse.Namespace) -> str:
    """The command line that continues this batch, for the message after Ctrl-C."""
    parts = ["karabakh", "batch", args.scenario, "--out", args.out, "--games", str(args.games), "--seed0", str(args.seed0)]
    for s in args.set:
        parts += ["--set", s]
    for s in args.sweep:
        parts += ["--sweep", s]
    if args.ai_azerbaijan:
        parts += ["--ai-azerbaijan", args.ai_azerbaijan]
    if args.ai_armenia:
        parts += ["--ai-armenia", args.ai_armenia]
    parts += ["--workers", str(args.workers), "--backend", args.backend]
    if args.scheduler:
        parts += ["--scheduler", args.scheduler]
    return shlex.join([*parts, "--resume"])


def _batch(args: argparse.Namespace, loader: str) -> int:
    from game.ai.base import DEFAULT_AGENT
    from game.record import dumps

    if args.games < 0:
        raise BatchInputError(f"--games must be 0 or more, got {args.games}")
    from game.scenario.limits import workers_problem

    why = workers_problem(args.workers, args.backend, args.scheduler)
    if why:
        raise BatchInputError(why)
    if args.seed0 < 0:
        raise BatchInputError(f"--seed0 must be 0 or more, got {args.seed0}")
    if args.scheduler and args.backend != "dask":
        raise BatchInputError("--scheduler needs --backend dask")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise BatchInputError(f"--out {out} is a file, not a folder")
    old = read_manifest(out)
    fixed = parse_set(args.set)
    sweeps = parse_sweep(args.sweep, fixed)
    players = _players(args.ai_azerbaijan, args.ai_armenia)
    if args.resume and old is not None:
        # What a resume leaves out (--set and --sweep, the players) is taken from batch.json.
        if not args.set and not args.sweep:
            fixed = dict(old["overrides"])
            sweeps = [Sweep(str(s["path"]), tuple(s["values"])) for s in old["sweep"]]
        if args.ai_azerbaijan is None and args.ai_armenia is None:
            names = old["players"]
            players = _players(*(None if names.get(side) == DEFAULT_AGENT else names.get(side) for side in ("azerbaijan", "armenia")))
    _check_size(args.games, sweeps)
    grid = expand_grid(sweeps)
    ref = _scenario_ref(args.scenario)
    seeds = list(range(args.seed0, args.seed0 + args.games))
    identity = {
        "scenario": ref,
        "overrides": fixed,
        "sweep": [s.as_json() for s in sweeps],
        "players": {"azerbaijan": players[0] or DEFAULT_AGENT, "armenia": players[1] or DEFAULT_AGENT},
    }
    results = out / RESULTS
    if args.resume:
        if old is None:
            raise BatchInputError(f"nothing to resume: {out} has no batch.json (drop --resume to start a batch there)")
        check_compatible(old, identity, out)
    elif old is not None or (results.exists() and results.stat().st_size > 0):
        raise BatchInputError(f"{out} already holds a batch; add --resume to continue it, or choose another --out")
    if args.games > 0:
        _check_scenario(ref, fixed, sweeps, loader)

    out.mkdir(parents=True, exist_ok=True)
    note = repair_tail(results)
    if note:
        print(note, file=sys.stderr)
    index = ResultsIndex()
    kept: list[dict[str, Any]] = []
    for rec in iter_records(results):
        index.add(rec)
        kept.append(compact(rec))
    if index.duplicates:
        print(f"note: {results} holds {index.duplicates} repeated game(s); each (sweep point, seed) is summarised once",
              file=sys.stderr)
    tasks = make_tasks(ref, fixed, grid, seeds, players, loader, skip=index.done)

    with contextlib.ExitStack() as stack:
        client = None
        if args.backend == "dask" and tasks:
            from game.batch.backends import dask_client

            client = stack.enter_context(dask_client(args.workers, args.scheduler))
        _write_manifest(out, old, identity, grid, seeds, loader, args, index, len(tasks))
        played = _play(args, tasks, out, kept, dumps, client)
    if played is None:
        print(f"\ninterrupted: the finished games are in {results}. To continue:\n  {resume_command(args)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    n_ok, n_failed, seconds = played
    return _summarise(out, kept, grid, sweeps, ref, (n_ok, n_failed, seconds))


def _write_manifest(out: Path, old: dict[str, Any] | None, identity: dict[str, Any], grid: list[dict[str, Any]],
                    seeds: list[int], loader: str, args: argparse.Namespace, index: ResultsIndex, todo: int) -> None:
    import game
    from game.record import RECORD_VERSION

    if old is not None:
        manifest = dict(old)
        manifest["seeds"] = seed_ranges(seeds_from_ranges(old.get("seeds", [])) + seeds)
        manifest["resumed"] = [*old.get("resumed", []), utc_now()]
    else:
        manifest = {**identity, "format": FORMAT, "version": game.__version__, "record_version": RECORD_VERSION,
                    "loader": loader, "seeds": seed_ranges(seeds), "grid": grid, "started": utc_now(), "resumed": []}
    write_manifest(out, manifest)
    if args.resume:
        others = set(seeds_from_ranges(manifest["seeds"])) - set(seeds)
        missing = sum(1 for s in others for p in grid if (point_key(p), s) not in index.done)
        if missing and args.games > 0:
            print(f"note: batch.json also lists seeds this run does not cover ({missing} game(s) not asked for); "
                  "pass --games/--seed0 to cover them", file=sys.stderr)
        print(f"resuming {out}: {len(index.done)} game(s) done, {len(index.failed)} failed to play again, {todo} to play",
              file=sys.stderr)


def _play(args: argparse.Namespace, tasks: list[Any], out: Path, kept: list[dict[str, Any]], dumps: Any,
          client: Any = None) -> tuple[int, int, float] | None:
    """Run the tasks on the chosen backend; None when interrupted with Ctrl-C."""
    from game.batch.backends import run_dask, run_local

    if not tasks:
        return 0, 0, 0.0
    bar = None
    if not args.no_progress:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), unit="game", file=sys.stderr, dynamic_ncols=True, smoothing=0.05)
    counts = [0, 0]

    def emit(rec: dict[str, Any]) -> None:
        append_record(out, dumps(rec))
        kept.append(compact(rec))
        counts["error" in rec] += 1
        if bar is not None:
            bar.update(1)
            if counts[1]:
                bar.set_postfix(failed=counts[1], refresh=False)

    t0 = time.perf_counter()
    try:
        if args.backend == "dask":
            run_dask(tasks, client, args.workers, emit)
        else:
            run_local(tasks, args.workers, emit)
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        return None
    if bar is not None:
        bar.close()
    return counts[0], counts[1], time.perf_counter() - t0


def _summarise(out: Path, kept: list[dict[str, Any]], grid: list[dict[str, Any]], sweeps: list[Sweep], ref: str,
               played: tuple[int, int, float]) -> int:
    from game.batch.summary import plot_report

    n_ok, n_failed, seconds = played
    rows = summarise(kept, grid)
    write_csv(rows, out / "summary.csv")
    title = Path(ref).stem if "/" in ref else ref
    if any(r["games"] for r in rows):
        plot_report(kept, out / "report.png", grid, title=title)
    print(format_table(rows, [s.path for s in sweeps]))
    if n_ok or n_failed:
        rate = (n_ok + n_failed) / seconds if seconds > 0 else float("nan")
        print(f"played {n_ok + n_failed} game(s) in {seconds:.1f} s ({rate:.2f} games/s)"
              + (f"; {n_failed} failed (see 'error' and 'traceback' in {out / RESULTS}; --resume plays them again)" if n_failed else ""))
    print(f"wrote {out / 'summary.csv'}" + (f", {out / 'report.png'}" if any(r["games"] for r in rows) else "") + f" ({sum(r['games'] for r in rows)} games)")
    return 0
