"""Distributions over a batch's games, one row per sweep point: ``summary.csv`` and the stdout table.

Reading results is kept apart from playing them, so calibration and notebooks
can call :func:`summarise` on any list of records (or on records streamed from
a ``results.jsonl``). Rows are ordered by the sweep grid and never depend on
the order in which games finished. Rates carry 95 % Wilson score intervals,
which stay inside [0, 1] and behave at 0 and 100 % where the normal
approximation does not (Wilson 1927; Brown, Cai & DasGupta 2001).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.batch.grid import point_key
from game.sides import SIDES

__all__ = [
    "LOSS_CATEGORIES",
    "WINNERS",
    "compact",
    "format_table",
    "plot_report",
    "summarise",
    "wilson",
    "write_csv",
]

WINNERS = ("azerbaijan", "armenia", "draw")
#: Loss columns, in the record's order (``docs/record.md``); civilians killed are counted per side too.
LOSS_CATEGORIES = (
    "personnel_killed", "personnel_wounded", "personnel_captured", "tanks", "afv", "artillery", "mlrs",
    "missile_launchers", "air_defence", "atgm", "trucks", "drones", "decoys", "aircraft", "civilians_killed",
)
Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval for ``k`` successes in ``n`` trials; (nan, nan) when n = 0."""
    if n <= 0:
        return math.nan, math.nan
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # At 0 and n the exact bound is 0 or 1; rounding must not put it on the wrong side of p.
    lo = 0.0 if k <= 0 else max(0.0, centre - half)
    hi = 1.0 if k >= n else min(1.0, centre + half)
    return lo, hi


def compact(rec: Mapping[str, Any]) -> dict[str, Any]:
    """The few numbers a summary needs from a game record (a full record carries every order)."""
    if rec.get("_compact"):
        return dict(rec)
    if "error" in rec:
        return {"_compact": True, "seed": rec["seed"], "sweep": dict(rec.get("sweep") or {}), "error": rec["error"]}
    cfs = rec.get("ceasefires") or []
    return {
        "_compact": True,
        "seed": int(rec["seed"]),
        "sweep": dict(rec.get("sweep") or {}),
        "winner": rec["winner"],
        "outcome": rec["outcome"],
        "end_turn": int(rec["end_turn"]),
        "captures": {town: int(c["turn"]) for town, c in (rec.get("captures") or {}).items()},
        "capturer": {town: c.get("by") for town, c in (rec.get("captures") or {}).items()},
        "losses": {side: {k: v for k, v in (rec.get("losses") or {}).get(side, {}).items() if isinstance(v, int | float)}
                   for side in SIDES},
        "ceasefires": [len(cfs), sum(1 for c in cfs if c.get("accepted")), sum(1 for c in cfs if c.get("broke"))],
        "agreement": rec.get("agreement") is not None,
        "territory": [int(t[0]) for t in rec.get("territory") or []],
        "wall_s": rec.get("wall_s"),
    }


def _pct(values: Sequence[float]) -> tuple[float, float, float]:
    """Median, 10th and 90th percentile (linear interpolation); nan for no values."""
    if not values:
        return math.nan, math.nan, math.nan
    a = np.asarray(values, dtype=float)
    lo, med, hi = np.percentile(a, [10, 50, 90])
    return float(med), float(lo), float(hi)


def _sort_value(v: Any) -> tuple[int, Any]:
    if isinstance(v, bool):
        return 0, int(v)
    if isinstance(v, int | float):
        return 1, v
    return 2, str(v)


def group(records: Iterable[Mapping[str, Any]], grid: Sequence[Mapping[str, Any]] | None = None
          ) -> list[tuple[dict[str, Any], list[dict[str, Any]], int]]:
    """(point, its successful games sorted by seed, unresolved failures) per sweep point, in grid order.

    A success supersedes a failure of the same seed (resume plays failures again); a seed's
    first success wins over a repeat.
    """
    ok: dict[str, dict[int, dict[str, Any]]] = {}
    failed: dict[str, set[int]] = {}
    points: dict[str, dict[str, Any]] = {}
    for raw in records:
        rec = compact(raw)
        pk = point_key(rec["sweep"])
        points.setdefault(pk, rec["sweep"])
        seed = int(rec["seed"])
        if "error" in rec:
            failed.setdefault(pk, set()).add(seed)
        else:
            ok.setdefault(pk, {}).setdefault(seed, rec)
    from_grid = {point_key(p): p for p in grid or []}
    keys = list(from_grid)
    for pk in points:
        if pk not in keys:
            keys.append(pk)
    if not grid:
        paths = sorted({path for p in points.values() for path in p})
        keys.sort(key=lambda k: [_sort_value(points[k].get(path)) for path in paths])
    out = []
    for pk in keys:
        games = ok.get(pk, {})
        # The grid's own dict keeps the order of the sweeps; a record's went through sorted JSON.
        point = dict(from_grid.get(pk) or points[pk])
        fails = len(failed.get(pk, set()) - set(games))
        out.append((point, [games[s] for s in sorted(games)], fails))
    return out


