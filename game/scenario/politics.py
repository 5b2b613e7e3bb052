"""Typed models of a scenario's political blocks: ``ceasefire:``, ``triggers:`` and ``victory:``.

The blocks are data, never code: conditions are a small closed grammar
(``date``, ``turn``, ``captured``, ``pressure``, ``losses``, ``territory_lost``,
``collapse``, combined with ``all``/``any``/``not``) and actions a closed list
(``propose_ceasefire``, ``reinforce``, ``set``, ``message``, ``pressure``).
Unknown keys are errors. :func:`check_politics` cross-checks names against the
map (towns, districts), the mediators and the rule parameters, and returns
``(path, message, hint)`` triples for the scenario loader to locate in the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# This module does not import game.scenario.model, so that model.py can import it for Scenario's fields.
SourceIds = Annotated[list[str], Field(description="Source ids from reference/history.yaml `sources:`")]

__all__ = [
    "Action",
    "Agreement",
    "CeasefireBlock",
    "Collapse",
    "Comparison",
    "Condition",
    "Handover",
    "Mediator",
    "Peacekeepers",
    "PoliticsBlocks",
    "Proposal",
    "ProposeCeasefire",
    "Reinforce",
    "ThirdParty",
    "Trigger",
    "VictoryBlock",
    "check_politics",
    "compare",
    "district_key",
    "find_district",
    "parse_ceasefire",
    "parse_triggers",
    "parse_victory",
]

Side = Literal["azerbaijan", "armenia"]

_CMP = re.compile(r"^\s*(>=|<=|==|!=|>|<)?\s*([+-]?\d+(?:\.\d+)?)\s*(%?)\s*$")
LOSS_NAMES = (
    "personnel_killed", "personnel_wounded", "personnel_captured", "tanks", "afv", "artillery", "mlrs",
    "missile_launchers", "air_defence", "atgm", "trucks", "drones", "decoys", "aircraft", "civilians_killed",
)


class Strict(BaseModel):
    """Unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _parse_comparison(v: Any) -> str:
    if isinstance(v, bool):
        raise ValueError("expected a comparison such as '>= 70'")
    if isinstance(v, int | float):
        return f">= {v}"
    if not isinstance(v, str) or not _CMP.match(v):
        raise ValueError(f"expected a comparison such as '>= 70' or '< 25%', got {v!r}")
    return v.strip()


def compare(value: float, expr: str, whole: float | None = None) -> bool:
    """Evaluate ``value <op> number``; a ``%`` number is a share of ``whole`` (or of 100 when absent)."""
    m = _CMP.match(expr)
    if m is None:
        raise ValueError(f"bad comparison {expr!r}")
    op, num, pct = m.group(1) or ">=", float(m.group(2)), m.group(3)
    if pct:
        num = num / 100.0 * (whole if whole is not None else 100.0)
    return {
        ">=": value >= num, "<=": value <= num, ">": value > num, "<": value < num,
        "==": value == num, "!=": value != num,
    }[op]


#: A comparison such as ``">= 70"``, ``"< 25%"`` or a bare number (meaning ``>=``).
Comparison = Annotated[str, Field(description="a comparison: >=, <=, >, <, == or != and a number, optionally %; a bare number means >=")]


class Condition(Strict):
    """When something holds. Several keys in one condition must all hold (an implicit ``all``)."""

    date: dt.date | None = Field(default=None, description="on or after this date (the day about to be played)")
    turn: int | None = Field(default=None, ge=1, description="on or after this turn (turn 1 is the start date)")
    captured: str | None = Field(default=None, description="a town (name or id) held by the side that did not hold it at the start")
    by: Side | None = Field(default=None, description="with `captured`: only if this side holds it now")
    pressure: dict[Side, Comparison] | None = Field(default=None, description="international pressure per side, e.g. {armenia: '>= 70'}")
    losses: dict[Side, dict[str, Comparison]] | None = Field(
        default=None, description="a side's losses by record key, e.g. {armenia: {tanks: '>= 100'}}")
    territory_lost: dict[Side, Comparison] | None = Field(
        default=None, description="hexes a side held at the start and has lost, e.g. {armenia: '>= 25%'} (% of its start territory)")
    collapse: Side | None = Field(default=None, description="the side's position has collapsed (see ceasefire.agreement.collapse)")
    all: list[Condition] | None = Field(default=None, description="every sub-condition holds")
    any: list[Condition] | None = Field(default=None, description="at least one sub-condition holds")
    not_: Condition | None = Field(default=None, alias="not", description="the sub-condition does not hold")

    @field_validator("pressure", "territory_lost", mode="before")
    @classmethod
    def _cmp_map(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: _parse_comparison(x) for k, x in v.items()}
        return v

    @field_validator("losses", mode="before")
    @classmethod
    def _loss_map(cls, v: Any) -> Any:
        if isinstance(v, dict):
            out = {}
            for side, table in v.items():
                if not isinstance(table, dict):
                    return v
                for k in table:
                    if k not in LOSS_NAMES:
                        near = difflib.get_close_matches(str(k), LOSS_NAMES, n=1)
                        raise ValueError(f"unknown loss key {k!r}" + (f" (did you mean {near[0]!r}?)" if near else "")
                                         + f"; keys are {', '.join(LOSS_NAMES)}")
                out[side] = {k: _parse_comparison(x) for k, x in table.items()}
            return out
        return v

    @model_validator(mode="after")
    def _some(self) -> Condition:
        if not self.model_fields_set - {"by"}:
            raise ValueError("an empty condition; give one of date, turn, captured, pressure, losses, territory_lost, collapse, all, any, not")
        if self.by is not None and self.captured is None:
            raise ValueError("'by' goes with 'captured'")
        return self


