"""The ``karabakh`` command line. Each subcommand's work lives in its own module, imported lazily."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

EXIT_USAGE = 2


def _lazy(target: str) -> Callable[[argparse.Namespace], int]:
    """``"pkg.module:function"`` -> a handler that imports the module only when run."""
    module, func = target.split(":")

    def handler(args: argparse.Namespace) -> int:
        result: int = getattr(import_module(module), func)(args)
        return result

    return handler


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="karabakh", description="A wargame of the Second Nagorno-Karabakh War (2020).")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="open the desktop game (main menu, or straight into a scenario)")
    play.add_argument("scenario", nargs="?", help="scenario id or path")
    play.add_argument("--side", choices=["azerbaijan", "armenia", "hotseat", "watch"], default=None)
    play.add_argument("--seed", type=int, default=None)
    play.add_argument("--load", metavar="SAVE", help="open a saved game")
    play.add_argument("--replay", metavar="RECORD", help="step through a recorded game (JSON record or results.jsonl)")
    play.add_argument("--game", type=int, default=0, help="with --replay on a results.jsonl: which line (0-based)")
    play.add_argument("--size", default=None, help="window size WxH, e.g. 1600x1000")
    play.add_argument("--fullscreen", action="store_true")
    play.set_defaults(func=_lazy("game.ui.app:main"))

    run = sub.add_parser("run", help="play one headless game between computer players")
    run.add_argument("scenario", help="scenario id or path")
    run.add_argument("--seed", type=int, default=1)
    run.add_argument("--ai-azerbaijan", default=None, help="computer player name or package.module:ClassName")
    run.add_argument("--ai-armenia", default=None, help="computer player name or package.module:ClassName")
    run.add_argument("--json", metavar="OUT", help="write the game record here")
    run.add_argument("--log", action="store_true", help="print the event log turn by turn")
    run.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", help="override a scenario value")
    run.set_defaults(func=_lazy("game.run:cmd_run"))

    m = sub.add_parser("map", help="query or render the theatre map")
    msub = m.add_subparsers(dest="map_command", metavar="MAPCOMMAND")
    q = msub.add_parser("query", help="print a hex's attributes as JSON")
    q.add_argument("--lat", type=float, required=True)
    q.add_argument("--lon", type=float, required=True)
    q.set_defaults(func=_lazy("game.hexmap.commands:cmd_query"))
    r = msub.add_parser("render", help="draw the whole map to a PNG")
    r.add_argument("--out", required=True)
    r.add_argument("--width", type=int, default=2000, help="image width in pixels")
    r.set_defaults(func=_lazy("game.hexmap.commands:cmd_render"))

    v = sub.add_parser("validate", help="check scenario files and report located errors")
    v.add_argument("paths", nargs="*", help="files or folders (default: scenarios/)")
    v.set_defaults(func=_lazy("game.scenario.commands:cmd_validate"))

    s = sub.add_parser("schema", help="print the JSON Schema of scenario files (for editors)")
    s.add_argument("--kind", choices=["scenario", "orbat", "content"], default="scenario")
    s.add_argument("--out", help="write to this file instead of standard output")
    s.set_defaults(func=_lazy("game.scenario.commands:cmd_schema"))
    b = sub.add_parser("batch", help="play many AI-versus-AI games and report outcome distributions")
    b.add_argument("scenario", help="scenario id or path")
    b.add_argument("--games", type=int, default=100, help="games per sweep point")
    b.add_argument("--seed0", type=int, default=1, help="first seed; game i uses seed0 + i")
    b.add_argument("--workers", type=int, default=1, help="worker processes (local) or tasks in flight (dask)")
    b.add_argument("--backend", choices=["local", "dask"], default="local")
    b.add_argument("--scheduler", default=None, help="address of a running Dask scheduler (tcp://host:8786); default: a local cluster")
    b.add_argument("--out", default="runs/batch", help="output folder")
    b.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", help="change a scenario value for every game")
    b.add_argument("--sweep", action="append", default=[], metavar="PATH=V1,V2,...", help="run the batch for each value")
    b.add_argument("--resume", action="store_true", help="continue an interrupted batch in --out")
    b.add_argument("--ai-azerbaijan", default=None)
    b.add_argument("--ai-armenia", default=None)
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.set_defaults(func=_lazy("game.batch.commands:cmd_batch"))
    rp = sub.add_parser("repro", help="play the same seeds locally and on Dask and compare the records byte for byte")
    rp.add_argument("scenario", nargs="?", default="historical_2020", help="scenario id or path")
    rp.add_argument("--games", type=int, default=100, help="seeds to play on each backend")
    rp.add_argument("--seed0", type=int, default=1, help="first seed")
    rp.add_argument("--workers", type=int, default=2, help="local worker processes, and processes of the local Dask cluster")
    rp.add_argument("--scheduler", default=None, help="a running Dask scheduler (tcp://host:8786) instead of a local cluster")
    rp.add_argument("--max-turns", type=int, default=None, help="shorten every game (the same as --set max_turns=N)")
    rp.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", help="change a scenario value for every game")
    rp.add_argument("--ai-azerbaijan", default=None)
    rp.add_argument("--ai-armenia", default=None)
    rp.add_argument("--out", default="runs/repro", help="where local.jsonl and dask.jsonl are written")
    rp.add_argument("--no-progress", action="store_true", help="no progress bars")
    rp.set_defaults(func=_lazy("game.batch.repro:cmd_repro"))

    bench = sub.add_parser("bench", help="measure turn resolution and whole-game speed")
    bench.add_argument("--scenario", default="historical_2020")
    bench.add_argument("--games", type=int, default=5)
    bench.set_defaults(func=_lazy("game.bench:cmd_bench"))
    so = sub.add_parser("soak", help="play many random games and check the invariants after every turn")
    so.add_argument("scenario", nargs="?", default="historical_2020")
    so.add_argument("--games", type=int, default=20)
    so.add_argument("--seed0", type=int, default=1)
    so.add_argument("--max-turns", type=int, default=None)
    so.set_defaults(func=_lazy("game.soak:cmd_soak"))
    nw = sub.add_parser("new", help="write a commented template for a new scenario that extends another")
    nw.add_argument("name", help="id of the new scenario (file scenarios/NAME.yaml)")
    nw.add_argument("--extends", default="historical_2020", help="parent scenario id")
    nw.add_argument("--root", default=None, help="scenario folder (default: scenarios/)")
    nw.add_argument("--force", action="store_true", help="overwrite an existing file")
    nw.set_defaults(func=_lazy("game.scenario.template:cmd_new"))
    cal = sub.add_parser("calibrate", help="play the historical scenario many times and compare with the documented war")
    cal.add_argument("--games", type=int, default=200)
    cal.add_argument("--workers", type=int, default=2)
    cal.add_argument("--seed0", type=int, default=1)
    cal.add_argument("--out", default="calibration")
    cal.add_argument("--counterfactual-games", type=int, default=100,
                     help="games of each counterfactual of calibration/bands.yaml, on the first seeds (0: skip them)")
    cal.add_argument("--no-progress", action="store_true")
    cal.set_defaults(func=_lazy("game.calibrate:cmd_calibrate"))
    fz = sub.add_parser("fuzz", help="feed the scenario loader damaged files; every one must end in a located error")
    fz.add_argument("--inputs", type=int, default=1000)
    fz.add_argument("--seed", type=int, default=1)
    fz.add_argument("--max-seconds", type=float, default=1.0)
    fz.add_argument("--max-mb", type=float, default=200.0)
    fz.add_argument("--out", default="runs/fuzz", help="where a failing input is written")
    fz.add_argument("--no-progress", action="store_true")
    fz.set_defaults(func=_lazy("game.fuzz:cmd_fuzz"))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from game.perf import tune_gc

    tune_gc()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None:
            # No command: open the game's main menu, as a player would expect.
            args = parser.parse_args(["play", *(argv or [])])
        else:
            parser.parse_args([args.command, "--help"])
            return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
