"""Game state: units, control of the map, each side's air pool, losses and political standing.

The state is plain data plus one seeded ``numpy.random.Generator``; the rules
in :mod:`game.rules` change it, and :mod:`game.engine` orders the phases. Per-hex
layers (control) are numpy arrays; units are small objects kept in id order so
that iteration never depends on set or dict order of anything but insertion.
The units in the fight, and where they stand (:meth:`GameState.units_at`,
:meth:`GameState.occupancy`), are cached: rules call
:meth:`GameState.roster_changed` when a unit arrives or leaves and
:meth:`GameState.unit_moved` (or :meth:`GameState.positions_changed`) when
units change hex.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from game.events import Event
from game.params import Params
from game.sides import SIDES

if TYPE_CHECKING:
    from game.hexmap.theatre import TheatreMap

__all__ = ["LOSS_KEYS", "GameState", "SideState", "UnitState", "category_key"]

#: Record keys for equipment categories (model category -> record key).
CATEGORY_KEYS = {
    "tank": "tanks",
    "afv": "afv",
    "artillery": "artillery",
    "mlrs": "mlrs",
    "missile": "missile_launchers",
    "air_defence": "air_defence",
    "atgm": "atgm",
    "truck": "trucks",
}
EQUIPMENT_KEYS = tuple(CATEGORY_KEYS.values())
LOSS_KEYS = (
    "personnel_killed", "personnel_wounded", "personnel_captured",
    *EQUIPMENT_KEYS, "drones", "decoys", "aircraft",
)


def category_key(category: str) -> str:
    return CATEGORY_KEYS[category]


@dataclass
class UnitState:
    id: str
    name: str
    side: int
    type_id: str
    role: str
    symbol: str
    hex: int
    personnel: int
    equipment: dict[str, int]
    training: float
    movement: float
    formation: str | None = None
    posture: str = "hasty"  # mobile | hasty | prepared | fortified
    dug_in_days: int = 0
    cohesion: float = 1.0
    supply: float = 1.0  # 0 cut off .. 1 fully supplied
    cut_days: int = 0  # days in a row without supply
    ammo: float = 1.0
    emitting: bool = True  # air defence: radar on
    status: str = "active"  # active | destroyed | surrendered
    moved_turn: int = 0
    fired_turn: int = 0
    engaged_turn: int = 0  # last turn it took losses
    posture_order: str | None = None  # MOBILE keeps a unit mobile; DEFEND (or None) lets it dig in
    arrived_turn: int = 1
    estimate: bool = False

    @property
    def alive(self) -> bool:
        return self.status == "active"


@dataclass
class SideState:
    name: str
    air: dict[str, int]  # air type id -> airframes/munitions available
    air_start: dict[str, int]
    ground_stations: dict[str, int]
    supply_sources: list[int]
    doctrine: str
    losses: dict[str, int] = field(default_factory=lambda: {k: 0 for k in LOSS_KEYS})
    captured_equipment: dict[str, int] = field(default_factory=dict)  # category key -> count lost by capture
    air_lost: dict[str, int] = field(default_factory=dict)  # by air type, to enemy action
    air_expended: dict[str, int] = field(default_factory=dict)  # loitering munitions used on targets
    civilians_killed: int = 0  # civilians of this side killed
    pressure: float = 0.0  # international pressure on this side, 0..100
    detected: dict[str, tuple[int, int]] = field(default_factory=dict)  # enemy unit id -> (turn seen, hex)
    detected_now: set[str] = field(default_factory=set)


class _Where:
    """Where the units in the fight stand: by hex (in roster order), each one's rank in the roster, occupancy."""

    def __init__(self, alive: list[UnitState], n: int) -> None:
        self.rank = {u.id: i for i, u in enumerate(alive)}
        by_hex: dict[int, list[UnitState]] = {}
        for u in alive:
            here = by_hex.get(u.hex)
            if here is None:
                by_hex[u.hex] = [u]
            else:
                here.append(u)
        self.by_hex = by_hex
        self.occ = np.full(n, -1, dtype=np.int8)
        if by_hex:
            self.occ[np.fromiter(by_hex, dtype=np.int64, count=len(by_hex))] = [us[-1].side for us in by_hex.values()]


