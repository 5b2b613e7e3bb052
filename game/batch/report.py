"""``report.png``: the batch at a glance, for analysts who want a picture before the CSV.

A leaf module: only :func:`game.batch.summary.plot_report` imports it, so the
runner and the engine never load matplotlib. Rendering uses the Agg backend
(no display needed on a cluster node).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from game.batch.summary import group, key_towns, summarise, wilson
from game.sides import SIDES

__all__ = ["plot_report"]

SIDE_COLOURS = {"azerbaijan": "#1f77b4", "armenia": "#d62728"}
OUTCOME_BANDS = (  # (winner, class, label, colour), Azerbaijani wins at the bottom
    ("azerbaijan", "decisive", "Azerbaijan decisive", "#08519c"),
    ("azerbaijan", "marginal", "Azerbaijan marginal", "#6baed6"),
    ("draw", "draw", "draw", "#bdbdbd"),
    ("armenia", "marginal", "Armenia marginal", "#fc9272"),
    ("armenia", "decisive", "Armenia decisive", "#a50f15"),
)
EQUIPMENT = ("tanks", "afv", "artillery", "mlrs", "air_defence", "drones", "aircraft")


def _label(point: Mapping[str, Any]) -> str:
    if not point:
        return "all games"
    return ", ".join(f"{p.rsplit('.', 1)[-1]}={v}" for p, v in point.items())


def _outcomes(ax: Any, groups: list[tuple[dict[str, Any], list[dict[str, Any]], int]]) -> None:
    labels = [_label(p) for p, _, _ in groups]
    x = np.arange(len(groups))
    bottom = np.zeros(len(groups))
    for winner, cls, name, colour in OUTCOME_BANDS:
        share = np.array([
            100 * sum(1 for g in games if g["winner"] == winner and (winner == "draw" or g["outcome"] == cls)) / max(1, len(games))
            for _, games, _ in groups
        ])
        ax.bar(x, share, bottom=bottom, color=colour, label=name, width=0.7, edgecolor="white", linewidth=0.5)
        for i, (s, b) in enumerate(zip(share, bottom, strict=True)):
            if s >= 8:
                ax.text(i, b + s / 2, f"{s:.0f}%", ha="center", va="center", fontsize=8,
                        color="white" if cls == "decisive" else "black")
        bottom += share
    ax.set_xticks(x, [f"{lb}\n(n={len(g)})" for lb, (_, g, _) in zip(labels, groups, strict=True)],
                  fontsize=8, rotation=30 if len(groups) > 4 else 0, ha="right" if len(groups) > 4 else "center")
    ax.set_ylim(0, 100)
    if len(groups) == 1:
        ax.set_xlim(-1.2, 1.2)
    ax.set_ylabel("share of games (%)")
    ax.set_title("Outcome by sweep point" if len(groups) > 1 else "Outcome")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16 if len(groups) <= 4 else -0.3), ncol=5,
              frameon=False, handlelength=1.2, columnspacing=1.0)


def _losses(ax: Any, games: list[dict[str, Any]], note: str) -> None:
    pos = np.arange(len(EQUIPMENT))
    handles = []
    for k, side in enumerate(SIDES):
        data = [[g["losses"][side].get(cat, 0) for g in games] or [0] for cat in EQUIPMENT]
        bp = ax.boxplot(data, positions=pos + (k - 0.5) * 0.36, widths=0.3, patch_artist=True, whis=(10, 90),
                        showfliers=False, medianprops={"color": "black"})
        for b in bp["boxes"]:
            b.set_facecolor(SIDE_COLOURS[side])
            b.set_alpha(0.75)
        handles.append(bp["boxes"][0])
    ax.set_xticks(pos, [c.replace("_", " ") for c in EQUIPMENT], fontsize=8)
    ax.set_ylabel("lost per game")
    ax.set_title(f"Equipment losses{note} (box 25-75 %, whiskers 10-90 %)")
    ax.legend(handles, [s.capitalize() for s in SIDES], fontsize=8, frameon=False)


def _personnel(ax: Any, groups: list[tuple[dict[str, Any], list[dict[str, Any]], int]]) -> None:
    pos = np.arange(len(groups))
    handles = []
    for k, side in enumerate(SIDES):
        data = [[g["losses"][side].get("personnel_killed", 0) for g in games] or [0] for _, games, _ in groups]
        bp = ax.boxplot(data, positions=pos + (k - 0.5) * 0.36, widths=0.3, patch_artist=True, whis=(10, 90),
                        showfliers=False, medianprops={"color": "black"})
        for b in bp["boxes"]:
            b.set_facecolor(SIDE_COLOURS[side])
            b.set_alpha(0.75)
        handles.append(bp["boxes"][0])
    ax.legend(handles, [s.capitalize() for s in SIDES], fontsize=8, frameon=False)
    if len(groups) == 1:
        ax.set_xlim(-1, 1)
    civ = {side: [float(np.median([g["losses"][side].get("civilians_killed", 0) for g in games])) if games else math.nan
                  for _, games, _ in groups] for side in SIDES}
    ax.set_xticks(pos, [_label(p) for p, _, _ in groups], fontsize=8, rotation=30 if len(groups) > 4 else 0,
                  ha="right" if len(groups) > 4 else "center")
    ax.set_ylabel("killed per game")
    ax.set_title("Military personnel killed (civilians killed, median: "
                 + ", ".join(f"{s.capitalize()} {np.nanmedian(civ[s]):.0f}" for s in SIDES) + ")", fontsize=10)


def _captures(ax: Any, groups: list[tuple[dict[str, Any], list[dict[str, Any]], int]], towns: list[str]) -> None:
    if not towns:
        ax.text(0.5, 0.5, "no town changed hands", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    rng = np.random.Generator(np.random.PCG64(0))  # fixed jitter: the same picture every time
    npts = len(groups)
    cmap = _point_colours(npts)
    all_games = [g for _, games, _ in groups for g in games]
    for i, town in enumerate(towns):
        days = [g["captures"][town] for g in all_games if town in g["captures"]]
        ax.boxplot([days], positions=[i], **_horizontal(), widths=0.6, whis=(10, 90), showfliers=False,
                   medianprops={"color": "black"}, boxprops={"color": "#555555"})
        for j, (_, games, _) in enumerate(groups):
            d = [g["captures"][town] for g in games if town in g["captures"]]
            if d:
                off = (j - (npts - 1) / 2) * (0.5 / max(1, npts)) if npts > 1 else 0.0
                ax.scatter(d, i + off + rng.uniform(-0.12, 0.12, len(d)) / max(1, npts), s=12, alpha=0.65, color=cmap[j], linewidths=0)
    share = [100 * sum(1 for g in all_games if t in g["captures"]) / max(1, len(all_games)) for t in towns]
    from game.hexmap.theatre import town_label

    ax.set_yticks(range(len(towns)), [f"{town_label(t)} ({s:.0f}%)" for t, s in zip(towns, share, strict=True)], fontsize=8)
    ax.invert_yaxis()
    if npts > 1:
        from matplotlib.lines import Line2D

        ax.legend([Line2D([], [], marker="o", linestyle="", color=c, markersize=5) for c in cmap],
                  [_label(p) for p, _, _ in groups], fontsize=7, frameon=False, loc="lower right")
    ax.set_xlabel("day of the war when the town last changed hands (box: all games, 25-75 %, whiskers 10-90 %)")
    ax.set_title("Key towns: capture day (share of games captured)")


def _horizontal() -> dict[str, Any]:
    import matplotlib

    major, minor = (int(x) for x in matplotlib.__version__.split(".")[:2])
    return {"orientation": "horizontal"} if (major, minor) >= (3, 10) else {"vert": False}


def _point_colours(n: int) -> list[Any]:
    import matplotlib

    cmap = matplotlib.colormaps["viridis"]
    return [cmap(0.15 + 0.7 * i / max(1, n - 1)) if n > 1 else "#1f77b4" for i in range(n)]


def _territory(ax: Any, groups: list[tuple[dict[str, Any], list[dict[str, Any]], int]]) -> None:
    colours = _point_colours(len(groups))
    for (point, games, _), colour in zip(groups, colours, strict=True):
        series = [g["territory"] for g in games if g["territory"]]
        if not series:
            continue
        length = max(len(s) for s in series)
        # After a war ends the line holds: carry each game's last position forward.
        a = np.array([s + [s[-1]] * (length - len(s)) for s in series], dtype=float)
        a -= a[:, :1]
        lo, med, hi = np.percentile(a, [10, 50, 90], axis=0)
        days = np.arange(length)
        ax.fill_between(days, lo, hi, color=colour, alpha=0.2, linewidth=0)
        ax.plot(days, med, color=colour, label=_label(point), linewidth=1.8)
    ax.set_xlabel("day of the war (0 = start)")
    ax.set_ylabel("hexes gained by Azerbaijan since day 0")
    ax.set_title("Territory taken by Azerbaijan: median and 10-90 % band")
    if len(groups) > 1:
        ax.legend(fontsize=7, frameon=False)


def _war_length(ax: Any, games: list[dict[str, Any]]) -> None:
    turns = np.array([g["end_turn"] for g in games])
    bins = np.arange(turns.min() - 0.5, turns.max() + 1.5) if len(turns) else 10
    for winner, _, name, colour in (OUTCOME_BANDS[0], OUTCOME_BANDS[2], OUTCOME_BANDS[4]):
        sel = [g["end_turn"] for g in games if g["winner"] == winner]
        if sel:
            ax.hist(sel, bins=bins, color=colour, alpha=0.6, label=f"{name.split()[0]} ({len(sel)})")
    if len(turns):
        ax.set_xlim(0, turns.max() + 2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("last day of the war (turn)")
    ax.set_ylabel("games")
    ax.set_title("War length, by winner")
    ax.legend(fontsize=8, frameon=False)


def _sweep(ax: Any, rows: list[dict[str, Any]], paths: list[str]) -> None:
    main = paths[0]
    others = paths[1:]
    values = []
    for r in rows:
        if r[main] not in values:
            values.append(r[main])
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    index = {json.dumps(v): i for i, v in enumerate(values)}

    def xpos(v: Any) -> float:
        return float(v) if numeric else float(index[json.dumps(v)])

    lines: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        lines.setdefault(", ".join(f"{p.rsplit('.', 1)[-1]}={r[p]}" for p in others), []).append(r)
    # With other sweeps, one line per combination for Azerbaijani wins only; otherwise all three outcomes.
    outcomes = (("win_azerbaijan", "-"),) if others else (("win_azerbaijan", "-"), ("win_armenia", "--"), ("draw", ":"))
    names = {"win_azerbaijan": "Azerbaijan wins", "win_armenia": "Armenia wins", "draw": "draw"}
    colours = _point_colours(len(lines))
    xs = [xpos(v) for v in values]
    span = (max(xs) - min(xs)) or 1.0
    series = [(label, rs, colour, w, style) for (label, rs), colour in zip(lines.items(), colours, strict=True) for w, style in outcomes]
    for j, (label, rs, colour, w, style) in enumerate(series):
        dodge = (j - (len(series) - 1) / 2) * 0.012 * span  # keep overlapping intervals apart
        x = np.array([xpos(r[main]) for r in rs]) + dodge
        y = np.array([100 * r[w] for r in rs])
        lo = np.array([100 * r[f"{w}_lo"] for r in rs])
        hi = np.array([100 * r[f"{w}_hi"] for r in rs])
        c = colour if others else {"win_azerbaijan": SIDE_COLOURS["azerbaijan"], "win_armenia": SIDE_COLOURS["armenia"], "draw": "#777777"}[w]
        ax.errorbar(x, y, yerr=[np.maximum(0, y - lo), np.maximum(0, hi - y)], fmt="o" + style, color=c, capsize=3,
                    label=label if others else names[w], markersize=4)
    if not numeric:
        ax.set_xticks(range(len(values)), [str(v) for v in values])
        ax.set_xlim(-0.5, len(values) - 0.5)
    ax.set_ylim(-2, 102)
    ax.set_xlabel(main)
    ax.set_ylabel("share of games (%), 95 % Wilson interval")
    ax.set_title(f"Azerbaijani wins against {main}" if others else f"Outcome against {main}")
    ax.legend(fontsize=7, frameon=False)


def plot_report(records: Iterable[Mapping[str, Any]], path: Path, grid: Sequence[Mapping[str, Any]] | None = None,
                title: str | None = None) -> Path:
    """Draw the report to ``path`` (PNG) and return the path."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    records = list(records)
    groups = group(records, grid)
    rows = summarise(records, grid)
    paths: list[str] = []
    for point, _, _ in groups:
        paths.extend(p for p in point if p not in paths)
    all_games = [g for _, games, _ in groups for g in games]
    towns = key_towns(all_games)[:16]
    swept = bool(paths) and len(groups) > 1

    nrows = 3
    fig = plt.figure(figsize=(15, 5.2 * nrows), dpi=100, layout="constrained")
    gs = fig.add_gridspec(nrows, 2)
    _outcomes(fig.add_subplot(gs[0, 0]), groups)
    _territory(fig.add_subplot(gs[0, 1]), groups)
    _losses(fig.add_subplot(gs[1, 0]), all_games, " (all sweep points)" if len(groups) > 1 else "")
    _captures(fig.add_subplot(gs[1, 1]), groups, towns)
    if swept:
        _personnel(fig.add_subplot(gs[2, 0]), groups)
        _sweep(fig.add_subplot(gs[2, 1]), rows, paths)
    else:
        _personnel(fig.add_subplot(gs[2, 0]), groups)
        _war_length(fig.add_subplot(gs[2, 1]), all_games)
    n = len(all_games)
    fails = sum(f for _, _, f in groups)
    lo, hi = wilson(sum(1 for g in all_games if g["winner"] == "azerbaijan"), n)
    head = title or "Batch report"
    fig.suptitle(f"{head}: {n} games" + (f", {fails} failed" if fails else "")
                 + (f", {len(groups)} sweep points" if len(groups) > 1 else f"; Azerbaijan wins {100 * lo:.0f}-{100 * hi:.0f} % (95 %)"),
                 fontsize=14)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, bbox_inches="tight")
    plt.close(fig)
    tmp.replace(path)
    return path
