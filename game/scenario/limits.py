"""Upper limits on a scenario's size, so that no scenario, override or batch can exhaust memory or time.

Every count that drives the cost of a game has a ceiling here, chosen well above
every shipped scenario (the largest have 45 turns, up to 122 units a side,
375 airframes and the 7,448-hex theatre map) and low enough that one game
stays within seconds per turn and a few hundred MB. The loader checks them like
any other scenario mistake: a located problem with a suggested fix. They apply
equally to ``--set`` overrides, which go through the same loader.

The limits are module constants, read when a check runs (tests lower them to keep
their files small); :data:`LIMITS` lists them with what they count, for the
documentation (``docs/scenario-format.md``, "Limits") and its test.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import Path_, Problem

__all__ = [
    "LIMITS",
    "MAX_AIRFRAMES_PER_SIDE",
    "MAX_AIR_TYPES_PER_SIDE",
    "MAX_BATCH_GAMES",
    "MAX_CONDITION_TERMS",
    "MAX_EQUIPMENT_PER_TYPE",
    "MAX_GROUND_STATIONS_PER_SIDE",
    "MAX_HEXES",
    "MAX_KEY_TOWNS",
    "MAX_MISSILES",
    "MAX_PERSONNEL_PER_UNIT",
    "MAX_POLITICAL_ENTRIES",
    "MAX_REINFORCEMENTS_PER_SIDE",
    "MAX_SORTIES_PER_DAY",
    "MAX_STRIKES_PER_SORTIE",
    "MAX_SUPPLY_SOURCES_PER_SIDE",
    "MAX_SWEEP_POINTS",
    "MAX_TRIGGERS",
    "MAX_TURNS",
    "MAX_UNITS",
    "MAX_UNITS_PER_SIDE",
    "MAX_AD_CHANNELS",
    "Limit",
    "check_scenario_counts",
    "check_units",
    "map_problem",
    "reinforcement_problem",
    "schema_hint",
]

DOC = "see Limits in docs/scenario-format.md"

# --- the scenario -------------------------------------------------------------------------------
#: Turns (days) in a game: ``max_turns``, and so ``end_date`` - ``start_date`` + 1.
MAX_TURNS = 400
#: Hexes of the map a scenario names (rows x columns); the theatre map has 7,448.
MAX_HEXES = 30_000
#: Units of one side over the whole game: starting units, reinforcements, ``add_units`` and the
#: units triggers bring in (a repeating trigger counted once for every day it could fire).
MAX_UNITS_PER_SIDE = 1_000
#: Units of both sides together, counted the same way.
MAX_UNITS = 1_500
#: Reinforcement groups (dates or turns on which units arrive) in one side's order of battle.
MAX_REINFORCEMENTS_PER_SIDE = 400
#: Air types in one side's air pool.
MAX_AIR_TYPES_PER_SIDE = 50
#: Airframes (drones, aircraft, loitering munitions, decoys) in one side's air pool, all types together.
MAX_AIRFRAMES_PER_SIDE = 5_000
#: Ground control stations of one side, all types together.
MAX_GROUND_STATIONS_PER_SIDE = 1_000
#: Supply sources of one side.
MAX_SUPPLY_SOURCES_PER_SIDE = 100
#: Key towns.
MAX_KEY_TOWNS = 200
#: Triggers (``triggers:``), each checked every day.
MAX_TRIGGERS = 200
#: Conditions (each ``when``, ``all``/``any``/``not`` item, ``offer_when``) in the whole scenario.
MAX_CONDITION_TERMS = 2_000
#: Entries of each list of the ``ceasefire:`` block (mediators, third parties, proposals, handovers)
#: and of each table of the ``victory:`` block.
MAX_POLITICAL_ENTRIES = 200

# --- units and content (checked by the schema) ----------------------------------------------------
#: Personnel of one unit or unit type.
MAX_PERSONNEL_PER_UNIT = 20_000
#: Items of one equipment type in one unit or unit type.
MAX_EQUIPMENT_PER_TYPE = 2_000
#: ``sorties_per_day`` of an air type.
MAX_SORTIES_PER_DAY = 24
#: ``strikes_per_sortie`` of an air type.
MAX_STRIKES_PER_SORTIE = 64
#: ``channels`` of an air-defence system.
MAX_AD_CHANNELS = 64
#: ``missiles`` (ready rounds) of an air-defence system.
MAX_MISSILES = 256

# --- batches --------------------------------------------------------------------------------------
#: Games in one ``karabakh batch`` run: ``--games`` times the sweep points. More: several runs
#: with ``--resume`` and a larger ``--games``, or several folders with different ``--seed0``.
MAX_BATCH_GAMES = 100_000
#: Points of a sweep grid (the product of the ``--sweep`` value counts).
MAX_SWEEP_POINTS = 10_000
#: Worker processes a batch may start on this machine, per CPU: each holds a scenario and its
#: tables (about 110 MB), so far more processes than CPUs only swaps.
LOCAL_WORKERS_PER_CPU = 4
#: Games a Dask batch keeps in flight at once.
MAX_TASKS_IN_FLIGHT = 10_000


def workers_problem(workers: int, backend: str = "local", scheduler: str | None = None) -> str | None:
    """Why ``--workers`` cannot be used (None if it can): at least 1; processes on this machine
    (the local backend, or a local Dask cluster) at most ``LOCAL_WORKERS_PER_CPU`` per CPU;
    games in flight on a running Dask cluster at most ``MAX_TASKS_IN_FLIGHT``."""
    import os

    if workers < 1:
        return f"--workers must be 1 or more, got {workers}"
    if backend == "dask" and scheduler:
        if workers > MAX_TASKS_IN_FLIGHT:
            return f"--workers {workers:,} tasks in flight on Dask; at most {MAX_TASKS_IN_FLIGHT:,}"
        return None
    cpus = os.cpu_count() or 1
    most = LOCAL_WORKERS_PER_CPU * cpus
    if workers > most:
        return (f"--workers {workers:,} would start {workers:,} processes of about 110 MB each on this machine "
                f"with {cpus} CPU(s); use at most {most} ({LOCAL_WORKERS_PER_CPU} per CPU; {cpus} is usually fastest), "
                "or a running Dask cluster (--backend dask --scheduler ADDRESS)")
    return None


@dataclass(frozen=True)
class Limit:
    """One limit for the documentation: its constant's name, what it counts, the largest shipped value."""

    name: str
    what: str
    shipped: str

    @property
    def value(self) -> int:
        return int(globals()[self.name])


