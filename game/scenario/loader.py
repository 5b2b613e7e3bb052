"""Load a scenario: manifest, ``extends`` chain, overrides, orders of battle, content, map.

The result, :class:`LoadedScenario`, is what the engine builds its first state
from: every unit already placed on a hex with its strengths resolved, every
reinforcement on a turn. Anything wrong anywhere is collected and raised as one
:class:`~game.scenario.errors.ScenarioError` whose problems name file and line.
The same inputs always give equal objects in the same order.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from game.hexmap.theatre import TheatreMap

from .content import (
    DEFAULT_ROOT,
    Library,
    check_sources,
    collect_content,
    load_content,
    load_source_ids,
    read_document,
    validate_document,
)
from .errors import (
    Path_,
    Problem,
    ScenarioError,
    did_you_mean,
    display_path,
    problems_from_validation,
)
from .inherit import (
    OVERRIDES_FILE,
    MergedDoc,
    apply_overrides,
    merge_chain,
    parse_set,
    read_chain,
    resolve_ref,
    scenario_ids,
)
from .limits import check_scenario_counts, check_units, map_problem, reinforcement_problem
from .model import SIDES, Orbat, Reinforcement, Scenario, UnitSpec
from .placement import PlacedUnit, Placer

__all__ = [
    "LoadedScenario",
    "PlacedUnit",
    "ResolvedReinforcement",
    "check_orbat",
    "list_scenarios",
    "load_content",
    "load_scenario",
    "parse_set",
    "read_scenario",
]

@dataclass(frozen=True)
class ResolvedReinforcement:
    """Units that arrive at the start of ``turn`` (turn 1 is the start date)."""

    side: str
    turn: int
    units: tuple[PlacedUnit, ...]


@dataclass
class LoadedScenario:
    """A checked scenario, ready for the engine."""

    path: Path
    scenario: Scenario
    document: dict[str, Any]
    library: Library
    theatre: TheatreMap
    units: dict[str, list[PlacedUnit]]
    reinforcements: list[ResolvedReinforcement]
    supply_sources: dict[str, list[int]]
    overrides: dict[str, Any] = field(default_factory=dict)  # as given, for records, saves and replays

    def date_of_turn(self, turn: int) -> dt.date:
        """One turn is one day; turn 1 is ``start_date``."""
        return self.scenario.start_date + dt.timedelta(days=turn - 1)

    @property
    def last_date(self) -> dt.date:
        return self.date_of_turn(self.scenario.max_turns)


class _Source(Protocol):
    """A YAML document or a merged scenario: something that can place a problem."""

    def problem(self, path: Path_, message: str, hint: str | None = None) -> Problem: ...
    def locate(self, path: Path_) -> tuple[str, int | None, int | None]: ...


@dataclass
class _Entry:
    side: str
    spec: UnitSpec
    source: _Source
    path: Path_

    def where(self) -> str:
        file, line, _ = self.source.locate(self.path)
        return f"{file}:{line}" if line else file


def jsonable(value: Any) -> Any:
    """Plain JSON data: dates as ISO text, keys as text."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def default_theatre(name: str) -> TheatreMap:
    """The committed map ``assets/map/<name>``; FileNotFoundError when it has not been built."""
    from game.hexmap.theatre import ASSET_DIR, load_theatre

    for suffix in (".npz", ".json"):
        if not (ASSET_DIR / name).with_suffix(suffix).is_file():
            raise FileNotFoundError(f"assets/map/{name}{suffix}")
    return load_theatre(name)


#: Largest map description (``assets/map/<name>.json``) read to learn the map's size before loading it.
MAP_HEADER_BYTES = 16 << 20