class Handover(Strict):
    """A district that passes to a side on a date under the final agreement."""

    district: str = Field(description="district name as on the map (matched without case, accents or spelling variants such as Aghdam/Agdam)")
    to: Side
    date: dt.date
    except_corridor: bool = Field(default=False, description="hexes of the peacekeepers' corridor stay with the side that holds them")
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None


class Corridor(Strict):
    """A road corridor kept open under peacekeepers, drawn as straight bands through its towns."""

    towns: list[str] = Field(min_length=2, description="towns (names or ids) along the corridor, in order")
    width_km: float = Field(gt=0, default=5.0)


class Peacekeepers(Strict):
    """A neutral force deployed by the agreement: attacks and fire into its zone are refused."""

    contributor: str = Field(description="mediator id of the country that sends them")
    personnel: int = Field(ge=0)
    apcs: int = Field(ge=0, default=0)
    contact_line_km: float = Field(ge=0, default=5.0, description="depth of the zone on each side of the frozen line")
    corridor: Corridor | None = None
    src: SourceIds = Field(default_factory=list)


class Collapse(Strict):
    """When a side's position counts as collapsed (any one criterion suffices). Our calibration."""

    towns: list[str] = Field(default_factory=list, description="losing any of these towns (held at the start) is a collapse")
    cut_off_towns: list[str] = Field(default_factory=list, description="a held town with no path over own ground to a supply source is a collapse")
    territory_lost_share: float = Field(default=0.5, gt=0, le=1, description="share of the start territory lost")
    broken_units_share: float = Field(default=0.6, gt=0, le=1, description="share of manoeuvre units lost or below the break threshold")


class Agreement(Strict):
    """The war-ending agreement a mediator offers when the situation calls for it (never on a date)."""

    id: str = Field(default="agreement", pattern=r"^[A-Za-z0-9_.\-]+$")
    mediator: str = Field(description="id of the mediator that offers it")
    offer_when: Condition | None = Field(default=None, description="default: either side collapses, or both sides' pressure reaches `pressure_both`")
    pressure_both: float = Field(default=85.0, ge=0, le=100, description="pressure on both sides that forces an offer (with the default offer_when)")
    reoffer_days: int = Field(default=3, ge=1, description="days before a refused offer is made again")
    freeze_lines: bool = True
    handovers: list[Handover] = Field(default_factory=list)
    peacekeepers: Peacekeepers | None = None
    collapse: Collapse = Field(default_factory=Collapse)
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None


class Proposal(Strict):
    """A ceasefire a mediator proposes on a date (the mediators' documented schedule)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")
    mediator: str = Field(description="mediator id")
    kind: Literal["humanitarian", "general"] = "humanitarian"
    date: dt.date = Field(description="day the proposal is put to both sides; if both accept it takes effect that day")
    effective: str = Field(default="", description="local time it takes effect, for the record (e.g. '12:00')")
    duration_days: int | None = Field(default=None, ge=1, description="a ceasefire that holds this long lapses; none = until broken")
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None


class Mediator(Strict):
    """A power or group that proposes ceasefires; not a player."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    members: list[str] = Field(default_factory=list, description="for a group such as the Minsk Group co-chairs")
    src: SourceIds = Field(default_factory=list)


