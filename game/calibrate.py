"""``karabakh calibrate``: play the historical scenario many times and set the outcomes beside history.

Writes ``report.md`` (a table: target, documented value, median, 10-90 % range,
inside the band) and ``territory.png`` (hexes held by Azerbaijan by day: median
and 10-90 % band) into ``--out``. The bands are in ``calibration/bands.yaml``;
the documented figures in ``scenarios/reference/calibration_targets.yaml``.
Calibration changes parameters, never outcomes (docs/calibration.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from game.datadir import data_dir

BANDS = data_dir("calibration") / "bands.yaml"
_SCENARIOS: dict[str, Any] = {}


def _play(task: tuple[str, dict[str, Any], int, tuple[str | None, str | None]]) -> dict[str, Any]:
    """One game in a worker process (the scenario is loaded once per process)."""
    from game.perf import tune_gc
    from game.run import play_game
    from game.scenario.loader import load_scenario

    tune_gc()

    ref, overrides, seed, players = task
    key = json.dumps([ref, overrides], sort_keys=True)
    if key not in _SCENARIOS:
        _SCENARIOS[key] = load_scenario(ref, overrides=overrides or None)
    return play_game(_SCENARIOS[key], seed, players).record()


def play_many(ref: str, seeds: Iterable[int], workers: int = 1, overrides: dict[str, Any] | None = None,
              players: tuple[str | None, str | None] = (None, None), progress: bool = True) -> list[dict[str, Any]]:
    tasks = [(ref, overrides or {}, s, players) for s in seeds]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), unit="game", file=sys.stderr)
    out: list[dict[str, Any]] = []
    if workers <= 1:
        for t in tasks:
            out.append(_play(t))
            if bar:
                bar.update()
    else:
        with ProcessPoolExecutor(max_workers=workers) as ex:
            for rec in ex.map(_play, tasks, chunksize=4):
                out.append(rec)
                if bar:
                    bar.update()
    if bar:
        bar.close()
    return sorted(out, key=lambda r: r["seed"])


def _pct(xs: list[float]) -> tuple[float, float, float]:
    if not xs:
        return (float("nan"), float("nan"), float("nan"))
    a = np.asarray(xs, dtype=float)
    return float(np.median(a)), float(np.percentile(a, 10)), float(np.percentile(a, 90))


def measures(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The value of each band's measure over the games: median, 10 %, 90 % (or a rate)."""
    n = len(records)
    out: dict[str, dict[str, Any]] = {}
    wins = sum(1 for r in records if r["winner"] == "azerbaijan")
    out["az_win_rate"] = {"value": 100.0 * wins / n if n else float("nan"), "range": None}
    m, lo, hi = _pct([r.get("war_days", r["end_turn"]) for r in records])
    out["war_length"] = {"value": m, "range": (lo, hi)}
    shusha = [r["captures"]["Shusha"]["turn"] for r in records if r["captures"].get("Shusha", {}).get("by") == "azerbaijan"]
    m, lo, hi = _pct(shusha)
    out["shusha_day"] = {"value": m, "range": (lo, hi), "note": f"Shusha/Shushi fell in {len(shusha)} of {n} games"}
    for key, side, cat in (("az_killed", "azerbaijan", "personnel_killed"), ("am_killed", "armenia", "personnel_killed"),
                           ("am_tanks", "armenia", "tanks"), ("az_tanks", "azerbaijan", "tanks")):
        m, lo, hi = _pct([r["losses"][side][cat] for r in records])
        out[key] = {"value": m, "range": (lo, hi)}
    held, broke = 0, 0
    for r in records:
        for c in r.get("ceasefires", []):
            if c.get("kind", "humanitarian") != "humanitarian" or not c.get("accepted"):
                continue
            held += 1
            if c.get("broke"):
                start = dt.date.fromisoformat(str(c["effective"])[:10])
                if (dt.date.fromisoformat(str(c["broke"])[:10]) - start).days <= 2:
                    broke += 1
    out["hc_break"] = {"value": 100.0 * broke / held if held else float("nan"), "range": None,
                       "note": f"{held} humanitarian ceasefires in force over all games"}
    return out


