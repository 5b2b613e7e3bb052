"""Scenario triggers: declarative ``when``/``do`` rules read from YAML, never evaluated as code.

Triggers are checked once a day, for the day about to be played, in file
order; each fires once unless it says ``repeat: true`` (then on every day its
condition holds). The grammar is closed (see :mod:`game.scenario.politics`), so
a scenario can schedule what mediators do, react to the situation, or change a
rule parameter, but cannot run code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from game.hexmap.hexgrid import Hex
from game.scenario.politics import Action, Condition, Trigger, compare
from game.sides import SIDES, side_index

if TYPE_CHECKING:
    from game.state import GameState

__all__ = ["evaluate", "run_triggers", "setup"]


def setup(state: GameState, triggers: list[Trigger]) -> None:
    state.flags["triggers"] = list(triggers)
    state.flags["triggers_fired"] = []  # [{"trigger": index, "id": ..., "turn": ..., "date": ...}] in firing order


def _town_hex(state: GameState, name: str) -> int:
    t = state.theatre.find_town(name)
    if t is None:
        raise KeyError(f"unknown town {name!r}")
    return int(t.hex_index)


def territory_lost(state: GameState, side: int) -> tuple[int, int]:
    """(hexes held at the start and lost since, hexes held at the start)."""
    start = state.theatre.control0 == side
    return int(np.sum(start & (state.control != side))), int(np.sum(start))


def evaluate(state: GameState, c: Condition) -> bool:
    """Whether ``c`` holds now; all the keys of one condition must hold."""
    if c.date is not None and state.date < c.date:
        return False
    if c.turn is not None and state.turn < c.turn:
        return False
    if c.captured is not None:
        h = _town_hex(state, c.captured)
        now, start = int(state.control[h]), int(state.theatre.control0[h])
        if now == start or now < 0 or (c.by is not None and now != side_index(c.by)):
            return False
    for name, expr in sorted((c.pressure or {}).items()):
        if not compare(state.sides[side_index(name)].pressure, expr):
            return False
    for name, table in sorted((c.losses or {}).items()):
        s = state.sides[side_index(name)]
        for key, expr in sorted(table.items()):
            value = s.civilians_killed if key == "civilians_killed" else s.losses.get(key, 0)
            if not compare(float(value), expr):
                return False
    for name, expr in sorted((c.territory_lost or {}).items()):
        lost, whole = territory_lost(state, side_index(name))
        if not compare(float(lost), expr, whole=float(whole)):
            return False
    if c.collapse is not None:
        from game.rules.agreement import collapse_reasons

        if not collapse_reasons(state, side_index(c.collapse)):
            return False
    if c.all is not None and not all(evaluate(state, x) for x in c.all):
        return False
    if c.any is not None and not any(evaluate(state, x) for x in c.any):
        return False
    if c.not_ is not None and evaluate(state, c.not_):
        return False
    return True


def run_triggers(state: GameState) -> None:
    """Fire the triggers whose conditions hold, in file order."""
    fired = state.flags.setdefault("triggers_fired", [])
    done = {f["trigger"] for f in fired}
    for i, t in enumerate(state.flags.get("triggers", [])):
        if i in done and not t.repeat:
            continue
        if not evaluate(state, t.when):
            continue
        fired.append({"trigger": i, "id": t.id, "turn": state.turn, "date": state.date.isoformat()})
        state.log("triggers", "trigger", f"Trigger {t.id or i} fires", trigger=i, id=t.id)
        for a in t.actions():
            _act(state, a, t.id or str(i))


def _act(state: GameState, a: Action, name: str) -> None:
    from game.rules import agreement, ceasefire, diplomacy

    if a.message is not None:
        state.log("triggers", "message", a.message, trigger=name)
    for side_name, amount in sorted((a.pressure or {}).items()):
        diplomacy.add_pressure(state, side_index(side_name), float(amount), f"scenario event ({name})")
    for path, value in sorted((a.set or {}).items()):
        _set_parameter(state, path, value)
        state.log("triggers", "parameter", f"Rule parameter {path} is now {value!r}", trigger=name, path=path, value=value)
    if a.reinforce is not None:
        _reinforce(state, a.reinforce.side, a.reinforce.units)
    if a.propose_ceasefire is not None:
        pc = a.propose_ceasefire
        if pc.kind == "final":
            agreement.offer_agreement(state, pc.mediator, pc.id)
        else:
            ceasefire.add_proposal(state, {"id": pc.id, "mediator": pc.mediator, "kind": pc.kind, "date": state.date,
                                           "effective": pc.effective, "duration_days": pc.duration_days})


def _set_parameter(state: GameState, path: str, value: Any) -> None:
    parts = path.split(".")
    if parts[0] == "parameters":
        parts = parts[1:]
    node: Any = state.params
    for p in parts[:-1]:
        node = node[p]
    if parts[-1] not in node:
        raise KeyError(f"unknown rule parameter {path!r}")
    node[parts[-1]] = value
    if parts[0] in ("movement", "artillery", "combat", "hex_km"):
        from game.rules.tables import tables_for

        state.flags["tables"] = tables_for(state.theatre, state.params)


@dataclass(frozen=True)
class _Placed:
    """A unit spec resolved at run time, shaped like the loader's placed unit for :func:`game.setup.make_unit`."""

    spec: Any
    side: str
    hex_index: int
    unit_type: Any
    personnel: int
    equipment: dict[str, int]
    training: float


def _hex_of(state: GameState, at: Any) -> int:
    m = state.theatre
    if at.town is not None:
        return _town_hex(state, at.town)
    if at.lat is not None:
        return int(m.index_of_latlon(at.lat, at.lon))
    q, r = (int(x) for x in at.hex.split(","))
    return int(m.index(Hex(q, r)))


def _reinforce(state: GameState, side_name: str, specs: list[Any]) -> None:
    """Place trigger reinforcements like scheduled ones: on their hex, or the nearest free hex the side holds."""
    from game.rules.reinforcements import _free_hex
    from game.scenario.model import UnitSpec
    from game.setup import make_unit

    side = side_index(side_name)
    for raw in specs:
        spec = UnitSpec.model_validate(raw)
        ut = state.library.unit_types.get(spec.type)
        if ut is None:
            state.log("reinforcements", "reinforcement_blocked", f"{spec.name} could not arrive: unknown unit type {spec.type!r}", side=side)
            continue
        uid = spec.id if spec.id not in state.units else f"{spec.id}.t{state.turn}"
        if uid in state.units:
            continue
        pu = _Placed(spec.model_copy(update={"id": uid}), side_name, 0, ut, int(spec.personnel if spec.personnel is not None else ut.personnel),
                     dict(spec.equipment if spec.equipment is not None else ut.equipment),
                     float(spec.training if spec.training is not None else ut.training))
        try:
            h0 = _hex_of(state, spec.at)
        except (KeyError, ValueError) as e:
            state.log("reinforcements", "reinforcement_blocked", f"{spec.name} could not arrive: {e}", side=side)
            continue
        h = _free_hex(state, side, h0)
        if h is None:
            state.log("reinforcements", "reinforcement_blocked", f"{spec.name} could not arrive: no free hex", side=side)
            continue
        u = make_unit(state.library, pu, side, h, arrived_turn=state.turn)
        state.units[u.id] = u
        state.flags.setdefault("arrivals", []).append(u.id)
        state.log("reinforcements", "arrival", f"{u.name} arrived ({SIDES[side]})", side=side, hex=h, unit=u.id)