class ThirdParty(Strict):
    """An outside power with a stake: it scales pressure on a side, or reacts to fire near its border."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    pressure_factor: dict[Side, float] = Field(default_factory=dict, description="multiplies the pressure a side gains each day (e.g. 0.8: backing shields it)")
    border: Literal["iran", "armenia", "azerbaijan"] | None = Field(default=None, description="country whose border it watches")
    border_km: float = Field(default=3.0, ge=0, description="fire landing within this distance of the border, outside it, counts")
    include_territory: bool = Field(default=False, description="fire landing inside that country counts too")
    sides: list[Side] = Field(default=["azerbaijan", "armenia"], description="whose fire it objects to")
    pressure_per_border_fire: float = Field(default=0.0, ge=0, description="pressure on the side whose fire lands near the border")
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None


class CeasefireBlock(Strict):
    """The scenario's ``ceasefire:`` block: mediators, third parties, proposals and the final agreement."""

    violation_chance: float = Field(default=0.04, ge=0, le=1, description="per day and 10 hexes of contact, chance of a local violation (our calibration)")
    detection: float = Field(default=0.7, ge=0, le=1, description="chance a local violation is detected and attributed")
    break_after: int = Field(default=3, ge=1, description="detected violations that break a ceasefire")
    pressure_per_violation: float = Field(default=2.0, ge=0, description="pressure per detected violation (our calibration)")
    violations_weighed_per_day: int = Field(default=3, ge=1, description="at most this many of a side's violations in one day add pressure (one offensive is one outcry)")
    discipline: dict[Side, float] = Field(default_factory=dict, description="per side, > 1 fewer local violations (default 1)")
    exchange_share: float = Field(default=0.5, ge=0, le=1, description="share of the prisoners held that a humanitarian ceasefire returns (our calibration)")
    bodies_share: float = Field(default=0.1, ge=0, le=1, description="share of a side's dead not yet returned whose bodies are exchanged (our calibration)")
    mediators: list[Mediator] = Field(default_factory=list)
    third_parties: list[ThirdParty] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    agreement: Agreement | None = None
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None


