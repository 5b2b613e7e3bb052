"""``karabakh map query`` and ``karabakh map render``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .hexgrid import DIRECTION_NAMES, axial_to_offset
from .theatre import (
    CONTROL_ARMENIA,
    CONTROL_AZERBAIJAN,
    TERRAIN_NAMES,
    Country,
    RiverClass,
    RoadClass,
    Terrain,
    TheatreMap,
    load_theatre,
)

EXIT_OFF_MAP = 2
CONTROLLER = {CONTROL_AZERBAIJAN: "azerbaijan", CONTROL_ARMENIA: "armenia"}


def _river_names(tm: TheatreMap) -> dict[tuple[int, int], str]:
    """(hex, direction) -> river name, both ways across each side (first name in sorted order wins)."""
    cached: dict[tuple[int, int], str] | None = tm.__dict__.get("_river_names")
    if cached is None:
        cached = {}
        for name, sides in sorted(tm.meta.get("rivers", {}).items()):
            for i, d in sides:
                j = int(tm.neighbours[i, d])
                cached.setdefault((int(i), int(d)), name)
                cached.setdefault((j, (int(d) + 3) % 6), name)
        tm.__dict__["_river_names"] = cached
    return cached


def describe_hex(tm: TheatreMap, index: int) -> dict[str, Any]:
    """Every attribute of one hex as plain JSON-ready values."""
    h = tm.hex_at(index)
    col, row = axial_to_offset(h)
    town = tm.towns[int(tm.town[index])] if tm.town[index] >= 0 else None
    district = tm.districts[int(tm.district[index])].name if tm.district[index] >= 0 else None
    names = _river_names(tm)
    rivers = {DIRECTION_NAMES[d]: {"class": RiverClass(int(tm.river[index, d])).name.lower(),
                                   "name": names.get((int(index), d))}
              for d in range(6) if tm.river[index, d]}
    roads = {DIRECTION_NAMES[d]: RoadClass(int(tm.road[index, d])).name.lower()
             for d in range(6) if tm.road[index, d]}
    return {
        "hex": {"q": h.q, "r": h.r},
        "offset": {"col": col, "row": row},
        "index": int(index),
        "centre": {"lat": round(float(tm.lat[index]), 5), "lon": round(float(tm.lon[index]), 5)},
        "elev_mean": int(tm.elev_mean[index]),
        "elev_max": int(tm.elev_max[index]),
        "roughness": round(float(tm.roughness[index]), 1),
        "terrain": TERRAIN_NAMES[Terrain(int(tm.terrain[index]))],
        "country": Country(int(tm.country[index])).name.lower(),
        "district": district,
        "town": town.display_name if town else None,
        "town_id": town.id if town else None,
        "controller": CONTROLLER.get(int(tm.control0[index]), "neutral"),
        "fort": int(tm.fort[index]),
        "mines": round(float(tm.mines[index]), 2),
        "rivers": rivers,
        "roads": roads,
    }


def cmd_query(args: argparse.Namespace) -> int:
    tm = load_theatre()
    p = tm.projection
    try:
        if not (p.lat_min - 0.02 <= args.lat <= p.lat_max + 0.02 and p.lon_min - 0.02 <= args.lon <= p.lon_max + 0.02):
            raise KeyError("outside the theatre box")
        index = tm.index_of_latlon(args.lat, args.lon)
    except KeyError:
        print(f"({args.lat}, {args.lon}) is off the map: the theatre covers "
              f"{p.lat_min}-{p.lat_max} N, {p.lon_min}-{p.lon_max} E", file=sys.stderr)
        return EXIT_OFF_MAP
    print(json.dumps(describe_hex(tm, index), indent=1, ensure_ascii=False))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .render import render_map  # matplotlib only when drawing

    if args.width < 200:
        print("--width must be at least 200 pixels", file=sys.stderr)
        return 2
    out = render_map(load_theatre(), args.out, width=args.width)
    print(f"wrote {out}")
    return 0