#: Every limit, in the order the documentation lists them. ``shipped`` is the largest value in the
#: shipped scenarios and content (``historical_2020`` and the counterfactuals built on it, unless said otherwise).
LIMITS: tuple[Limit, ...] = (
    Limit("MAX_TURNS", "turns (days) in a game, `max_turns`", "45"),
    Limit("MAX_HEXES", "hexes of the map (rows × columns)", "7,448 (the theatre map)"),
    Limit("MAX_UNITS_PER_SIDE", "units of one side over the game: starting, reinforcements, `add_units`, trigger `reinforce` (a repeating trigger once per day it could fire)", "122 (`armenian_layered_air_defence`)"),
    Limit("MAX_UNITS", "units of both sides together, counted the same way", "240 (`armenian_layered_air_defence`)"),
    Limit("MAX_REINFORCEMENTS_PER_SIDE", "reinforcement groups in one side's order of battle", "5"),
    Limit("MAX_AIR_TYPES_PER_SIDE", "air types in one side's air pool", "13"),
    Limit("MAX_AIRFRAMES_PER_SIDE", "airframes in one side's air pool, all types together", "375"),
    Limit("MAX_GROUND_STATIONS_PER_SIDE", "ground control stations of one side, all types together", "38"),
    Limit("MAX_SUPPLY_SOURCES_PER_SIDE", "supply sources of one side", "6"),
    Limit("MAX_KEY_TOWNS", "key towns", "14"),
    Limit("MAX_TRIGGERS", "triggers", "4 (`russian_deterrence`)"),
    Limit("MAX_CONDITION_TERMS", "conditions in the whole scenario (every `when`, `offer_when` and item of `all`, `any`, `not`)", "4"),
    Limit("MAX_POLITICAL_ENTRIES", "entries of each list in `ceasefire:` (mediators, third parties, proposals, handovers) and each table in `victory:`", "16"),
    Limit("MAX_PERSONNEL_PER_UNIT", "personnel of one unit or unit type", "1,200"),
    Limit("MAX_EQUIPMENT_PER_TYPE", "items of one equipment type in one unit or unit type", "60"),
    Limit("MAX_SORTIES_PER_DAY", "`sorties_per_day` of an air type", "1.5"),
    Limit("MAX_STRIKES_PER_SORTIE", "`strikes_per_sortie` of an air type", "4"),
    Limit("MAX_AD_CHANNELS", "`channels` of an air-defence system", "4"),
    Limit("MAX_MISSILES", "`missiles` of an air-defence system", "8"),
    Limit("MAX_BATCH_GAMES", "games in one `karabakh batch` run (`--games` × sweep points)", "—"),
    Limit("MAX_SWEEP_POINTS", "points of a batch's sweep grid", "—"),
    Limit("MAX_TASKS_IN_FLIGHT", "`--workers` of a batch on a running Dask cluster (`--scheduler`); a local Dask cluster's processes count as local workers", "—"),
)