def counterfactual_checks(base: list[dict[str, Any]], cf: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Each counterfactual check of ``calibration/bands.yaml`` (``counterfactuals:``) measured against ``base``.

    ``win_rate_drop``: Azerbaijan's win rate in the historical games minus in the counterfactual's
    (percentage points). ``loss_ratio``: mean of ``losses.<side>.<category>`` in the counterfactual's
    games over the same mean in the historical games.
    """
    checks = yaml.safe_load(BANDS.read_text(encoding="utf-8")).get("counterfactuals", [])
    out = []
    for c in checks:
        recs = cf.get(c["scenario"], [])
        if not recs or not base:
            continue
        if c["measure"] == "win_rate_drop":
            b = 100.0 * sum(r["winner"] == "azerbaijan" for r in base) / len(base)
            v = 100.0 * sum(r["winner"] == "azerbaijan" for r in recs) / len(recs)
            got = b - v
            detail = f"Azerbaijan wins {b:.0f} % of historical games, {v:.0f} % of these"
        else:
            side, cat = c["side"], c["category"]
            b = float(np.mean([r["losses"][side][cat] for r in base]))
            v = float(np.mean([r["losses"][side][cat] for r in recs]))
            got = v / b if b > 0 else float("inf")
            detail = f"{side} {cat} lost: mean {b:.1f} in historical games, {v:.1f} in these"
        out.append({**c, "value": got, "games": len(recs), "detail": detail, "ok": bool(got >= c["at_least"])})
    return out


def write_report(records: list[dict[str, Any]], out: Path, seconds: float,
                 counterfactuals: list[dict[str, Any]] | None = None) -> Path:
    bands = yaml.safe_load(BANDS.read_text(encoding="utf-8"))["bands"]
    got = measures(records)
    lines = [
        "# Calibration report", "",
        f"{len(records)} games of `historical_2020` (seeds {records[0]['seed']}-{records[-1]['seed']}), players "
        f"{records[0].get('players', {}).get('azerbaijan', '?')} v {records[0].get('players', {}).get('armenia', '?')}, "
        f"{seconds:.0f} s. Regenerate with `karabakh calibrate --games {len(records)}`.", "",
        "| target | documented | median | 10-90 % | band | inside |", "|---|---|---|---|---|---|",
    ]
    inside_all = True
    for b in bands:
        g = got[b["id"]]
        v = g["value"]
        rng = g["range"]
        ok = bool(np.isfinite(v) and b["low"] <= v <= b["high"])
        inside_all &= ok
        rng_s = f"{rng[0]:.0f}-{rng[1]:.0f}" if rng and np.isfinite(rng[0]) else "-"
        val_s = f"{v:.0f}" if np.isfinite(v) else "n/a"
        lines.append(f"| {b['label']} ({b['unit']}) | {b['documented']} | {val_s} | {rng_s} | {b['low']:g}-{b['high']:g} | {'yes' if ok else 'no'} |")
    lines.append("")
    for b in bands:
        if got[b["id"]].get("note"):
            lines.append(f"- {b['label']}: {got[b['id']]['note']}.")
    if counterfactuals:
        lines += ["", "## Counterfactuals", "",
                  "Each counterfactual is played on the same seeds and set beside the historical games above.", "",
                  "| counterfactual | check | measured | needed | games | met |", "|---|---|---|---|---|---|"]
        for c in counterfactuals:
            unit = " points" if c["measure"] == "win_rate_drop" else "x"
            lines.append(f"| `{c['scenario']}` | {c['label']} ({c['detail']}) | {c['value']:.1f}{unit} | "
                         f"at least {c['at_least']:g}{unit} | {c['games']} | {'yes' if c['ok'] else 'no'} |")
    outcomes: dict[str, int] = {}
    for r in records:
        k = f"{r['winner']} ({r['outcome']})" if r["winner"] != "draw" else "draw"
        outcomes[k] = outcomes.get(k, 0) + 1
    lines += ["", "Outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) + ".", "",
              "![Territory held by Azerbaijan](territory.png)", ""]
    caps: dict[str, list[int]] = {}
    for r in records:
        for town, c in r["captures"].items():
            if c["by"] == "azerbaijan":
                caps.setdefault(town, []).append(c["turn"])
    if caps:
        from game.hexmap.theatre import town_label

        lines += ["| town taken by Azerbaijan | games | median day |", "|---|---|---|"]
        for town in sorted(caps, key=lambda t: (-len(caps[t]), t)):
            lines.append(f"| {town_label(town)} | {len(caps[town])} | {float(np.median(caps[town])):.0f} |")
    out.mkdir(parents=True, exist_ok=True)
    _plot_territory(records, out / "territory.png")
    from game.fileio import atomic_write_text

    path = out / "report.md"
    atomic_write_text(path, "\n".join(lines) + "\n")
    return path


def _plot_territory(records: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = max(len(r["territory"]) for r in records)
    arr = np.full((len(records), n), np.nan)
    for i, r in enumerate(records):
        t = [x[0] for x in r["territory"]]
        arr[i, : len(t)] = t
        arr[i, len(t):] = t[-1]
    start = arr[:, 0:1]
    gained = (arr - start) * 2.5 * 2.5 * 0.866  # km2 per hex (2.5 km spacing)
    days = np.arange(n)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    ax.fill_between(days, np.nanpercentile(gained, 10, axis=0), np.nanpercentile(gained, 90, axis=0), alpha=0.3, label="10-90 % of games")
    ax.plot(days, np.nanmedian(gained, axis=0), lw=2, label="median")
    ax.set_xlabel("day of the war (0 = start of 27 September 2020)")
    ax.set_ylabel("territory gained by Azerbaijan (km²)")
    ax.set_title(f"Territory held by Azerbaijan, {len(records)} games of the historical scenario")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def cmd_calibrate(args: argparse.Namespace) -> int:
    from game.record import dumps
    from game.scenario.errors import ScenarioError
    from game.scenario.limits import workers_problem
    from game.scenario.loader import load_scenario

    why = workers_problem(args.workers)
    if why:
        print(f"karabakh calibrate: {why}", file=sys.stderr)
        return 2
    try:
        load_scenario("historical_2020")
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    records = play_many("historical_2020", range(args.seed0, args.seed0 + args.games), args.workers, progress=not args.no_progress)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from game.fileio import atomic_write_text

    atomic_write_text(out / "results.jsonl", "".join(dumps(r) + "\n" for r in records))
    checks = yaml.safe_load(BANDS.read_text(encoding="utf-8")).get("counterfactuals", [])
    cf: dict[str, list[dict[str, Any]]] = {}
    n_cf = min(args.counterfactual_games, args.games)
    for name in sorted({c["scenario"] for c in checks}) if n_cf > 0 else []:
        cf[name] = play_many(name, range(args.seed0, args.seed0 + n_cf), args.workers, progress=not args.no_progress)
    results = counterfactual_checks(records[:n_cf], cf) if cf else []
    path = write_report(records, out, time.perf_counter() - t0, results)
    print(path.read_text(encoding="utf-8"))
    return 0