@dataclass
class GameState:
    scenario_id: str
    seed: int
    start_date: dt.date
    max_turns: int
    theatre: TheatreMap
    library: Any  # game.scenario.loader.Library: equipment, air and unit types by id
    params: Params
    rng: np.random.Generator
    control: NDArray[np.int8]
    units: dict[str, UnitState]
    sides: list[SideState]
    turn: int = 1  # the turn about to be resolved (1 = start_date)
    weather: dict[str, Any] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    captures: dict[str, dict[str, Any]] = field(default_factory=dict)
    ceasefires: list[dict[str, Any]] = field(default_factory=list)
    ceasefire_active: str | None = None
    over: bool = False
    winner: str | None = None
    end_reason: str | None = None
    end_turn: int | None = None
    territory: list[list[int]] = field(default_factory=list)  # per resolved turn: hexes held [az, am]
    flags: dict[str, Any] = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        return self.start_date + dt.timedelta(days=self.turn - 1)

    # --- queries -----------------------------------------------------------
    def alive_units(self, side: int | None = None) -> list[UnitState]:
        """Units still in the fight, in id-insertion order (cached until :meth:`roster_changed`)."""
        cache = self.flags.get("_alive")
        if cache is None:
            alive = [u for u in self.units.values() if u.alive]
            cache = self.flags["_alive"] = (alive, [u for u in alive if u.side == 0], [u for u in alive if u.side == 1])
        return list(cache[0 if side is None else side + 1])

    def roster_changed(self) -> None:
        """Call whenever a unit arrives or leaves the fight."""
        self.flags.pop("_alive", None)
        self.flags.pop("_where", None)
        self.flags.pop("_positions", None)

    def positions_changed(self) -> None:
        """Call after moving many units at once (instead of :meth:`unit_moved` for each): the per-hex index is rebuilt on demand."""
        self.flags.pop("_where", None)
        self.flags.pop("_positions", None)

    def unit_moved(self, u: UnitState, old_hex: int) -> None:
        """Call whenever a unit changes hex: keeps the per-hex index of :meth:`units_at` and :meth:`occupancy` current."""
        self.flags.pop("_positions", None)
        where: _Where | None = self.flags.get("_where")
        if where is None or old_hex == u.hex:
            return
        here = where.by_hex.get(old_hex, [])
        k = next((i for i, x in enumerate(here) if x is u), None)
        if k is None:
            return  # not in the roster of units in the fight (as alive_units has it): not indexed
        del here[k]
        if here:
            where.occ[old_hex] = here[-1].side
        else:
            del where.by_hex[old_hex]
            where.occ[old_hex] = -1
        there = where.by_hex.setdefault(u.hex, [])
        rank = where.rank[u.id]
        there.insert(next((i for i, x in enumerate(there) if where.rank[x.id] > rank), len(there)), u)
        where.occ[u.hex] = there[-1].side

    def positions(self, side: int) -> tuple[list[UnitState], NDArray[np.int32], NDArray[np.int32]]:
        """A side's units still in the fight (as :meth:`alive_units`) and their axial ``q`` and ``r``, cached (read only)."""
        cache = self.flags.setdefault("_positions", {})
        pos = cache.get(side)
        if pos is None:
            units = self.alive_units(side)
            hexes = np.fromiter((u.hex for u in units), dtype=np.int64, count=len(units))
            pos = cache[side] = (units, self.theatre.q[hexes], self.theatre.r[hexes])
        out: tuple[list[UnitState], NDArray[np.int32], NDArray[np.int32]] = pos
        return out

    def _where(self) -> _Where:
        """Units still in the fight by hex, in id-insertion order, and the occupancy layer (cached)."""
        where: _Where | None = self.flags.get("_where")
        if where is None:
            where = self.flags["_where"] = _Where(self.alive_units(), self.theatre.n)
        return where

    def occupancy(self) -> NDArray[np.int8]:
        """Per hex: -1 empty, else the side whose units stand there (the last of them, if both do)."""
        return self._where().occ.copy()

    def units_at(self, hex_index: int) -> list[UnitState]:
        return list(self._where().by_hex.get(hex_index, ()))

    def log(self, phase: str, kind: str, text: str, side: int | None = None, hex: int | None = None, **data: Any) -> Event:
        ev = Event(self.turn, phase, kind, text, SIDES[side] if side is not None else None, hex, dict(data))
        self.events.append(ev)
        return ev

    def clone(self) -> GameState:
        """A deep copy that shares the read-only map (for look-ahead players)."""
        theatre = self.theatre
        self.theatre = None  # type: ignore[assignment]
        try:
            c = copy.deepcopy(self)
        finally:
            self.theatre = theatre
        c.theatre = theatre
        return c

    def digest(self) -> str:
        """A short hash of the position (units, control, pools, rng), to check replays and saves."""
        h = hashlib.sha256()
        h.update(self.control.tobytes())
        for u in self.units.values():
            h.update(json.dumps([u.id, u.hex, u.personnel, sorted(u.equipment.items()), round(u.cohesion, 9), u.status], separators=(",", ":")).encode())
        for s in self.sides:
            h.update(json.dumps([sorted(s.air.items()), sorted(s.losses.items()), round(s.pressure, 9)]).encode())
        h.update(json.dumps(self.rng.bit_generator.state, sort_keys=True, default=str).encode())
        h.update(str(self.turn).encode())
        return h.hexdigest()[:16]
