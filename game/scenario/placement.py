"""Putting units on the map: locations to hexes, unit types and equipment to resolved strengths.

A unit written by hand can stand at a town, a lat/lon or an axial hex; all three
end as a hex index on the theatre map. A location that lands off the map, on a
lake or inside Iran is an error here rather than a surprise on turn 1.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from game.hexmap.hexgrid import Hex
from game.hexmap.theatre import Country, Terrain, TheatreMap

from .content import Library
from .errors import Path_, Problem, did_you_mean
from .model import Location, UnitSpec, UnitType

__all__ = ["PlacedUnit", "Placer"]

ProblemAt = Callable[[Path_, str, str | None], Problem]


@dataclass(frozen=True)
class PlacedUnit:
    """A unit on the map, with strengths resolved: the spec's override, else its type's."""

    spec: UnitSpec
    side: str
    hex_index: int
    unit_type: UnitType
    personnel: int
    equipment: dict[str, int]
    training: float


def town_names(theatre: TheatreMap) -> list[str]:
    """Every name a town can be found by, for did-you-mean hints."""
    names: set[str] = set()
    for t in theatre.towns:
        names.update(n for n in (t.id, t.name_en, t.name_az, t.name_hy) if n)
    return sorted(names)


class Placer:
    """Resolves locations and unit specs against one map and one library, collecting problems."""

    theatre: TheatreMap | None

    def __init__(self, theatre: TheatreMap | None, library: Library) -> None:
        self.theatre = theatre
        self.library = library
        self.problems: list[Problem] = []
        self._towns = town_names(theatre) if theatre is not None else []

    def hex_of(self, loc: Location, problem: ProblemAt, path: Path_, what: str = "unit") -> int | None:
        """Hex index of a location, or None (with a problem recorded) if it is not a place a unit may stand.

        Without a map (checking an order of battle on its own) every location gives -1.
        """
        th = self.theatre
        if th is None:
            return -1
        if loc.town is not None:
            town = th.find_town(loc.town)
            if town is None:
                self.problems.append(problem(path + ("town",), f"unknown town {loc.town!r}", did_you_mean(loc.town, self._towns)))
                return None
            index, where = town.hex_index, f"town {loc.town!r} (hex {th.hex_at(town.hex_index)})"
        elif loc.lat is not None and loc.lon is not None:
            pr = th.projection
            if not (math.isfinite(loc.lat) and math.isfinite(loc.lon)
                    and pr.lat_min <= loc.lat <= pr.lat_max and pr.lon_min <= loc.lon <= pr.lon_max):
                self.problems.append(problem(
                    path, f"lat {loc.lat}, lon {loc.lon} is off the map",
                    f"the map covers lat {pr.lat_min} to {pr.lat_max}, lon {pr.lon_min} to {pr.lon_max}"))
                return None
            try:
                index = th.index_of_latlon(loc.lat, loc.lon)
            except KeyError:
                self.problems.append(problem(path, f"lat {loc.lat}, lon {loc.lon} falls just off the map's edge", None))
                return None
            where = f"lat {loc.lat}, lon {loc.lon} (hex {th.hex_at(index)})"
        elif loc.hex is not None:
            h = Hex.parse(loc.hex)
            if not th.contains(h):
                self.problems.append(problem(
                    path + ("hex",), f"hex {h} is off the map",
                    f"the map is {th.ncols} columns by {th.nrows} rows of hexes"))
                return None
            index, where = th.index(h), f"hex {h}"
        else:  # the model guarantees one form; kept for type checkers
            return None
        if not th.passable[index]:
            if th.country[index] == Country.IRAN:
                reason = "is in Iran; both sides must keep out of Iranian territory"
            elif th.terrain[index] == Terrain.WATER:
                reason = f"is water (a lake or reservoir); a {what} cannot stand there"
            else:
                reason = f"is impassable; a {what} cannot stand there"
            self.problems.append(problem(path, f"{where} {reason}", None))
            return None
        return int(index)

    def place(self, spec: UnitSpec, side: str, problem: ProblemAt, path: Path_) -> PlacedUnit | None:
        """Check a unit's type, equipment and location; a :class:`PlacedUnit` if all are sound."""
        lib = self.library
        utype = lib.unit_types.get(spec.type)
        if utype is None:
            self.problems.append(problem(path + ("type",), f"unknown unit type {spec.type!r}", did_you_mean(spec.type, lib.unit_types)))
        ok = utype is not None
        for eq in spec.equipment or {}:
            if eq not in lib.equipment:
                self.problems.append(problem(path + ("equipment", eq), f"unknown equipment {eq!r}", did_you_mean(eq, lib.equipment)))
                ok = False
        index = self.hex_of(spec.at, problem, path + ("at",))
        if not ok or index is None or utype is None:
            return None
        return PlacedUnit(
            spec=spec,
            side=side,
            hex_index=index,
            unit_type=utype,
            personnel=spec.personnel if spec.personnel is not None else utype.personnel,
            equipment=dict(spec.equipment if spec.equipment is not None else utype.equipment),
            training=spec.training if spec.training is not None else utype.training,
        )
