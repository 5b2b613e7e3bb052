"""Typed models of the scenario content: equipment, unit types, air types, orders of battle, scenarios.

These pydantic models are the schema: ``karabakh schema`` prints their JSON
Schema, and :mod:`game.scenario.loader` validates every YAML file against them
before it checks cross-references (unit types exist, units stand on the map...).

Content is split the way Battle for Wesnoth splits it: equipment and unit types
live in ``scenarios/units/``, orders of battle in ``scenarios/orbats/``, the map
in ``assets/map/``, and a scenario is a short manifest that references them by id.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from game.scenario.limits import (
    MAX_AD_CHANNELS,
    MAX_EQUIPMENT_PER_TYPE,
    MAX_MISSILES,
    MAX_PERSONNEL_PER_UNIT,
    MAX_SORTIES_PER_DAY,
    MAX_STRIKES_PER_SORTIE,
    MAX_TURNS,
)
from game.scenario.politics import CeasefireBlock, Trigger, VictoryBlock

__all__ = [
    "AIR_KINDS",
    "EQUIPMENT_CATEGORIES",
    "SIDES",
    "AirDefenceSpec",
    "AirType",
    "ContentFile",
    "EquipmentType",
    "Location",
    "Orbat",
    "Reinforcement",
    "Scenario",
    "SideSpec",
    "UnitSpec",
    "UnitType",
]

SIDES = ("azerbaijan", "armenia")
Side = Literal["azerbaijan", "armenia"]

#: Equipment categories. The game record counts losses by these (``tank`` -> ``tanks`` ...).
EQUIPMENT_CATEGORIES = (
    "tank",
    "afv",  # infantry fighting vehicles, APCs, MT-LB
    "artillery",  # tube artillery, towed and self-propelled, and heavy mortars
    "mlrs",  # multiple rocket launchers (BM-21, Smerch, TOS-1, TRG-300 ...)
    "missile",  # ballistic / quasi-ballistic missile launchers (Scud-B, Tochka-U, Iskander, LORA)
    "air_defence",  # SAM launchers and AA guns, MANPADS teams
    "atgm",  # anti-tank guided missile launchers
    "truck",
)
EquipmentCategory = Literal["tank", "afv", "artillery", "mlrs", "missile", "air_defence", "atgm", "truck"]

#: Air target classes that an air-defence system engages with its own kill probability.
AIR_KINDS = ("uav_strike", "uav_isr", "loitering", "decoy", "aircraft", "helicopter")
AirKind = Literal["uav_strike", "uav_isr", "loitering", "decoy", "aircraft", "helicopter"]

NATO_SYMBOLS = (
    "infantry", "mechanised", "motorised", "armour", "artillery", "rocket_artillery",
    "air_defence", "headquarters", "special_forces", "engineer", "missile", "reconnaissance",
    "electronic_warfare",
)
Symbol = Literal[
    "infantry", "mechanised", "motorised", "armour", "artillery", "rocket_artillery",
    "air_defence", "headquarters", "special_forces", "engineer", "missile", "reconnaissance",
    "electronic_warfare",
]
Role = Literal["manoeuvre", "artillery", "mlrs", "missile", "air_defence", "hq", "special_forces", "engineer", "electronic_warfare", "reconnaissance"]

SourceIds = Annotated[list[str], Field(description="Source ids from scenarios/sources.yaml")]
#: Items of one equipment type in a unit or unit type (limits.MAX_EQUIPMENT_PER_TYPE).
ItemCount = Annotated[int, Field(ge=0, le=MAX_EQUIPMENT_PER_TYPE)]


class Strict(BaseModel):
    """Base model: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class AirDefenceSpec(Strict):
    """How an air-defence system sees and engages air targets."""

    range_km: float = Field(gt=0, description="engagement range")
    max_alt_km: float = Field(gt=0, description="engagement ceiling")
    radar_range_km: float = Field(ge=0, description="own search radar range; 0 for optical/IR-only systems")
    channels: int = Field(ge=1, le=MAX_AD_CHANNELS, description="targets engaged at once per launcher/battery element")
    missiles: int = Field(ge=0, le=MAX_MISSILES, default=4, description="ready rounds per launcher before reload")
    pk: dict[AirKind, float] = Field(description="single-shot kill probability against each air target class")
    detects_small: float = Field(ge=0, le=1, default=0.3, description="probability its sensors track a small drone in range")
    mobile: bool = Field(default=False, description="can shoot and scoot (relocate after emitting)")