#: Fixes suggested when the schema refuses a value over a limit, by the field's name.
_SCHEMA_HINTS = {
    "max_turns": "one turn is one day, and a game is at most {MAX_TURNS} days; {DOC}",
    "personnel": "split the unit into several; {DOC}",
    "equipment": "split the unit into several; {DOC}",
    "sorties_per_day": "{DOC}",
    "strikes_per_sortie": "{DOC}",
    "channels": "{DOC}",
    "missiles": "{DOC}",
}


def _n(value: int) -> str:
    return f"{value:,}"


def schema_hint(path: Path_) -> str | None:
    """The suggested fix for a value the schema found over one of these limits, if it is one."""
    keys = [p for p in path if isinstance(p, str)]
    for key in (keys[-1:] + keys[-2:-1]) if keys else []:
        if key in _SCHEMA_HINTS:
            return _SCHEMA_HINTS[key].format(DOC=DOC, MAX_TURNS=_n(MAX_TURNS))
    return None


class _Source(Protocol):
    def problem(self, path: Path_, message: str, hint: str | None = None) -> Problem: ...


class _Entry(Protocol):
    """A located unit as the loader collects it."""

    side: str
    path: Path_

    @property
    def source(self) -> _Source: ...


def map_problem(source: _Source, name: str, nrows: int, ncols: int) -> Problem | None:
    """The map is larger than :data:`MAX_HEXES`."""
    hexes = nrows * ncols
    if hexes <= MAX_HEXES:
        return None
    return source.problem(("map",), f"the map {name!r} has {_n(hexes)} hexes ({nrows} rows × {ncols} columns); the limit is {_n(MAX_HEXES)}",
                          f"use a smaller map or a coarser grid; {DOC}")


def check_units(entries: Sequence[_Entry], triggered: Iterable[tuple[str, _Source, Path_, int]] = ()) -> list[Problem]:
    """Units per side and in all, over the whole game.

    ``entries`` are the starting units then the reinforcements; ``triggered`` are trigger
    units as ``(side, source, path, weight)``, the weight being how many times the trigger
    can bring the unit in. A problem stands at the unit that goes over the limit.
    """
    items: list[tuple[str, _Source, Path_, int]] = [(e.side, e.source, e.path, 1) for e in entries]
    items += list(triggered)
    totals = {side: sum(w for s, _, _, w in items if s == side) for side in {s for s, _, _, _ in items}}
    out: list[Problem] = []
    for side in sorted(totals):
        if totals[side] > MAX_UNITS_PER_SIDE:
            out.append(_over(items, side, totals[side], MAX_UNITS_PER_SIDE, f"too many units for {side}", "per side"))
    total = sum(totals.values())
    if not out and total > MAX_UNITS:
        out.append(_over(items, None, total, MAX_UNITS, "too many units", "for both sides together"))
    return out


