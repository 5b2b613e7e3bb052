"""Draw the whole theatre map to a PNG (matplotlib, Agg backend).

Everything is drawn from the committed map alone, in the plane of
:mod:`game.hexmap.projection` (km east and south of the north-west corner), so
the picture shows exactly what the rules see: hex relief, hexside rivers and
roads, hexside borders, and the line of contact where ``control0`` changes.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from .shading import hillshade, tint
from .theatre import Country, RiverClass, RoadClass, Terrain, TheatreMap

__all__ = ["render_map"]

#: Hypsometric tint stops (metres, RGB).
TINT = [
    (0, (0.54, 0.70, 0.47)), (200, (0.66, 0.78, 0.52)), (500, (0.82, 0.85, 0.58)),
    (900, (0.90, 0.83, 0.58)), (1400, (0.83, 0.68, 0.48)), (2000, (0.70, 0.55, 0.42)),
    (2600, (0.66, 0.60, 0.58)), (3200, (0.86, 0.85, 0.85)), (3800, (0.98, 0.98, 0.98)),
]
WATER_RGB = (0.55, 0.74, 0.90)
RIVER_COLOUR = "#1f5fa8"
LOC_COLOUR = "#d11a1a"
LABEL_OFFSETS = {  # (dx, dy) in points; the default puts the label to the right
    "shusha": (-4, -9), "stepanakert": (5, 2), "khojaly": (-5, 2), "askeran": (5, 3), "agdam": (5, -2),
    "madagiz": (-5, 2), "talish": (-5, 2), "martakert": (-5, -4), "verishen": (-5, 5), "khndzoresk": (5, -6),
    "jojug_marjanli": (4, -7), "horadiz": (5, 3), "goris": (-5, 0),
}


def _tint(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return tint(z, TINT)


_hillshade = hillshade


def _centres(tm: TheatreMap) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    size = tm.projection.hex_size_km
    q, r = tm.q.astype(np.float64), tm.r.astype(np.float64)
    return size * (math.sqrt(3) * q + math.sqrt(3) / 2 * r), size * 1.5 * r


def _side_segments(tm: TheatreMap, mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    """(k, 2, 2) end points of the hexsides flagged in an (n, 6) mask (each side once)."""
    x, y = _centres(tm)
    size = tm.projection.hex_size_km
    nb = tm.neighbours
    m = mask & (nb > np.arange(tm.n)[:, None])  # each side once, from its lower-index hex
    ii, dd = np.nonzero(m)
    segs = np.empty((ii.size, 2, 2))
    for k in range(6):
        sel = dd == k
        a0 = math.radians(30.0 - 60.0 * k)  # screen angles (y down) of the side's corners
        a1 = math.radians(-30.0 - 60.0 * k)
        for j, ang in enumerate((a0, a1)):
            segs[sel, j, 0] = x[ii[sel]] + size * math.cos(ang)
            segs[sel, j, 1] = y[ii[sel]] + size * math.sin(ang)
    return segs


def _centre_segments(tm: TheatreMap, mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    x, y = _centres(tm)
    nb = tm.neighbours
    m = mask & (nb > np.arange(tm.n)[:, None])
    ii, dd = np.nonzero(m)
    jj = nb[ii, dd]
    return np.stack([np.stack([x[ii], y[ii]], 1), np.stack([x[jj], y[jj]], 1)], axis=1)


def _changes(tm: TheatreMap, layer: NDArray[np.integer]) -> NDArray[np.bool_]:
    nb = tm.neighbours
    out: NDArray[np.bool_] = (nb >= 0) & (layer[np.maximum(nb, 0)] != layer[:, None])
    return out


def render_map(tm: TheatreMap, out: str | Path, width: int = 2000, title: str | None = None) -> Path:
    """Write the map to ``out`` as a PNG ``width`` pixels wide; returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.patheffects as pe
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch


    proj = tm.projection
    size = proj.hex_size_km
    x, y = _centres(tm)
    xmax, ymax = float(x.max() + size), float(y.max() + size)
    scale = width / 2000.0
    dpi = 100
    fig_w = width / dpi
    fig_h = fig_w * (ymax + size) / (xmax + size) * 0.93 / 0.9  # axes box matches the map aspect
    fig = plt.figure(figsize=(fig_w, fig_h), dpi=dpi)
    ax = fig.add_axes((0.055, 0.045, 0.93, 0.9))

    # --- relief ---------------------------------------------------------------
    z = tm.elev_mean.astype(np.float64)
    rgb = _tint(z) * (0.45 + 0.65 * _hillshade(tm, z))[:, None]
    rgb = np.clip(rgb, 0, 1)
    water = tm.terrain == Terrain.WATER
    rgb[water] = WATER_RGB
    iran = tm.country == Country.IRAN
    rgb[iran] = 0.45 * rgb[iran] + 0.55
    ang = np.radians(np.arange(6) * 60.0 + 30.0)
    corners = np.stack([x[:, None] + size * 1.01 * np.cos(ang)[None, :], y[:, None] + size * 1.01 * np.sin(ang)[None, :]], axis=2)
    ax.add_collection(PolyCollection(list(corners), facecolors=rgb, edgecolors="none", zorder=1))
    forest = tm.terrain == Terrain.FOREST
    ax.add_collection(PolyCollection(list(corners[forest]), facecolors=(0.18, 0.42, 0.20, 0.28), edgecolors="none", zorder=2))
    urban = tm.terrain == Terrain.URBAN
    ax.add_collection(PolyCollection(list(corners[urban]), facecolors=(0.35, 0.33, 0.33, 0.55), edgecolors="none", zorder=2))
    # Fortified belt: hatched, denser where the works were deeper; red on the Armenian-held side.
    for level, hatch in ((1, "//"), (2, "///"), (3, "////")):
        sel = (tm.fort == level) & (tm.control0 == 1)
        ax.add_collection(PolyCollection(list(corners[sel]), facecolors=(0.75, 0.1, 0.1, 0.04 * level),
                                         edgecolors=(0.55, 0.0, 0.0, 0.45), linewidths=0.0, hatch=hatch, zorder=3))
        sel = (tm.fort == level) & (tm.control0 == 0)
        ax.add_collection(PolyCollection(list(corners[sel]), facecolors=(0.1, 0.2, 0.7, 0.04 * level),
                                         edgecolors=(0.1, 0.2, 0.6, 0.40), linewidths=0.0, hatch=hatch.replace("/", "\\"), zorder=3))

    # --- lines on hexsides ---------------------------------------------------------
    district_change = _changes(tm, tm.district) & ~_changes(tm, tm.country)
    ax.add_collection(LineCollection(list(_side_segments(tm, district_change)), colors="#555555", linewidths=0.5 * scale,
                                     linestyles=(0, (3, 2)), alpha=0.7, zorder=4))
    border = _changes(tm, tm.country)
    ax.add_collection(LineCollection(list(_side_segments(tm, border)), colors="#222222", linewidths=1.8 * scale,
                                     linestyles=(0, (6, 2, 1, 2)), zorder=5))
    for cls, lw in ((RiverClass.STREAM, 0.7), (RiverClass.RIVER, 1.5), (RiverClass.MAJOR, 2.8)):
        segs = _side_segments(tm, tm.river == cls)
        ax.add_collection(LineCollection(list(segs), colors=RIVER_COLOUR, linewidths=lw * scale, capstyle="round", zorder=6))
    for rcls, lw, col in ((RoadClass.ROAD, 1.4, "#fffdf0"), (RoadClass.MAIN, 2.6, "#ffd21f")):
        segs = _centre_segments(tm, tm.road == rcls)
        ax.add_collection(LineCollection(list(segs), colors="#2b2b2b", linewidths=(lw + 1.4) * scale, capstyle="round", zorder=7))
        ax.add_collection(LineCollection(list(segs), colors=col, linewidths=lw * scale, capstyle="round", zorder=8))
    loc = loc_mask(tm)
    ax.add_collection(LineCollection(list(_side_segments(tm, loc)), colors=LOC_COLOUR, linewidths=3.4 * scale,
                                     capstyle="round", zorder=9))

    # --- labels -----------------------------------------------------------------
    halo = [pe.withStroke(linewidth=2.6 * scale, foreground="white")]
    for name, sides in sorted(tm.meta.get("rivers", {}).items()):
        if not sides:
            continue
        pts = np.array([[x[i] + math.cos(math.radians(-60 * d)) * size * 0.87, y[i] + math.sin(math.radians(-60 * d)) * size * 0.87] for i, d in sides])
        c = pts.mean(axis=0)
        k = int(np.argmin(((pts - c) ** 2).sum(axis=1)))
        ax.text(pts[k, 0], pts[k, 1], name, fontsize=8.5 * scale, color=RIVER_COLOUR, style="italic",
                ha="center", va="center", zorder=11, path_effects=halo)
    for lm in tm.meta.get("landmarks", []):
        i = int(lm["hex_index"])
        label = lm["name"] + (f" {lm['elev_m']:,} m" if lm.get("kind") == "peak" and lm.get("elev_m") else "")
        marker = {"peak": "^", "bridge": "X"}.get(lm.get("kind", ""), None)
        if marker:
            ax.plot(x[i], y[i], marker, ms=6 * scale, mfc="#3b2a1a", mec="white", mew=0.7 * scale, zorder=12)
        ax.annotate(label, (float(x[i]), float(y[i])), xytext=(5 * scale, -7 * scale), textcoords="offset points",
                    fontsize=7.5 * scale, style="italic", color="#3b2a1a", zorder=13, path_effects=halo)
    for t in tm.towns:
        i = t.hex_index
        tx, ty = float(x[i]), float(y[i])
        big = t.key or t.population >= 9000
        ax.plot(tx, ty, "o", ms=(5.5 if big else 3.0) * scale, mfc="black" if t.key else "#444444",
                mec="white", mew=0.8 * scale, zorder=12)
        if not big:
            continue
        dx, dy = LABEL_OFFSETS.get(t.id, (5, 0))
        ax.annotate(t.display_name, (tx, ty), xytext=(dx * scale, -dy * scale), textcoords="offset points",
                    fontsize=(10.5 if t.key else 8.5) * scale, fontweight="bold" if t.key else "normal",
                    ha="left" if dx >= 0 else "right", va="center", zorder=13, path_effects=halo)

    # --- frame: lat/lon ticks, scale bar, legend, title, credits ----------------------
    ax.set_xlim(-size, xmax)
    ax.set_ylim(ymax, -size)
    ax.set_aspect("equal")
    lons = np.arange(45.5, proj.lon_max + 1e-9, 0.25)
    lats = np.arange(38.75, proj.lat_max + 1e-9, 0.25)
    ax.set_xticks((lons - proj.lon_min) * proj.kx, [f"{v:.2f}°E" for v in lons], fontsize=8 * scale)
    ax.set_yticks((proj.lat_max - lats) * proj.ky, [f"{v:.2f}°N" for v in lats], fontsize=8 * scale)
    ax.grid(True, color="white", alpha=0.35, linewidth=0.5 * scale)
    sx, sy = 8.0, ymax - 12.0
    for k in range(4):
        ax.add_patch(matplotlib.patches.Rectangle((sx + 5 * k, sy), 5, 1.2, facecolor="black" if k % 2 == 0 else "white",
                                                  edgecolor="black", linewidth=0.6 * scale, zorder=14))
    ax.text(sx, sy - 1.2, "0", fontsize=8 * scale, ha="center", zorder=14, path_effects=halo)
    ax.text(sx + 20, sy - 1.2, "20 km", fontsize=8 * scale, ha="center", zorder=14, path_effects=halo)
    ax.text(sx + 10, sy + 3.8, f"hex = {proj.spacing_km:g} km centre to centre", fontsize=7 * scale, ha="center",
            zorder=14, path_effects=halo)
    handles = [
        Line2D([], [], color=LOC_COLOUR, lw=3.4 * scale, label="Line of contact 1994-2020 (estimate, ±3-6 km)"),
        Patch(facecolor=(0.75, 0.1, 0.1, 0.1), edgecolor=(0.55, 0, 0, 0.6), hatch="////", label="Fortified belt, Armenian-held side"),
        Patch(facecolor=(0.1, 0.2, 0.7, 0.07), edgecolor=(0.1, 0.2, 0.6, 0.5), hatch="\\\\\\\\", label="Fortified belt, Azerbaijani-held side"),
        Line2D([], [], color="#222222", lw=1.8 * scale, ls=(0, (6, 2, 1, 2)), label="International border"),
        Line2D([], [], color="#555555", lw=0.6 * scale, ls=(0, (3, 2)), label="District / province boundary"),
        Line2D([], [], color=RIVER_COLOUR, lw=2.8 * scale, label="Major river (Aras, Kura)"),
        Line2D([], [], color=RIVER_COLOUR, lw=1.5 * scale, label="River"),
        Line2D([], [], color=RIVER_COLOUR, lw=0.7 * scale, label="Stream"),
        Line2D([], [], color="#ffd21f", lw=2.6 * scale, path_effects=[pe.withStroke(linewidth=4 * scale, foreground="#2b2b2b")], label="Main road"),
        Line2D([], [], color="#fffdf0", lw=1.4 * scale, path_effects=[pe.withStroke(linewidth=2.8 * scale, foreground="#2b2b2b")], label="Road"),
        Patch(facecolor=(0.18, 0.42, 0.20, 0.45), label="Forest (estimate)"),
        Patch(facecolor=(0.35, 0.33, 0.33, 0.7), label="Town > 15,000"),
        Patch(facecolor=WATER_RGB, label="Lake / reservoir"),
        Patch(facecolor=(0.8, 0.8, 0.8), label="Iran (neutral, off limits)"),
        Line2D([], [], ls="", marker="o", mfc="black", mec="white", ms=6 * scale, label="Key town (captures recorded)"),
    ]
    for zv, lab in ((100, "0-300 m"), (700, "500-900 m"), (1700, "1,400-2,000 m"), (2900, "2,600-3,200 m"), (3600, "> 3,200 m")):
        handles.append(Patch(facecolor=_tint(np.array([zv], dtype=np.float64))[0], label=f"Elevation {lab}"))
    ax.legend(handles=handles, loc="lower right", fontsize=7.5 * scale, framealpha=0.88, ncol=1,
              title="Legend", title_fontsize=8.5 * scale).set_zorder(20)
    fig.suptitle(title or tm.meta.get("title", "Theatre map"), fontsize=15 * scale, y=0.985, fontweight="bold")
    fig.text(0.5, 0.962, "Control at 27 September 2020 (Armenian-held west of the line, Azerbaijani-held east of it). "
             "Names: English / the other side's name where it differs.", fontsize=8.5 * scale, ha="center")
    credits = " | ".join(tm.meta.get("credits", []))
    fig.text(0.01, 0.006, _wrap(credits, 260), fontsize=6 * scale, ha="left", va="bottom", color="#333333")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return out


def loc_mask(tm: TheatreMap) -> NDArray[np.bool_]:
    """(n, 6) hexsides of the 1994-2020 line of contact."""
    return tm.front_sides()


def _wrap(text: str, width: int) -> str:
    words, lines, cur = text.split(" "), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return "\n".join(lines)


