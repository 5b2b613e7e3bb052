"""Ceasefire proposals, answers and violations.

Mediators named in the scenario's ``ceasefire:`` block propose ceasefires on
dates (``proposals``). A proposal made for a day is shown to both sides in
their view at the start of that day; each side answers with a ``CF <id>
ACCEPT|REFUSE`` order (no answer is a refusal). If both accept, the ceasefire
takes effect that day. While it holds, any attack, fire mission or strike
sortie is a violation; local violations also break out by chance, more often
where the lines touch. Violations are counted per side, raise the violator's
international pressure, and the ceasefire breaks when they pass
``break_after``. The decision rules and the violation chance are our own
model, documented in docs/rules.md; the proposal dates come from the scenario.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from game.orders import IllegalOrderError, Order
from game.sides import SIDES

if TYPE_CHECKING:
    from game.state import GameState

HOSTILE = ("AT", "FR")

DEFAULTS: dict[str, Any] = {
    "violation_chance": 0.04,  # [cal] per day, per 10 hexes of contact, of a local violation by each side
    "break_after": 3,  # [cal] violations by either side that break a ceasefire
    "pressure_per_violation": 2.0,  # [cal]
}


def _cfg(state: GameState) -> dict[str, Any]:
    cfg: dict[str, Any] = state.flags.get("ceasefire_cfg", {})
    return cfg


def setup(state: GameState, scenario: Any) -> None:
    cfg = dict(DEFAULTS)
    cfg.update({k: v for k, v in (scenario.scenario.ceasefire or {}).items() if k in DEFAULTS})
    props = []
    for p in (scenario.scenario.ceasefire or {}).get("proposals", []):
        props.append({
            "id": str(p["id"]), "mediator": str(p.get("mediator", "mediator")), "kind": str(p.get("kind", "humanitarian")),
            "date": _date(p["date"]), "effective": str(p.get("effective", "")), "pending": False, "done": False,
            "awaiting": list(SIDES), "answers": {},
        })
    state.flags["ceasefire_cfg"] = cfg
    state.flags["proposals"] = props
    _open_proposals(state)


def _date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def _open_proposals(state: GameState) -> None:
    """Proposals dated for the turn about to be played become pending (visible to both sides)."""
    for p in state.flags.get("proposals", []):
        if not p["done"] and not p["pending"] and p["date"] <= state.date:
            p["pending"] = True
            state.log("diplomacy", "proposal", f"{p['mediator']} proposes a {p['kind']} ceasefire ({p['id']})", proposal=p["id"])


def begin_turn(state: GameState, scenario: Any) -> None:
    pass


def check_answer(state: GameState, side: int, order: Order) -> None:
    p = next((x for x in state.flags.get("proposals", []) if x["id"] == order.proposal), None)
    if p is None:
        raise IllegalOrderError(order, f"no ceasefire proposal '{order.proposal}'")
    if not p["pending"]:
        raise IllegalOrderError(order, f"proposal '{order.proposal}' is not open for an answer")


def apply_answers(state: GameState, orders: list[list[Order]]) -> None:
    for p in state.flags.get("proposals", []):
        if not p["pending"]:
            continue
        for side in (0, 1):
            ans = next((o.mission for o in orders[side] if o.kind == "CF" and o.proposal == p["id"]), "REFUSE")
            p["answers"][SIDES[side]] = ans
        p["pending"] = False
        p["done"] = True
        accepted = all(a == "ACCEPT" for a in p["answers"].values())
        rec = {"id": p["id"], "proposed_by": p["mediator"], "kind": p["kind"], "proposed": state.date.isoformat(),
               "answers": dict(p["answers"]), "accepted": accepted, "effective": None, "broke": None, "broken_by": None,
               "violations": {s: 0 for s in SIDES}}
        if accepted:
            rec["effective"] = state.date.isoformat() + (f" {p['effective']}" if p["effective"] else "")
            state.ceasefire_active = p["id"]
            state.log("diplomacy", "ceasefire", f"Both sides accept the {p['kind']} ceasefire {p['id']}; it takes effect {rec['effective']}", proposal=p["id"])
        else:
            refused = [s for s, a in p["answers"].items() if a != "ACCEPT"]
            state.log("diplomacy", "ceasefire_refused", f"Ceasefire {p['id']} refused by {', '.join(refused)}", proposal=p["id"])
        state.ceasefires.append(rec)


def screen_orders(state: GameState, orders: list[list[Order]]) -> list[list[Order]]:
    """Under a ceasefire, hostile orders go ahead but are counted as violations."""
    if state.ceasefire_active is None:
        return orders
    rec = next(c for c in state.ceasefires if c["id"] == state.ceasefire_active)
    for side in (0, 1):
        n = sum(1 for o in orders[side] if o.kind in HOSTILE or (o.kind == "AIR" and o.mission in ("STRIKE", "SEAD")))
        if n:
            _violation(state, rec, side, n, "ordered attacks and fire")
    return orders


def _violation(state: GameState, rec: dict[str, Any], side: int, n: int, what: str) -> None:
    cfg = _cfg(state)
    rec["violations"][SIDES[side]] += n
    state.sides[side].pressure = min(100.0, state.sides[side].pressure + cfg["pressure_per_violation"] * n)
    state.log("diplomacy", "violation", f"Ceasefire {rec['id']} violated by {SIDES[side]} ({what})", side=side, proposal=rec["id"], count=n)


def end_turn(state: GameState, scenario: Any) -> None:
    cfg = _cfg(state)
    if state.ceasefire_active is not None:
        rec = next(c for c in state.ceasefires if c["id"] == state.ceasefire_active)
        contact = _contact_length(state)
        for side in (0, 1):
            chance = min(0.9, cfg["violation_chance"] * contact / 10.0)
            if state.rng.random() < chance:
                _violation(state, rec, side, 1, "local fire along the line")
        total = sum(rec["violations"].values())
        if total >= cfg["break_after"]:
            worst = max(SIDES, key=lambda s: (rec["violations"][s], s))
            rec["broke"] = state.date.isoformat()
            rec["broken_by"] = worst
            state.ceasefire_active = None
            state.log("diplomacy", "ceasefire_broken", f"Ceasefire {rec['id']} has broken down; most violations by {worst}", proposal=rec["id"])
    # next day's proposals
    state.turn += 1
    try:
        _open_proposals(state)
    finally:
        state.turn -= 1


def _contact_length(state: GameState) -> int:
    """Hexes of one side that touch a hex held by the other (length of the line, in hexes)."""
    nb = state.theatre.neighbours
    c = state.control
    valid = nb >= 0
    other_nb = (c[np.where(valid, nb, 0)] != c[:, None]) & valid & (c[np.where(valid, nb, 0)] >= 0)
    return int(np.sum(other_nb.any(axis=1) & (c == 0)))