class ProposeCeasefire(Strict):
    """A trigger's proposal, put to both sides on the day the trigger fires (``final``: the agreement's terms)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")
    mediator: str
    kind: Literal["humanitarian", "general", "final"] = "humanitarian"
    effective: str = ""
    duration_days: int | None = Field(default=None, ge=1)


class Reinforce(Strict):
    """Units a trigger brings in, placed like scheduled reinforcements."""

    side: Side
    units: list[dict[str, Any]] = Field(min_length=1, description="unit specs as in orders of battle (UnitSpec; checked by check_politics)")


class Action(Strict):
    """What a trigger does. Several keys run in this fixed order: message, pressure, set, reinforce, propose_ceasefire."""

    message: str | None = None
    pressure: dict[Side, float] | None = Field(default=None, description="add to a side's pressure (negative lowers it)")
    set: dict[str, Any] | None = Field(default=None, description="rule parameter path -> new value, from then on")
    reinforce: Reinforce | None = None
    propose_ceasefire: ProposeCeasefire | None = None

    @model_validator(mode="after")
    def _some(self) -> Action:
        if not self.model_fields_set:
            raise ValueError("an empty action; give one of message, pressure, set, reinforce, propose_ceasefire")
        return self


class Trigger(Strict):
    """``when`` a condition holds, ``do`` the action: once, or every such day with ``repeat``."""

    id: str | None = None
    when: Condition
    do: Action = Field(description="what happens; several actions run in a fixed order (see Action)")
    repeat: bool = Field(default=False, description="fire on every day the condition holds, not just the first")
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None

    def actions(self) -> list[Action]:
        return [self.do]


class VictoryBlock(Strict):
    """Scoring at the war's end. The score is Azerbaijan's points minus Armenia's; thresholds decide the class."""

    towns: dict[str, float] = Field(default_factory=dict, description="town -> points to the side that took it from the other (default: 1 per key town)")
    districts: dict[str, float] = Field(default_factory=dict, description="district -> points to the side holding more than half of it that did not at the start")
    losses: dict[str, float] = Field(default_factory=dict, description="loss key -> points per item a side lost (usually negative)")
    pressure: float = Field(default=0.0, description="points per point of a side's own pressure at the end (usually negative)")
    decisive: float = Field(default=6.0, gt=0, description="score margin for a decisive victory")
    marginal: float = Field(default=2.0, gt=0, description="score margin for a marginal victory")
    src: SourceIds = Field(default_factory=list)
    notes: str | None = None

    @field_validator("losses")
    @classmethod
    def _loss_keys(cls, v: dict[str, float]) -> dict[str, float]:
        for k in v:
            if k not in LOSS_NAMES:
                near = difflib.get_close_matches(k, LOSS_NAMES, n=1)
                raise ValueError(f"unknown loss key {k!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
        return v

    @model_validator(mode="after")
    def _order(self) -> VictoryBlock:
        if self.marginal > self.decisive:
            raise ValueError(f"marginal ({self.marginal}) is above decisive ({self.decisive})")
        return self


class PoliticsBlocks(Strict):
    """The three blocks together, validated with paths from the scenario's root (for tests and tools;
    the loader validates them as fields of :class:`~game.scenario.model.Scenario`)."""

    ceasefire: CeasefireBlock = Field(default_factory=CeasefireBlock)
    triggers: list[Trigger] = Field(default_factory=list)
    victory: VictoryBlock = Field(default_factory=VictoryBlock)


Condition.model_rebuild()


def parse_ceasefire(data: dict[str, Any] | CeasefireBlock | None) -> CeasefireBlock:
    if isinstance(data, CeasefireBlock):
        return data
    return CeasefireBlock.model_validate(data or {})


def parse_triggers(data: list[Any] | None) -> list[Trigger]:
    return [t if isinstance(t, Trigger) else Trigger.model_validate(t) for t in (data or [])]


def parse_victory(data: dict[str, Any] | VictoryBlock | None) -> VictoryBlock:
    if isinstance(data, VictoryBlock):
        return data
    return VictoryBlock.model_validate(data or {})


# --- cross-checks --------------------------------------------------------------------------
Problem = tuple[tuple[str | int, ...], str, str | None]


def _near(word: str, options: list[str]) -> str | None:
    m = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean {m[0]!r}?" if m else None


def district_key(name: str) -> str:
    """A spelling-tolerant key for district names: Aghdam = Agdam = Ağdam, Kalbajar = Kelbajar, Lachin = Laçın."""
    import unicodedata

    s = unicodedata.normalize("NFKD", name.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ı", "i").replace("ə", "a")
    for suffix in (" district", " rayon", " region", " province"):
        s = s.replace(suffix, "")
    s = re.sub(r"[^a-z]", "", s)
    s = s.replace("gh", "g").replace("kh", "h").replace("ch", "c").replace("j", "c").replace("sh", "s").replace("e", "a")
    return s


def find_district(theatre: Any, name: str) -> list[int]:
    """Indices of districts matching ``name`` (see :func:`district_key`)."""
    key = district_key(name)
    return [i for i, d in enumerate(theatre.districts) if district_key(d.name) == key]


def _town_names(theatre: Any) -> list[str]:
    return sorted({t.name_en for t in theatre.towns} | {t.id for t in theatre.towns})


def _walk_condition(c: Condition, path: tuple[str | int, ...], theatre: Any, out: list[Problem]) -> None:
    if c.captured is not None and theatre is not None and theatre.find_town(c.captured) is None:
        out.append((path + ("captured",), f"unknown town {c.captured!r}", _near(c.captured, _town_names(theatre))))
    for key in ("all", "any"):
        for i, sub in enumerate(getattr(c, key) or []):
            _walk_condition(sub, path + (key, i), theatre, out)
    if c.not_ is not None:
        _walk_condition(c.not_, path + ("not",), theatre, out)


def check_politics(scenario: Any, theatre: Any, library: Any = None) -> list[Problem]:
    """Cross-references of the political blocks: towns, districts, mediators, parameter paths, trigger units.

    ``scenario`` is a :class:`~game.scenario.model.Scenario` (its blocks may be
    plain dicts or the models above); ``library`` (optional) has ``unit_types``.
    Returns ``(path, message, hint)`` with paths from the scenario's root, for
    the loader to locate.
    """
    out: list[Problem] = []
    try:
        cf = parse_ceasefire(scenario.ceasefire)
        trig = parse_triggers(scenario.triggers)
        vic = parse_victory(scenario.victory)
    except Exception as e:  # pydantic errors are reported by the loader's schema pass
        return [(("ceasefire",), f"invalid political blocks: {e}", None)]
    mediators = [m.id for m in cf.mediators]
    ids: list[str] = []
    for i, p in enumerate(cf.proposals):
        if p.mediator not in mediators:
            out.append((("ceasefire", "proposals", i, "mediator"), f"unknown mediator {p.mediator!r}", _near(p.mediator, mediators)))
        if p.id in ids:
            out.append((("ceasefire", "proposals", i, "id"), f"duplicate proposal id {p.id!r}", None))
        ids.append(p.id)
    ag = cf.agreement
    if ag is not None:
        if ag.mediator not in mediators:
            out.append((("ceasefire", "agreement", "mediator"), f"unknown mediator {ag.mediator!r}", _near(ag.mediator, mediators)))
        if ag.offer_when is not None:
            _walk_condition(ag.offer_when, ("ceasefire", "agreement", "offer_when"), theatre, out)
        if ag.peacekeepers is not None and ag.peacekeepers.contributor not in mediators:
            out.append((("ceasefire", "agreement", "peacekeepers", "contributor"), f"unknown mediator {ag.peacekeepers.contributor!r}",
                        _near(ag.peacekeepers.contributor, mediators)))
        if theatre is not None:
            names = [d.name for d in theatre.districts]
            for i, h in enumerate(ag.handovers):
                if not find_district(theatre, h.district):
                    out.append((("ceasefire", "agreement", "handovers", i, "district"), f"unknown district {h.district!r}", _near(h.district, names)))
            for key in ("towns", "cut_off_towns"):
                for i, t in enumerate(getattr(ag.collapse, key)):
                    if theatre.find_town(t) is None:
                        out.append((("ceasefire", "agreement", "collapse", key, i), f"unknown town {t!r}", _near(t, _town_names(theatre))))
            if ag.peacekeepers is not None and ag.peacekeepers.corridor is not None:
                for i, t in enumerate(ag.peacekeepers.corridor.towns):
                    if theatre.find_town(t) is None:
                        out.append((("ceasefire", "agreement", "peacekeepers", "corridor", "towns", i), f"unknown town {t!r}", _near(t, _town_names(theatre))))
    from game.params import default_params

    params = default_params()
    for i, t in enumerate(trig):
        _walk_condition(t.when, ("triggers", i, "when"), theatre, out)
        for a in t.actions():
            base: tuple[str | int, ...] = ("triggers", i, "do")
            if a.propose_ceasefire is not None and a.propose_ceasefire.mediator not in mediators:
                out.append((base + ("propose_ceasefire", "mediator"), f"unknown mediator {a.propose_ceasefire.mediator!r}",
                            _near(a.propose_ceasefire.mediator, mediators)))
            if a.propose_ceasefire is not None and a.propose_ceasefire.kind == "final" and ag is None:
                out.append((base + ("propose_ceasefire", "kind"), "a final agreement needs ceasefire.agreement terms", "add ceasefire.agreement"))
            for path in sorted(a.set or {}):
                problem = _param_problem(params, path)
                if problem:
                    out.append((base + ("set", path), *problem))
            if a.reinforce is not None:
                out += _check_units(a.reinforce.units, base + ("reinforce", "units"), theatre, library)
    if theatre is not None:
        for town in sorted(vic.towns):
            if theatre.find_town(town) is None:
                out.append((("victory", "towns", town), f"unknown town {town!r}", _near(town, _town_names(theatre))))
        names = [d.name for d in theatre.districts]
        for d in sorted(vic.districts):
            if not find_district(theatre, d):
                out.append((("victory", "districts", d), f"unknown district {d!r}", _near(d, names)))
    return out


def _check_units(units: list[dict[str, Any]], base: tuple[str | int, ...], theatre: Any, library: Any) -> list[Problem]:
    """Trigger reinforcements are checked like orbat units: the schema, the unit type, the place."""
    from pydantic import ValidationError

    from game.scenario.model import UnitSpec

    out: list[Problem] = []
    for k, raw in enumerate(units):
        try:
            u = UnitSpec.model_validate(raw)
        except ValidationError as e:
            for err in e.errors(include_url=False):
                out.append((base + (k, *err["loc"]), err["msg"], None))
            continue
        if library is not None and u.type not in library.unit_types:
            out.append((base + (k, "type"), f"unknown unit type {u.type!r}", _near(u.type, sorted(library.unit_types))))
        if theatre is not None and u.at.town is not None and theatre.find_town(u.at.town) is None:
            out.append((base + (k, "at", "town"), f"unknown town {u.at.town!r}", _near(u.at.town, _town_names(theatre))))
    return out


def _param_problem(params: Any, path: str) -> tuple[str, str | None] | None:
    node: Any = params
    parts = path.split(".")
    if parts and parts[0] == "parameters":
        parts = parts[1:]
    for k, part in enumerate(parts):
        if not isinstance(node, dict) or part not in node:
            options = [str(x) for x in node] if isinstance(node, dict) else []
            where = ".".join(parts[: k + 1])
            return f"unknown rule parameter {where!r}", _near(part, options)
        node = node[part]
    return None