def key_towns(games: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every town captured in any game, earliest median capture day first."""
    days: dict[str, list[int]] = {}
    for g in games:
        for town, turn in g["captures"].items():
            days.setdefault(town, []).append(turn)
    return sorted(days, key=lambda t: (float(np.median(days[t])), t))


def summarise(records: Iterable[Mapping[str, Any]], grid: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One row per sweep point: the point's values, games, failures, rates with Wilson intervals, percentiles."""
    groups = group(records, grid)
    all_games = [g for _, games, _ in groups for g in games]
    towns = key_towns(all_games)
    paths: list[str] = []
    for point, _, _ in groups:
        paths.extend(p for p in point if p not in paths)
    rows = []
    for point, games, fails in groups:
        n = len(games)
        row: dict[str, Any] = {p: point.get(p) for p in paths}
        row["games"] = n
        row["failures"] = fails
        for w in WINNERS:
            k = sum(1 for g in games if g["winner"] == w)
            lo, hi = wilson(k, n)
            name = "draw" if w == "draw" else f"win_{w}"
            row[name] = k / n if n else math.nan
            row[f"{name}_lo"] = lo
            row[f"{name}_hi"] = hi
        for w in SIDES:
            for cls in ("decisive", "marginal"):
                row[f"{cls}_{w}"] = sum(1 for g in games if g["winner"] == w and g["outcome"] == cls) / n if n else math.nan
        med, lo, hi = _pct([g["end_turn"] for g in games])
        row.update(end_turn_median=med, end_turn_p10=lo, end_turn_p90=hi)
        med, lo, hi = _pct([g["territory"][-1] - g["territory"][0] for g in games if g["territory"]])
        row.update(territory_gain_median=med, territory_gain_p10=lo, territory_gain_p90=hi)
        for town in towns:
            days = [g["captures"][town] for g in games if town in g["captures"]]
            row[f"captured_{town}"] = len(days) / n if n else math.nan
            row[f"capture_day_{town}"] = _pct(days)[0]
        for side in SIDES:
            for cat in LOSS_CATEGORIES:
                med, lo, hi = _pct([g["losses"][side].get(cat, 0) for g in games])
                row[f"{side}_{cat}_median"] = med
                row[f"{side}_{cat}_p10"] = lo
                row[f"{side}_{cat}_p90"] = hi
        for i, what in enumerate(("proposed", "accepted", "broken")):
            row[f"ceasefires_{what}_mean"] = float(np.mean([g["ceasefires"][i] for g in games])) if n else math.nan
        row["agreement_share"] = sum(1 for g in games if g["agreement"]) / n if n else math.nan
        rows.append(row)
    return rows


def _cell(v: Any) -> Any:
    if isinstance(v, float):
        return "" if math.isnan(v) else round(v, 4)
    if isinstance(v, dict | list):
        return point_key(v) if isinstance(v, dict) else str(v)
    return v


def write_csv(rows: Sequence[Mapping[str, Any]], path: Path) -> None:
    """``summary.csv``, written atomically (a reader never sees half a table)."""
    import io

    from game.fileio import atomic_write_text

    cols: list[str] = []
    for r in rows:
        cols.extend(c for c in r if c not in cols)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r.get(c, "")) for c in cols])
    atomic_write_text(path, buf.getvalue())


def _pc(row: Mapping[str, Any], name: str) -> str:
    p, lo, hi = row[name], row[f"{name}_lo"], row[f"{name}_hi"]
    if math.isnan(p):
        return "-"
    return f"{100 * p:3.0f}% [{100 * lo:.0f}-{100 * hi:.0f}]"


def format_table(rows: Sequence[Mapping[str, Any]], paths: Sequence[str] = ()) -> str:
    """A compact plain-text table for the terminal: one line per sweep point."""
    head = [*(p.rsplit(".", 1)[-1] for p in paths), "games", "failed", "Azerbaijan wins", "Armenia wins", "draw", "war length (days)"]
    body = []
    for r in rows:
        length = "-" if math.isnan(r["end_turn_median"]) else f"{r['end_turn_median']:.0f} [{r['end_turn_p10']:.0f}-{r['end_turn_p90']:.0f}]"
        body.append([*(str(r.get(p)) for p in paths), str(r["games"]), str(r["failures"]),
                     _pc(r, "win_azerbaijan"), _pc(r, "win_armenia"), _pc(r, "draw"), length])
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
    lines = ["  ".join(x.rjust(w) for x, w in zip(line, widths, strict=True)) for line in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n(rates with 95 % Wilson intervals; war length: median [10-90 %])"


def plot_report(records: Iterable[Mapping[str, Any]], path: Path | str, grid: Sequence[Mapping[str, Any]] | None = None,
                title: str | None = None) -> Path:
    """``report.png``: outcomes, losses, capture days, territory over time, win rate along a sweep."""
    from game.batch.report import (
        plot_report as _plot,  # matplotlib only when a picture is asked for
    )

    return _plot(records, Path(path), grid, title)