def map_shape(name: str) -> tuple[int, int] | None:
    """Rows and columns of the committed map ``name`` from its description, without loading its layers;
    None when they cannot be read (loading the map then says why)."""
    import json

    from game.hexmap.theatre import ASSET_DIR

    path = (ASSET_DIR / name).with_suffix(".json")
    try:
        if path.stat().st_size > MAP_HEADER_BYTES:
            return None
        meta = json.loads(path.read_text(encoding="utf-8"))
        return int(meta["nrows"]), int(meta["ncols"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _best_effort_orbat(data: Any) -> Orbat | None:
    """An orbat built from the entries that pass the schema (failed ones are None), so
    that one run also reports the cross-reference problems of the sound units."""
    if not isinstance(data, dict) or data.get("side") not in SIDES:
        return None

    def each(model: type[UnitSpec] | type[Reinforcement], items: Any) -> list[Any]:
        out: list[Any] = []
        for item in items if isinstance(items, list) else []:
            try:
                out.append(model.model_validate(item))
            except ValidationError:
                out.append(None)
        return out

    return Orbat.model_construct(
        side=data["side"], name=str(data.get("name", "")), units=each(UnitSpec, data.get("units")),
        reinforcements=each(Reinforcement, data.get("reinforcements")), src=[], notes=None,
    )


def _orbat_entries(orbat: Orbat, doc: _Source, removed: Set[str] = frozenset()) -> tuple[list[_Entry], list[tuple[int, Reinforcement, list[_Entry]]]]:
    """Starting units and reinforcement groups of an orbat as located entries, skipping removed ids."""
    side = orbat.side
    start = [_Entry(side, u, doc, ("units", i)) for i, u in enumerate(orbat.units) if u is not None and u.id not in removed]
    groups = []
    for j, r in enumerate(orbat.reinforcements):
        if r is not None:
            groups.append((j, r, [_Entry(side, u, doc, ("reinforcements", j, "units", k)) for k, u in enumerate(r.units) if u.id not in removed]))
    return start, groups


def scenario_path(ref: str | Path, root: Path) -> Path:
    """A scenario id or a path (relative to the working folder) -> the manifest file."""
    path = Path(ref) if isinstance(ref, Path) else resolve_ref(ref, root, Path.cwd())
    if not path.is_file():
        hint = did_you_mean(Path(ref).stem, scenario_ids(root))
        raise ScenarioError([Problem(display_path(path, root), None, None, "", f"no scenario {str(ref)!r}", hint)])
    return path


def read_scenario(ref: str | Path, *, overrides: Mapping[Any, Any] | None = None, root: Path | None = None) -> tuple[Path, MergedDoc, Scenario]:
    """The manifest with its ancestors merged and overrides applied, validated by the schema only."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    path = scenario_path(ref, root)
    chain = read_chain(path, root, lambda p: read_document(p, root))
    merged = merge_chain(chain)
    problems = apply_overrides(merged, overrides or {})
    if problems:
        raise ScenarioError(problems)
    try:
        scenario = Scenario.model_validate(merged.data)
    except ValidationError as exc:
        raise ScenarioError(problems_from_validation(exc, Scenario, merged.locate)) from None
    if scenario.id != path.stem:
        if merged.locate(("id",))[0] not in (chain[-1].file, OVERRIDES_FILE):
            raise ScenarioError([Problem(chain[-1].file, 1, 1, "id", "missing field 'id': a scenario that extends another needs its own id", f"add 'id: {path.stem}'")])
        raise ScenarioError([merged.problem(("id",), f"id {scenario.id!r} does not match the file name {path.name!r}", f"use 'id: {path.stem}'")])
    return path, merged, scenario


def load_scenario(
    ref: str | Path,
    *,
    overrides: Mapping[Any, Any] | None = None,
    theatre: TheatreMap | None = None,
    root: Path | None = None,
) -> LoadedScenario:
    """Load, merge, validate and cross-check a scenario; raises :class:`ScenarioError`.

    ``ref`` is a scenario id (``historical_2020`` -> ``<root>/historical_2020.yaml``)
    or a path. ``overrides`` maps dotted paths to values and is applied after
    ``extends``. ``theatre`` and ``root`` (the ``scenarios/`` folder) default to
    the project's own; tests pass small ones.
    """
    root = Path(root) if root is not None else DEFAULT_ROOT
    path, merged, scenario = read_scenario(ref, overrides=overrides, root=root)
    if not scenario.map or any(c in scenario.map for c in "/\\:") or scenario.map.startswith("."):
        from game.hexmap.theatre import ASSET_DIR

        maps = ", ".join(sorted(p.stem for p in ASSET_DIR.glob("*.npz"))) or "none built"
        raise ScenarioError([merged.problem(("map",), f"expected the name of a map in assets/map, got {scenario.map!r}",
                                            f"maps built: {maps}")])
    if theatre is None:
        shape = map_shape(scenario.map)
        too_big = map_problem(merged, scenario.map, *shape) if shape else None
        if too_big is not None:  # refused before its layers are loaded
            raise ScenarioError([too_big])
        try:
            theatre = default_theatre(scenario.map)
        except FileNotFoundError as exc:
            raise ScenarioError([merged.problem(("map",), f"the map {scenario.map!r} has not been built ({exc} is missing)", "run `make map`")]) from None
        except (OSError, ValueError, KeyError) as exc:
            raise ScenarioError([merged.problem(("map",), f"cannot load the map {scenario.map!r}: {exc}")]) from None
    too_big = map_problem(merged, scenario.map, theatre.nrows, theatre.ncols)
    if too_big is not None:
        raise ScenarioError([too_big])
    library, problems = collect_content(root)
    sources = load_source_ids(root)
    if isinstance(sources, list):
        problems.extend(sources)
    elif sources is not None:
        problems.extend(check_sources(merged.data, merged.problem, sources))
    checker = _Checker(scenario, merged, root, library, Placer(theatre, library), sources if isinstance(sources, set) else None)
    # A game shortened on purpose (an override of its length) simply never sees the later arrivals.
    checker.drop_late = bool(overrides) and any(str(k) in ("max_turns", "end_date") for k in (overrides or {}))
    result = checker.run()
    problems.extend(checker.problems)
    problems.extend(checker.placer.problems)
    if problems:
        raise ScenarioError(sorted(problems, key=Problem.sort_key))
    units, reinforcements, supply = result
    return LoadedScenario(
        path=path,
        scenario=scenario,
        document=jsonable(merged.data),
        library=library,
        theatre=theatre,
        units=units,
        reinforcements=reinforcements,
        supply_sources=supply,
        overrides={str(k): jsonable(v) for k, v in (overrides or {}).items()},
    )


class _Checker:
    """The cross-reference checks of one scenario, collecting problems instead of stopping."""

    def __init__(self, scenario: Scenario, merged: MergedDoc, root: Path, library: Library, placer: Placer, sources: set[str] | None) -> None:
        self.scenario, self.merged, self.root = scenario, merged, root
        self.library, self.placer, self.sources = library, placer, sources
        self.problems: list[Problem] = []
        self.drop_late = False
        s = scenario
        self.last_day = s.end_date or s.start_date + dt.timedelta(days=s.max_turns - 1)

    def run(self) -> tuple[dict[str, list[PlacedUnit]], list[ResolvedReinforcement], dict[str, list[int]]]:
        s, m = self.scenario, self.merged
        self._check_dates()
        for side in SIDES:
            if side not in s.sides:
                self.problems.append(m.problem(("sides",), f"missing side {side!r}", "a scenario names both sides"))
        orbats = {side: self._orbat(side) for side in SIDES if side in s.sides}
        starting: list[_Entry] = []
        later: list[_Entry] = []
        arriving: list[tuple[int, int, int, list[_Entry]]] = []
        for side, loaded in orbats.items():
            spec = s.sides[side]
            self._check_air(side)
            if loaded is None:
                continue
            orbat, doc = loaded
            too_many = reinforcement_problem(side, doc, len(orbat.reinforcements))
            if too_many is not None:
                self.problems.append(too_many)
            removed = self._removals(side, orbat)
            start, groups = _orbat_entries(orbat, doc, removed)
            starting += start
            starting += [_Entry(side, u, m, ("sides", side, "add_units", i)) for i, u in enumerate(spec.add_units)]
            for j, r, entries in groups:
                turn = self._turn_of(r.date, r.turn, doc, ("reinforcements", j))
                later += entries
                if turn is not None and entries:
                    arriving.append((turn, SIDES.index(side), j, entries))
        self._unique_ids(starting + later)
        self.problems.extend(check_scenario_counts(s, m))
        self.problems.extend(check_units(starting + later, self._trigger_units()))
        units: dict[str, list[PlacedUnit]] = {side: [] for side in SIDES if side in s.sides}
        occupied: dict[int, _Entry] = {}
        for e in starting:
            placed = self.placer.place(e.spec, e.side, e.source.problem, e.path)
            if placed is None:
                continue
            units[e.side].append(placed)
            other = occupied.setdefault(placed.hex_index, e)
            if other.side != e.side:
                h = self.placer.theatre.hex_at(placed.hex_index) if self.placer.theatre else placed.hex_index
                self.problems.append(e.source.problem(
                    e.path + ("at",),
                    f"hex {h} holds units of both sides: {other.spec.id!r} ({other.side}) and {e.spec.id!r} ({e.side})",
                    f"{other.spec.id!r} is at {other.where()}"))
        reinforcements = []
        for turn, _, _, entries in sorted(arriving, key=lambda a: a[:3]):
            placed_all = [self.placer.place(e.spec, e.side, e.source.problem, e.path) for e in entries]
            reinforcements.append(ResolvedReinforcement(entries[0].side, turn, tuple(p for p in placed_all if p is not None)))
        supply = {side: self._supply(side) for side in units}
        self._check_key_towns()
        from game.params import ParameterError, default_params

        for block in ("parameters", "weather"):
            data = getattr(self.scenario, block) or {}
            try:
                default_params(dict(data) if block == "parameters" else {"weather": dict(data)})
            except ParameterError as e:
                where = tuple(str(x) for x in (e.path if block == "parameters" else e.path[1:]))
                self.problems.append(self.merged.problem((block, *where), e.message, e.hint))
        from game.ai.doctrine import check_overrides as doctrine_checks
        from game.ai.doctrine import names as doctrine_names

        known = doctrine_names()
        for side, spec in sorted(self.scenario.sides.items()):
            if spec.doctrine not in known:
                near = difflib.get_close_matches(spec.doctrine, known, n=1)
                self.problems.append(self.merged.problem(("sides", side, "doctrine"), f"unknown doctrine '{spec.doctrine}'",
                                                         f"did you mean '{near[0]}'?" if near else f"one of {', '.join(known)}"))
            for key, problem, advice in doctrine_checks(spec.doctrine_overrides):
                self.problems.append(self.merged.problem(("sides", side, "doctrine_overrides", key), problem, advice))
        from .politics import check_politics

        for path, message, hint in check_politics(self.scenario, self.placer.theatre, self.library):
            self.problems.append(self.merged.problem(path, message, hint))
        return units, reinforcements, supply

    # --- pieces -------------------------------------------------------------------
    def _check_dates(self) -> None:
        s = self.scenario
        if s.end_date is None:
            return
        days = (s.end_date - s.start_date).days + 1
        if days != s.max_turns:
            fit = s.start_date + dt.timedelta(days=s.max_turns - 1)
            # Point at whichever of the two the scenario itself (not a parent) sets.
            here = self.merged.locate(("end_date",))[0] == self.merged.file
            key = "end_date" if here or self.merged.locate(("max_turns",))[0] != self.merged.file else "max_turns"
            self.problems.append(self.merged.problem(
                (key,),
                f"end_date {s.end_date} makes {days} days from start_date {s.start_date}, but max_turns is {s.max_turns}",
                f"one turn is one day: set end_date to {fit} or max_turns to {days}"))

    def _orbat(self, side: str) -> tuple[Orbat, Any] | None:
        spec = self.scenario.sides[side]  # type: ignore[index]
        path = self.root / spec.orbat
        if not path.is_file():
            known = sorted(p.relative_to(self.root).as_posix() for p in (self.root / "orbats").glob("*.yaml"))
            self.problems.append(self.merged.problem(("sides", side, "orbat"), f"no order-of-battle file {spec.orbat!r}", did_you_mean(spec.orbat, known)))
            return None
        try:
            doc = read_document(path, self.root)
        except ScenarioError as exc:
            self.problems.extend(exc.problems)
            return None
        orbat, found = validate_document(doc, Orbat)
        self.problems.extend(found)
        if self.sources is not None:
            self.problems.extend(check_sources(doc.data, doc.problem, self.sources))
        if orbat is None:
            orbat = _best_effort_orbat(doc.data)
        if orbat is None:
            return None
        if orbat.side != side:
            self.problems.append(self.merged.problem(
                ("sides", side, "orbat"), f"{spec.orbat!r} is the order of battle of {orbat.side!r}, not of {side!r}"))
            return None
        return orbat, doc

    def _check_air(self, side: str) -> None:
        spec = self.scenario.sides[side]  # type: ignore[index]
        known = self.library.air_types
        for key in ("air", "ground_stations"):
            for air_id in getattr(spec, key):
                if air_id not in known:
                    self.problems.append(self.merged.problem(("sides", side, key, air_id), f"unknown air type {air_id!r}", did_you_mean(air_id, known)))

    def _removals(self, side: str, orbat: Orbat) -> set[str]:
        ids = [u.id for u in orbat.units if u is not None]
        ids += [u.id for r in orbat.reinforcements if r is not None for u in r.units]
        removed = set()
        for i, uid in enumerate(self.scenario.sides[side].remove_units):  # type: ignore[index]
            if uid in ids:
                removed.add(uid)
            else:
                self.problems.append(self.merged.problem(
                    ("sides", side, "remove_units", i), f"no unit {uid!r} in the {side} order of battle", did_you_mean(uid, ids)))
        return removed

    def _turn_of(self, date: dt.date | None, turn: int | None, doc: _Source, path: Path_) -> int | None:
        s = self.scenario
        if date is not None:
            if date < s.start_date:
                self.problems.append(doc.problem(path + ("date",), f"reinforcement date {date} is before the scenario starts ({s.start_date})"))
                return None
            if date > self.last_day:
                if self.drop_late:
                    return None
                self.problems.append(doc.problem(path + ("date",), f"reinforcement date {date} is after the scenario's last day ({self.last_day})"))
                return None
            return (date - s.start_date).days + 1
        if turn is not None and turn > s.max_turns:
            if self.drop_late:
                return None
            self.problems.append(doc.problem(path + ("turn",), f"reinforcement turn {turn} is after the last turn ({s.max_turns})"))
            return None
        return turn

    def _trigger_units(self) -> list[tuple[str, _Source, Path_, int]]:
        """Units that triggers bring in, each weighted by how often its trigger can fire."""
        out: list[tuple[str, _Source, Path_, int]] = []
        for i, t in enumerate(self.scenario.triggers):
            r = t.do.reinforce
            if r is not None:
                times = self.scenario.max_turns if t.repeat else 1
                out += [(r.side, self.merged, ("triggers", i, "do", "reinforce", "units", k), times) for k in range(len(r.units))]
        return out

    def _unique_ids(self, entries: list[_Entry]) -> None:
        first: dict[str, _Entry] = {}
        for e in entries:
            seen = first.setdefault(e.spec.id, e)
            if seen is not e:
                self.problems.append(e.source.problem(e.path + ("id",), f"duplicate unit id {e.spec.id!r}", f"also used at {seen.where()}"))

    def _supply(self, side: str) -> list[int]:
        out = []
        for i, loc in enumerate(self.scenario.sides[side].supply_sources):  # type: ignore[index]
            index = self.placer.hex_of(loc, self.merged.problem, ("sides", side, "supply_sources", i), what="supply source")
            if index is not None:
                out.append(index)
        return out

    def _check_key_towns(self) -> None:
        th = self.placer.theatre
        if th is None:
            return
        from .placement import town_names

        for i, name in enumerate(self.scenario.key_towns):
            if th.find_town(name) is None:
                self.problems.append(self.merged.problem(("key_towns", i), f"unknown town {name!r}", did_you_mean(name, town_names(th))))


def check_orbat(path: Path, *, root: Path | None = None, theatre: TheatreMap | None = None) -> list[Problem]:
    """Problems in one order-of-battle file on its own: schema, unit types, equipment,
    unique ids, sources, and (given a map) locations. Dates need a scenario and are checked there."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    try:
        doc = read_document(path, root)
    except ScenarioError as exc:
        return exc.problems
    orbat, problems = validate_document(doc, Orbat)
    library, _ = collect_content(root)
    sources = load_source_ids(root)
    if isinstance(sources, set):
        problems.extend(check_sources(doc.data, doc.problem, sources))
    orbat = orbat or _best_effort_orbat(doc.data)
    if orbat is None:
        return problems
    placer = Placer(theatre, library)
    start, groups = _orbat_entries(orbat, doc)
    entries = start + [e for _, _, group in groups for e in group]
    too_many = reinforcement_problem(orbat.side, doc, len(orbat.reinforcements))
    problems.extend([too_many] if too_many is not None else [])
    problems.extend(check_units(entries))
    for e in entries:
        placer.place(e.spec, e.side, doc.problem, e.path)
    first: dict[str, _Entry] = {}
    for e in entries:
        seen = first.setdefault(e.spec.id, e)
        if seen is not e:
            problems.append(doc.problem(e.path + ("id",), f"duplicate unit id {e.spec.id!r}", f"also used at {seen.where()}"))
    return sorted(problems + placer.problems, key=Problem.sort_key)


def list_scenarios(root: Path | None = None) -> list[tuple[str, str, str]]:
    """``(id, name, description)`` of every scenario in ``root`` whose manifest reads cleanly,
    sorted by id, for menus. Broken ones are left out; ``karabakh validate`` explains them."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    out = []
    for sid in scenario_ids(root):
        try:
            _, _, scenario = read_scenario(sid, root=root)
        except ScenarioError:
            continue
        out.append((scenario.id, scenario.name, scenario.description))
    return out
