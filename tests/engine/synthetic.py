"""A small synthetic theatre, content library and scenario for rule tests that need exact control."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game.hexmap.projection import Projection
from game.hexmap.theatre import District, TheatreMap, Town
from game.scenario.model import AirType, EquipmentType, Scenario, UnitSpec, UnitType

NROWS, NCOLS = 20, 24


def make_map(control_split_col: int = 12) -> TheatreMap:
    """A 24 x 20 plain with hills in the west; Armenia holds columns < split, Azerbaijan the rest."""
    n = NROWS * NCOLS
    cols = np.arange(n) % NCOLS
    elev = np.where(cols < 6, 1200, 300).astype(np.int16)
    terrain = np.where(cols < 6, 1, 0).astype(np.uint8)
    control0 = np.where(cols < control_split_col, 1, 0).astype(np.int8)
    town = np.full(n, -1, dtype=np.int16)
    towns = []
    for i, (tid, col, row, key) in enumerate([("westtown", 3, 10, True), ("easttown", 20, 10, True), ("midtown", 10, 10, True)]):
        idx = row * NCOLS + col
        town[idx] = i
        towns.append(Town(tid, tid.capitalize(), None, None, 0.0, 0.0, idx, 20000, key))
    return TheatreMap(
        projection=Projection(), nrows=NROWS, ncols=NCOLS, elev_mean=elev, elev_max=elev + 50,
        roughness=np.zeros(n, np.float32), terrain=terrain, country=np.zeros(n, np.uint8),
        district=np.zeros(n, np.int16), river=np.zeros((n, 6), np.uint8), road=np.zeros((n, 6), np.uint8),
        control0=control0, fort=np.zeros(n, np.uint8), mines=np.zeros(n, np.float32), town=town,
        towns=towns, districts=[District(0, "Test", "AZ")],
    )


EQUIPMENT = [
    EquipmentType(id="T-72", name="T-72", category="tank", combat_value=1.0),
    EquipmentType(id="BMP-2", name="BMP-2", category="afv", combat_value=0.45),
    EquipmentType(id="D-30", name="D-30", category="artillery", combat_value=0.2, range_km=15.3, salvo_weight=1.0),
    EquipmentType(id="Osa", name="9K33 Osa", category="air_defence", combat_value=0.1,
                  air_defence={"range_km": 10, "max_alt_km": 5, "radar_range_km": 30, "channels": 1, "missiles": 6,
                               "pk": {"uav_strike": 0.5, "loitering": 0.3, "decoy": 0.8, "aircraft": 0.7, "helicopter": 0.7, "uav_isr": 0.5},
                               "detects_small": 0.2}),
    EquipmentType(id="Tor", name="Tor-M2KM", category="air_defence", combat_value=0.1,
                  air_defence={"range_km": 15, "max_alt_km": 10, "radar_range_km": 32, "channels": 4, "missiles": 8,
                               "pk": {"uav_strike": 0.8, "loitering": 0.7, "decoy": 0.9, "aircraft": 0.8, "helicopter": 0.8, "uav_isr": 0.8},
                               "detects_small": 0.9}),
]
AIR = [
    AirType(id="TB2", name="Bayraktar TB2", kind="uav_strike", signature="small", altitude_km=6, radius_km=150,
            strikes_per_sortie=4, pk_strike=0.6, isr=0.8),
    AirType(id="Harop", name="Harop", kind="loitering", signature="small", altitude_km=3, radius_km=200,
            strikes_per_sortie=1, pk_strike=0.7, anti_radiation=True, expendable=True),
    AirType(id="An-2", name="An-2 decoy", kind="decoy", signature="medium", altitude_km=2, radius_km=150, expendable=True),
]
UNIT_TYPES = [
    UnitType(id="mech", name="Mechanised battalion", symbol="mechanised", role="manoeuvre", personnel=500, equipment={"BMP-2": 30, "T-72": 10}, movement=8),
    UnitType(id="rifle", name="Rifle battalion", symbol="infantry", role="manoeuvre", personnel=500, equipment={"BMP-2": 5}, movement=6),
    UnitType(id="art", name="Artillery battalion", symbol="artillery", role="artillery", personnel=300, equipment={"D-30": 18}, movement=6),
    UnitType(id="sam", name="SAM battery", symbol="air_defence", role="air_defence", personnel=80, equipment={"Osa": 4}, movement=6),
    UnitType(id="tor", name="Tor battery", symbol="air_defence", role="air_defence", personnel=80, equipment={"Tor": 4}, movement=6),
]


@dataclass
class Library:
    equipment: dict[str, EquipmentType] = field(default_factory=lambda: {e.id: e for e in EQUIPMENT})
    air_types: dict[str, AirType] = field(default_factory=lambda: {a.id: a for a in AIR})
    unit_types: dict[str, UnitType] = field(default_factory=lambda: {u.id: u for u in UNIT_TYPES})


@dataclass(frozen=True)
class Placed:
    spec: UnitSpec
    side: str
    hex_index: int
    unit_type: UnitType
    personnel: int
    equipment: dict[str, int]
    training: float


@dataclass
class FakeScenario:
    scenario: Scenario
    library: Library
    theatre: TheatreMap
    units: dict[str, list[Placed]]
    reinforcements: list[Any]
    supply_sources: dict[str, list[int]]
    path: Path = Path("synthetic.yaml")
    document: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)

    def date_of_turn(self, turn: int) -> dt.date:
        return self.scenario.start_date + dt.timedelta(days=turn - 1)


def place(lib: Library, uid: str, type_id: str, side: str, col: int, row: int, **over: Any) -> Placed:
    ut = lib.unit_types[type_id]
    spec = UnitSpec(id=uid, name=uid, type=type_id, at={"hex": "0,0"}, posture=over.pop("posture", None))
    return Placed(spec, side, row * NCOLS + col, ut, over.get("personnel", ut.personnel),
                  over.get("equipment", dict(ut.equipment)), over.get("training", ut.training))


def make_scenario(units: list[tuple[str, str, str, int, int]] | None = None, air: dict[str, dict[str, int]] | None = None,
                  max_turns: int = 10, parameters: dict[str, Any] | None = None, ceasefire: dict[str, Any] | None = None,
                  doctrines: tuple[str, str] = ("drone_led_offensive", "static_defence"),
                  triggers: list[dict[str, Any]] | None = None, victory: dict[str, Any] | None = None) -> FakeScenario:
    lib = Library()
    m = make_map()
    if units is None:
        units = [
            ("az.mech1", "mech", "azerbaijan", 14, 9), ("az.mech2", "mech", "azerbaijan", 14, 11),
            ("az.art1", "art", "azerbaijan", 17, 10), ("am.rifle1", "rifle", "armenia", 10, 9),
            ("am.rifle2", "rifle", "armenia", 10, 11), ("am.sam1", "sam", "armenia", 7, 10),
            ("am.art1", "art", "armenia", 6, 10),
        ]
    placed: dict[str, list[Placed]] = {"azerbaijan": [], "armenia": []}
    for uid, t, side, col, row in units:
        placed[side].append(place(lib, uid, t, side, col, row))
    air = air if air is not None else {"azerbaijan": {"TB2": 4, "Harop": 10, "An-2": 4}, "armenia": {}}
    sc = Scenario(
        id="synthetic", name="Synthetic", description="test", start_date=dt.date(2020, 9, 27), max_turns=max_turns,
        sides={
            "azerbaijan": {"name": "Azerbaijan", "orbat": "x", "air": air["azerbaijan"], "doctrine": doctrines[0]},
            "armenia": {"name": "Armenia", "orbat": "y", "air": air["armenia"], "doctrine": doctrines[1]},
        },
        key_towns=["westtown", "easttown", "midtown"], parameters=parameters or {}, ceasefire=ceasefire or {},
        triggers=triggers or [], victory=victory or {},
    )
    sources = {"azerbaijan": [10 * NCOLS + 23], "armenia": [10 * NCOLS + 0]}
    return FakeScenario(sc, lib, m, placed, [], sources)
