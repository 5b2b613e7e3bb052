"""What one side knows: its own forces in full, the enemy only as far as it has been detected.

Computer players and the desktop front end receive a :class:`SideView`, never
the :class:`~game.state.GameState` itself, so fog of war cannot leak (the
observation/state split of OpenSpiel and PettingZoo).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from game.sides import SIDES, other

if TYPE_CHECKING:
    from game.hexmap.theatre import TheatreMap
    from game.state import GameState, UnitState


_new = object.__new__


@dataclass(frozen=True)
class OwnUnit:
    id: str
    name: str
    type_id: str
    role: str
    symbol: str
    hex: int
    personnel: int
    equipment: dict[str, int]
    cohesion: float
    supply: float
    ammo: float
    posture: str
    emitting: bool
    movement: float
    training: float
    formation: str | None


@dataclass(frozen=True)
class Contact:
    """An enemy unit as the side last saw it."""

    id: str
    name: str
    symbol: str
    role: str
    hex: int
    seen_turn: int
    current: bool  # seen this turn
    personnel: int  # estimate at the time of sighting
    equipment: dict[str, int]
    posture: str


@dataclass(frozen=True)
class SideView:
    side: int
    turn: int
    date: dt.date
    max_turns: int
    weather: dict[str, str]
    control: NDArray[np.int8]
    units: tuple[OwnUnit, ...]
    contacts: tuple[Contact, ...]
    air: dict[str, int]
    sorties: dict[str, int]  # sorties each air type can fly today (airframes, stock, ground stations)
    pressure: tuple[float, float]
    losses: dict[str, int]
    ceasefire: dict[str, Any] | None
    proposals: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    mines: NDArray[np.float64] | None = None  # known minefields (own side's map knowledge)

    @property
    def side_name(self) -> str:
        return SIDES[self.side]

    def unit(self, uid: str) -> OwnUnit | None:
        return next((u for u in self.units if u.id == uid), None)

    def enemy_occupancy(self, theatre: TheatreMap) -> NDArray[np.bool_]:
        occ = np.zeros(theatre.n, dtype=bool)
        for c in self.contacts:
            occ[c.hex] = True
        return occ


def _own(u: UnitState) -> OwnUnit:
    # the fields are set at once rather than one ``object.__setattr__`` at a time as the frozen
    # dataclass's ``__init__`` does: views are built for every unit, both sides, every turn
    o = _new(OwnUnit)
    o.__dict__.update(id=u.id, name=u.name, type_id=u.type_id, role=u.role, symbol=u.symbol, hex=u.hex,
                      personnel=u.personnel, equipment=dict(u.equipment), cohesion=u.cohesion, supply=u.supply,
                      ammo=u.ammo, posture=u.posture, emitting=u.emitting, movement=u.movement, training=u.training,
                      formation=u.formation)
    return o


def _contact(uid: str, e: UnitState, h: int, seen: int, current: bool) -> Contact:
    """Enemy unit ``uid`` as seen on hex ``h`` (built like :func:`_own`)."""
    c = _new(Contact)
    c.__dict__.update(id=uid, name=e.name, symbol=e.symbol, role=e.role, hex=h, seen_turn=seen, current=current,
                      personnel=e.personnel, equipment=dict(e.equipment), posture=e.posture)
    return c


def build_view(state: GameState, side: int) -> SideView:
    s = state.sides[side]
    contacts = []
    for uid, (seen, h) in sorted(s.detected.items()):
        e = state.units[uid]
        if not e.alive:
            continue
        current = uid in s.detected_now
        contacts.append(_contact(uid, e, e.hex if current else h, seen, current))
    proposals = tuple(dict(p) for p in state.flags.get("proposals", []) if p.get("pending") and SIDES[side] in p.get("awaiting", ()))
    return SideView(
        side=side, turn=state.turn, date=state.date, max_turns=state.max_turns, weather=dict(state.weather),
        control=state.control.copy(), units=tuple(_own(u) for u in state.alive_units(side)), contacts=tuple(contacts),
        air=dict(s.air), sorties=sortie_limits(state, side), pressure=(state.sides[0].pressure, state.sides[1].pressure), losses=dict(s.losses),
        ceasefire=_ceasefire_summary(state), proposals=proposals,
        mines=state.flags["mines"] * (state.theatre.control0 == other(side)) if "mines" in state.flags else None,
    )


def sortie_limits(state: GameState, side: int) -> dict[str, int]:
    """Sorties each air type can fly today: airframes (or stock) and ground control stations."""
    import math

    s = state.sides[side]
    out = {}
    for tid, n in sorted(s.air.items()):
        at = state.library.air_types[tid]
        cap = n if at.expendable else int(math.floor(n * at.sorties_per_day))
        if tid in s.ground_stations:
            cap = min(cap, int(s.ground_stations[tid] * at.sorties_per_day))
        out[tid] = max(0, cap)
    return out


def _ceasefire_summary(state: GameState) -> dict[str, Any] | None:
    if state.ceasefire_active is None:
        return None
    for c in state.ceasefires:
        if c["id"] == state.ceasefire_active:
            return dict(c)
    return None