class EquipmentType(Strict):
    """One kind of weapon or vehicle, counted in unit tables and in the loss record."""

    id: str = Field(description="unique id, referenced from unit types (e.g. T-72B)")
    name: str
    category: EquipmentCategory
    combat_value: float = Field(ge=0, description="lethality per item in the QJM/TNDM tradition (our own scale; T-72B = 1.0)")
    range_km: float | None = Field(default=None, gt=0, description="for artillery, rockets, missiles, ATGMs")
    salvo_weight: float | None = Field(default=None, ge=0, description="area effect of one gun or launcher per fire mission (our own scale; one D-30 = 1.0)")
    cluster: bool = False
    air_defence: AirDefenceSpec | None = None
    src: SourceIds = Field(default_factory=list)
    estimate: bool = False
    notes: str | None = None


class AirType(Strict):
    """An aircraft, drone, loitering munition or decoy type in a side's air pool."""

    id: str
    name: str
    kind: AirKind
    signature: Literal["small", "medium", "large"] = "medium"
    altitude_km: float = Field(gt=0, description="typical operating altitude")
    radius_km: float = Field(gt=0, description="combat radius from its base")
    strikes_per_sortie: int = Field(ge=0, le=MAX_STRIKES_PER_SORTIE, default=0, description="weapons released per sortie (0 for ISR or decoys)")
    pk_strike: float = Field(ge=0, le=1, default=0.0, description="kill probability of one weapon on a detected point target")
    anti_radiation: bool = Field(default=False, description="homes on emitting radars (Harop)")
    expendable: bool = Field(default=False, description="lost on use (loitering munitions, decoys)")
    isr: float = Field(ge=0, le=1, default=0.0, description="reconnaissance value of one sortie")
    sorties_per_day: float = Field(gt=0, le=MAX_SORTIES_PER_DAY, default=1.0)
    weather_limit: Literal["any", "no_low_cloud", "clear"] = "no_low_cloud"
    src: SourceIds = Field(default_factory=list)
    estimate: bool = False
    notes: str | None = None


class UnitType(Strict):
    """A template for units: establishment strength, equipment and abilities."""

    id: str = Field(description="unique id, referenced by units' `type`")
    name: str
    symbol: Symbol
    role: Role
    personnel: int = Field(ge=0, le=MAX_PERSONNEL_PER_UNIT)
    equipment: dict[str, ItemCount] = Field(default_factory=dict, description="equipment type id -> count")
    movement: float = Field(gt=0, default=6.0, description="movement points per day (a plain hex costs 1)")
    training: float = Field(gt=0, le=1.5, default=1.0, description="training/effectiveness multiplier (TNDM CEV-like, our calibration)")
    echelon: Literal["battalion", "regiment", "brigade", "company", "battery", "group"] = "battalion"
    src: SourceIds = Field(default_factory=list)
    estimate: bool = False
    notes: str | None = None


class ContentFile(Strict):
    """A file under ``scenarios/units/``: any mix of equipment, air and unit types."""

    equipment: list[EquipmentType] = Field(default_factory=list)
    air_types: list[AirType] = Field(default_factory=list)
    unit_types: list[UnitType] = Field(default_factory=list)
    src: SourceIds = Field(default_factory=list)


class Location(Strict):
    """Where a unit stands: exactly one of a town name, a lat/lon, or an axial hex ``"q,r"``."""

    town: str | None = None
    lat: float | None = None
    lon: float | None = None
    hex: str | None = Field(default=None, pattern=r"^-?\d+,-?\d+$")

    @model_validator(mode="after")
    def _one_form(self) -> Location:
        forms = [self.town is not None, self.lat is not None or self.lon is not None, self.hex is not None]
        if sum(forms) != 1:
            raise ValueError("give exactly one of: town, lat+lon, hex")
        if self.lon is None and self.lat is not None:
            raise ValueError("lat is given without lon; give both")
        if self.lat is None and self.lon is not None:
            raise ValueError("lon is given without lat; give both")
        return self