def _over(items: list[tuple[str, _Source, Path_, int]], side: str | None, total: int, limit: int, what: str, scope: str) -> Problem:
    count = 0
    for s, source, path, weight in items:
        if side is not None and s != side:
            continue
        count += weight
        if count > limit:
            return source.problem(
                path,
                f"{what}: {_n(total)} over the game (starting units, reinforcements, add_units and trigger reinforcements); "
                f"the limit is {_n(limit)} {scope}",
                f"this is where the count passes {_n(limit)}; remove units or merge small ones into larger formations; {DOC}")
    raise AssertionError("the total is over the limit, so some unit passes it")


def _conditions(cond: Any) -> Iterator[Any]:
    """A condition and all its sub-conditions."""
    if cond is None:
        return
    yield cond
    for sub in (cond.all or []) + (cond.any or []):
        yield from _conditions(sub)
    yield from _conditions(cond.not_)


def reinforcement_problem(side: str, orbat: _Source, count: int) -> Problem | None:
    """An order of battle with more than :data:`MAX_REINFORCEMENTS_PER_SIDE` reinforcement groups."""
    if count <= MAX_REINFORCEMENTS_PER_SIDE:
        return None
    return orbat.problem(("reinforcements",), f"too many reinforcement groups for {side}: {_n(count)}; the limit is {_n(MAX_REINFORCEMENTS_PER_SIDE)}",
                         f"put units that arrive on the same day in one group; {DOC}")


def check_scenario_counts(scenario: Any, source: _Source) -> list[Problem]:
    """Every count of the manifest itself: air pools, supply, key towns, triggers, ceasefire and victory blocks."""
    out: list[Problem] = []

    def over(path: Path_, count: int | float, limit: int, what: str, hint: str) -> None:
        if count > limit:
            out.append(source.problem(path, f"{what}: {_n(int(count))}; the limit is {_n(limit)}", f"{hint}; {DOC}"))

    def largest(path: Path_, table: Mapping[str, int]) -> Path_:
        """The entry with the largest count, where a fix does the most (its own line, or the override's)."""
        return path + (max(sorted(table), key=lambda k: table[k]),) if table else path

    for side, spec in sorted(scenario.sides.items()):
        base: Path_ = ("sides", side)
        over(base + ("air",), len(spec.air), MAX_AIR_TYPES_PER_SIDE, f"too many air types for {side}", "keep the types that fly in this scenario")
        over(largest(base + ("air",), spec.air), sum(spec.air.values()), MAX_AIRFRAMES_PER_SIDE,
             f"too many airframes for {side}, all air types together", "lower the counts; the pool is every airframe the side has for the whole game")
        over(largest(base + ("ground_stations",), spec.ground_stations), sum(spec.ground_stations.values()), MAX_GROUND_STATIONS_PER_SIDE,
             f"too many ground control stations for {side}, all air types together", "lower the counts")
        over(base + ("supply_sources",), len(spec.supply_sources), MAX_SUPPLY_SOURCES_PER_SIDE,
             f"too many supply sources for {side}", "keep the depots and crossings that matter")
    over(("key_towns",), len(scenario.key_towns), MAX_KEY_TOWNS, "too many key towns", "keep the towns that decide the war")
    over(("triggers",), len(scenario.triggers), MAX_TRIGGERS, "too many triggers", "combine triggers that share a condition")
    cf = scenario.ceasefire
    for key in ("mediators", "third_parties", "proposals"):
        over(("ceasefire", key), len(getattr(cf, key)), MAX_POLITICAL_ENTRIES, f"too many entries in ceasefire.{key}", "shorten the list")
    if cf.agreement is not None:
        over(("ceasefire", "agreement", "handovers"), len(cf.agreement.handovers), MAX_POLITICAL_ENTRIES,
             "too many entries in ceasefire.agreement.handovers", "shorten the list")
    for key in ("towns", "districts", "losses"):
        over(("victory", key), len(getattr(scenario.victory, key)), MAX_POLITICAL_ENTRIES, f"too many entries in victory.{key}", "shorten the table")
    terms = sum(1 for t in scenario.triggers for _ in _conditions(t.when))
    if cf.agreement is not None:
        terms += sum(1 for _ in _conditions(cf.agreement.offer_when))
    over(("triggers",), terms, MAX_CONDITION_TERMS, "too many conditions in triggers and offer_when", "simplify the conditions")
    return out
