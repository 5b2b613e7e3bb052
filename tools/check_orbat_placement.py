"""Check where the orders of battle put their units, against the 1994-2020 line of contact.

Rules (each unit, and each reinforcement, of ``scenarios/orbats/*.yaml``):

* it stands inside the theatre box (45.4-47.6 E, 38.7-40.6 N);
* it is at least ``--min-loc-km`` (default 5 km, two hexes) from the line of contact, except
  battalions in fortified posture, which hold the belt itself (the map check keeps them on their side);
* it is on its own side: Armenian units inside the area held before the war (the polygon closed
  by the line of contact, the Aras and the Armenia-Azerbaijan border) or inside Armenia;
  Azerbaijani units outside that area and outside Armenia;
* it is not in Iran, not in Lake Sevan and not on the Sarsang reservoir;
* no two units of opposite sides are closer than ``--min-enemy-km`` (default 5 km).

Artillery closer than 10 km and HQs / deep SAMs closer than 15 km to the line are reported as
warnings. The line of contact is the compiler's estimate in reference/history.yaml
(``line_of_contact_1994_2020.polyline_north_to_south``, +/- 3-6 km); the points are repeated here
so that the check runs without the reference pack. Country and lake polygons come from the
shared geodata folder when it is present (``--geodata``); without it those two checks are skipped.
When the built hex map is present (``--map``, default ``assets/map/theatre``), each unit is also
checked against it: its hex must be passable, held by its own side in the map's start-of-war
control layer, and at least ``--min-loc-km`` from the nearest hex the other side holds.

Usage: ``PYTHONPATH=. python tools/check_orbat_placement.py [orbat.yaml ...]``; exit status 1 on errors.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LAT0 = 39.65
KX = 111.320 * math.cos(math.radians(LAT0))
KY = 110.574
BOX = (45.4, 47.6, 38.7, 40.6)

#: reference/history.yaml line_of_contact_1994_2020.polyline_north_to_south (src: derived, low confidence)
LOC = [
    (40.25, 45.92),
    (40.31, 46.23),
    (40.32, 46.45),
    (40.36, 46.62),
    (40.40, 46.76),
    (40.34, 46.79),
    (40.27, 46.85),
    (40.19, 46.90),
    (40.10, 46.98),
    (40.00, 47.03),
    (39.90, 47.08),
    (39.80, 47.17),
    (39.70, 47.20),
    (39.60, 47.19),
    (39.50, 47.24),
    (39.41, 47.27),
    (39.37, 47.27),
]
#: the Aras from the line's southern end west to Agbend (iran_border_aras_river, reversed)
ARAS_WEST = [
    (39.30, 47.17),
    (39.22, 47.05),
    (39.1597, 46.9347),
    (39.1383, 46.8325),
    (39.0315, 46.7563),
    (38.90, 46.57),
]
#: the Armenia-Azerbaijan border from the Aras north to Murovdag (estimated, south to north)
BORDER_NORTH = [
    (38.89, 46.53),
    (39.20, 46.47),
    (39.40, 46.48),
    (39.50, 46.52),
    (39.58, 46.47),
    (39.80, 46.15),
    (40.00, 45.90),
    (40.20, 45.96),
]
HELD_AREA = LOC + ARAS_WEST + BORDER_NORTH
#: Sarsang reservoir as a segment along the Tartar above the dam (11.75 km long), kept clear by 2.5 km
SARSANG = ((40.165, 46.49), (40.182, 46.617))
SARSANG_CLEAR_KM = 2.5

DEEP_ROLES = {"hq"}
DEEP_TYPES_HINT = ("s300", "buk", "barak", "spyder", "missile")


def xy(lat: float, lon: float) -> tuple[float, float]:
    return (lon - 45.4) * KX, lat * KY


def seg_dist_km(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = xy(*p), xy(*a), xy(*b)
    dx, dy = bx - ax, by - ay
    t = (
        0.0
        if dx == dy == 0
        else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    )
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def polyline_dist_km(p: tuple[float, float], line: list[tuple[float, float]]) -> float:
    return min(seg_dist_km(p, a, b) for a, b in zip(line, line[1:], strict=False))


def in_ring(lat: float, lon: float, ring: list[tuple[float, float]]) -> bool:
    """Ray casting; ``ring`` is a list of (lat, lon)."""
    inside = False
    n = len(ring)
    for i in range(n):
        (y1, x1), (y2, x2) = ring[i], ring[(i + 1) % n]
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def load_polygons(path: Path) -> dict[str, list[list[tuple[float, float]]]]:
    """name -> outer rings as (lat, lon) lists, from a GeoJSON FeatureCollection."""
    out: dict[str, list[list[tuple[float, float]]]] = {}
    for f in json.loads(path.read_text())["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        out[f["properties"]["name"]] = [[(lat, lon) for lon, lat in poly[0]] for poly in polys]
    return out


def in_any(lat: float, lon: float, rings: list[list[tuple[float, float]]]) -> bool:
    return any(in_ring(lat, lon, r) for r in rings)


def units_of(orbat: dict) -> list[tuple[dict, str]]:
    out = [(u, "start") for u in orbat.get("units", [])]
    for r in orbat.get("reinforcements", []):
        out += [
            (u, f"reinforcement {r.get('date') or 'turn ' + str(r.get('turn'))}")
            for u in r["units"]
        ]
    return out


def check_on_map(
    placed: list[tuple[str, str, float, float]], stem: Path, min_loc_km: float,
    on_the_belt: frozenset[str] = frozenset(),
) -> list[str]:
    """Check placed units against the built theatre map's control layer and terrain.

    Units in ``on_the_belt`` (battalions holding the fortified belt) may stand on the line."""
    import numpy as np

    from game.hexmap.theatre import CONTROL_ARMENIA, CONTROL_AZERBAIJAN, TheatreMap

    theatre = TheatreMap.load(stem)
    own = {"azerbaijan": CONTROL_AZERBAIJAN, "armenia": CONTROL_ARMENIA}
    lat, lon, ctl = np.asarray(theatre.lat), np.asarray(theatre.lon), np.asarray(theatre.control0)
    errors = []
    for side, uid, la, lo in placed:
        i = theatre.index_of_latlon(la, lo)
        if i < 0:
            errors.append(f"{uid}: off the map")
            continue
        if not theatre.passable[i]:
            errors.append(f"{uid}: on an impassable hex ({la:.3f} N {lo:.3f} E)")
        if int(ctl[i]) != own[side]:
            errors.append(
                f"{uid}: on a hex the map gives to the other side or to Iran at the start"
            )
        other = ctl == own["armenia" if side == "azerbaijan" else "azerbaijan"]
        d = float(np.sqrt(((lon[other] - lo) * KX) ** 2 + ((lat[other] - la) * KY) ** 2).min())
        if d < min_loc_km and uid not in on_the_belt:
            errors.append(f"{uid}: {d:.1f} km from the map's line of contact (< {min_loc_km})")
    return errors


def check(
    paths: list[Path],
    geodata: Path | None,
    min_loc_km: float,
    min_enemy_km: float,
    map_stem: Path | None = None,
) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    types: dict[str, dict] = {}
    for f in (ROOT / "scenarios" / "units").glob("*.yaml"):
        for t in yaml.safe_load(f.read_text()).get("unit_types", []):
            types[t["id"]] = t
    countries = lakes = None
    if geodata and (geodata / "countries.geojson").exists():
        countries = load_polygons(geodata / "countries.geojson")
        lakes = load_polygons(geodata / "lakes.geojson")
    else:
        warnings.append(f"geodata not found at {geodata}: country and lake checks skipped")

    placed: list[tuple[str, str, float, float]] = []
    on_the_belt: set[str] = set()
    for path in paths:
        orbat = yaml.safe_load(path.read_text())
        side = orbat["side"]
        for u, when in units_of(orbat):
            at = u["at"]
            if "lat" not in at:
                warnings.append(f"{u['id']}: placed by {list(at)[0]}, not checked")
                continue
            lat, lon = at["lat"], at["lon"]
            tag = f"{path.name}:{u['id']} ({when}, {lat:.3f} N {lon:.3f} E)"
            if not (BOX[0] <= lon <= BOX[1] and BOX[2] <= lat <= BOX[3]):
                errors.append(f"{tag}: outside the theatre box")
            d = polyline_dist_km((lat, lon), LOC)
            # Battalions holding the fortified belt stand on it; everyone else keeps back.
            if u.get("posture") == "fortified":
                on_the_belt.add(u["id"])
            elif d < min_loc_km:
                errors.append(f"{tag}: {d:.1f} km from the line of contact (< {min_loc_km})")
            held = in_ring(lat, lon, HELD_AREA)
            in_am = countries is not None and in_any(lat, lon, countries["Armenia"])
            # Without the country outlines, whether a unit outside the held area stands in Armenia
            # is left to the built map's control layer (check_on_map).
            if side == "armenia" and not (held or in_am) and countries is not None:
                errors.append(
                    f"{tag}: Armenian unit outside the pre-war Armenian-held area and Armenia"
                )
            if side == "azerbaijan" and (held or in_am):
                errors.append(
                    f"{tag}: Azerbaijani unit inside the pre-war Armenian-held area or Armenia"
                )
            if countries is not None and in_any(lat, lon, countries["Iran"]):
                errors.append(f"{tag}: in Iran")
            if lakes is not None and in_any(lat, lon, lakes["Lake Sevan"]):
                errors.append(f"{tag}: in Lake Sevan")
            if seg_dist_km((lat, lon), *SARSANG) < SARSANG_CLEAR_KM:
                errors.append(f"{tag}: on the Sarsang reservoir")
            t = types.get(u["type"], {})
            if t.get("role") in ("artillery", "mlrs") and d < 10:
                warnings.append(f"{tag}: artillery only {d:.1f} km behind the line")
            if (
                t.get("role") in DEEP_ROLES or any(h in u["type"] for h in DEEP_TYPES_HINT)
            ) and d < 15:
                warnings.append(f"{tag}: HQ/deep unit only {d:.1f} km behind the line")
            placed.append((side, u["id"], lat, lon))

    for i, (s1, id1, la1, lo1) in enumerate(placed):
        for s2, id2, la2, lo2 in placed[i + 1 :]:
            if s1 != s2:
                (x1, y1), (x2, y2) = xy(la1, lo1), xy(la2, lo2)
                if math.hypot(x1 - x2, y1 - y2) < min_enemy_km:
                    errors.append(
                        f"{id1} and {id2}: opposite sides {math.hypot(x1 - x2, y1 - y2):.1f} km apart"
                    )
    if map_stem is not None and map_stem.with_suffix(".npz").exists():
        errors += check_on_map(placed, map_stem, min_loc_km, frozenset(on_the_belt))
    else:
        warnings.append(f"hex map not found at {map_stem}: map checks skipped")
    return errors, warnings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("orbats", nargs="*", type=Path)
    ap.add_argument("--geodata", type=Path, default=ROOT.parent / "shared" / "geodata")
    ap.add_argument(
        "--map",
        type=Path,
        default=ROOT / "assets" / "map" / "theatre",
        help="stem of the built map (.npz/.json)",
    )
    ap.add_argument("--min-loc-km", type=float, default=5.0)
    ap.add_argument("--min-enemy-km", type=float, default=5.0)
    ap.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    a = ap.parse_args(argv)
    paths = a.orbats or sorted((ROOT / "scenarios" / "orbats").glob("*.yaml"))
    errors, warnings = check(paths, a.geodata, a.min_loc_km, a.min_enemy_km, a.map)
    if not a.quiet:
        for w in warnings:
            print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{len(paths)} orbat file(s): {len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