class UnitSpec(Strict):
    """One unit in an order of battle: a unit type placed somewhere, with optional overrides."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$", description="unique across both sides")
    name: str
    type: str = Field(description="unit type id")
    at: Location
    personnel: int | None = Field(default=None, ge=0, le=MAX_PERSONNEL_PER_UNIT, description="overrides the unit type's")
    equipment: dict[str, ItemCount] | None = Field(default=None, description="replaces the unit type's equipment")
    training: float | None = Field(default=None, gt=0, le=1.5)
    posture: Literal["fortified", "prepared", "hasty", "mobile"] | None = None
    formation: str | None = Field(default=None, description="parent formation, for display and command")
    src: SourceIds = Field(default_factory=list)
    estimate: bool = False
    notes: str | None = None


class Reinforcement(Strict):
    """Units that arrive later: on a date, or on a turn."""

    date: dt.date | None = None
    turn: int | None = Field(default=None, ge=1)
    units: list[UnitSpec]
    src: SourceIds = Field(default_factory=list)
    estimate: bool = False
    notes: str | None = None

    @model_validator(mode="after")
    def _when(self) -> Reinforcement:
        if (self.date is None) == (self.turn is None):
            raise ValueError("give exactly one of: date, turn")
        return self


class Orbat(Strict):
    """A side's order of battle file under ``scenarios/orbats/``."""

    side: Side
    name: str
    units: list[UnitSpec]
    reinforcements: list[Reinforcement] = Field(default_factory=list)
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None


class SideSpec(Strict):
    """One side in a scenario: its order of battle, air pool and supply."""

    name: str
    orbat: str = Field(description="path of the order-of-battle file, relative to scenarios/")
    air: dict[str, NonNegativeInt] = Field(default_factory=dict, description="air pool: air type id -> number available at the start")
    ground_stations: dict[str, NonNegativeInt] = Field(default_factory=dict, description="air type id -> sorties that can be controlled at once")
    supply_sources: list[Location] = Field(default_factory=list, description="depots and border crossings that supply traces back to")
    doctrine: str = Field(default="default", description="doctrine profile for the computer player")
    doctrine_overrides: dict[str, Any] = Field(
        default_factory=dict,
        description="values of the doctrine profile changed for this side (keys as in game/ai/doctrines.yaml), e.g. {op_attack_odds: 1.9}")
    add_units: list[UnitSpec] = Field(default_factory=list, description="units added on top of the orbat (counterfactuals)")
    remove_units: list[str] = Field(default_factory=list, description="orbat unit ids to drop (counterfactuals)")
    src: SourceIds = Field(default_factory=list)


class Scenario(Strict):
    """A scenario manifest ``scenarios/<id>.yaml``: dates, sides and rules, referencing content by id."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", description="equals the file name without .yaml")
    name: str
    description: str
    extends: str | None = Field(default=None, description="parent scenario id or path; this file overrides it")
    map: str = "theatre"
    start_date: dt.date
    end_date: dt.date | None = Field(default=None, description="last possible day; defaults to start + max_turns - 1")
    max_turns: int = Field(ge=1, le=MAX_TURNS, description="turns in the game; one turn is one day")
    sides: dict[Side, SideSpec]
    parameters: dict[str, Any] = Field(default_factory=dict, description="overrides of rule parameters (see game/rules/params.yaml)")
    key_towns: list[str] = Field(default_factory=list, description="towns whose capture is recorded and scored")
    weather: dict[str, Any] = Field(default_factory=dict)
    ceasefire: CeasefireBlock = Field(default_factory=CeasefireBlock, description="mediators, third parties, proposals, final agreement (docs/diplomacy.md)")
    triggers: list[Trigger] = Field(default_factory=list, description="declarative when/do rules, checked daily in file order (docs/diplomacy.md)")
    victory: VictoryBlock = Field(default_factory=VictoryBlock, description="victory points and thresholds (docs/diplomacy.md)")
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None

    @field_validator("end_date")
    @classmethod
    def _after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A field validator (not a model one) so the error points at end_date's line.
        start = info.data.get("start_date")
        if end is not None and start is not None and end < start:
            raise ValueError(f"end_date {end} is before start_date {start}")
        return end
