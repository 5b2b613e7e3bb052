"""Ceasefires: mediators' proposals, the sides' answers, violations and breakdowns, exchanges.

Mediators named in the scenario's ``ceasefire:`` block propose ceasefires on
their documented dates (``proposals``) or when a trigger fires. A proposal is
shown to both sides at the start of its day; each answers ``CF <id>
ACCEPT|REFUSE`` (no answer is a refusal). If both accept it takes effect that
day. Under a ceasefire every ordered attack, fire mission or strike sortie is
a violation, and local violations break out by chance (:func:`local_violation_chance`);
detected violations raise the violator's pressure, and the ceasefire breaks
when they reach ``break_after``. A humanitarian ceasefire that survives its
first day lets the sides exchange prisoners and bodies (recorded apart from
losses, which keep counting everyone ever lost). This module also runs the
political business of each new day (triggers, the agreement's offer,
proposals, handovers); the war-ending agreement itself is
:mod:`game.rules.agreement`. The probabilities are our calibration
(docs/diplomacy.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from game.orders import IllegalOrderError, Order
from game.rules import agreement
from game.scenario.politics import (
    Agreement,
    CeasefireBlock,
    parse_ceasefire,
    parse_triggers,
    parse_victory,
)
from game.sides import SIDES

if TYPE_CHECKING:
    from game.state import GameState

HOSTILE = ("AT", "FR")
MANOEUVRE = ("manoeuvre", "special_forces", "engineer", "reconnaissance")
WAR_OVER = "ceasefire agreement"


# --- configuration ----------------------------------------------------------------------
def settings(state: GameState) -> CeasefireBlock:
    blk: CeasefireBlock = state.flags["politics"]["ceasefire"]
    return blk


def agreement_spec(state: GameState) -> Agreement | None:
    return settings(state).agreement


def mediator_name(state: GameState, mid: str) -> str:
    return next((m.name for m in settings(state).mediators if m.id == mid), mid)


def setup(state: GameState, scenario: Any) -> None:
    """Read the political blocks, register the scheduled proposals, and open those for turn 1."""
    from game.rules import triggers

    sc = scenario.scenario
    block = parse_ceasefire(sc.ceasefire)
    state.flags["politics"] = {"ceasefire": block, "victory": parse_victory(sc.victory), "key_towns": list(sc.key_towns)}
    state.flags["proposals"] = []
    state.flags["exchanged"] = {s: {"prisoners": 0, "bodies": 0} for s in SIDES}
    for p in block.proposals:
        add_proposal(state, {"id": p.id, "mediator": p.mediator, "kind": p.kind, "date": p.date,
                             "effective": p.effective, "duration_days": p.duration_days, "src": list(p.src)})
    triggers.setup(state, parse_triggers(sc.triggers))
    _next_day(state)


def add_proposal(state: GameState, p: dict[str, Any]) -> dict[str, Any] | None:
    """Register a proposal; it opens on its date. A repeated id is ignored (logged)."""
    props = state.flags.setdefault("proposals", [])
    if any(x["id"] == p["id"] for x in props):
        state.log("diplomacy", "proposal_duplicate", f"A proposal with id {p['id']} was already made", proposal=p["id"])
        return None
    d = p["date"] if isinstance(p["date"], dt.date) else dt.date.fromisoformat(str(p["date"]))
    prop: dict[str, Any] = {"id": str(p["id"]), "mediator": str(p["mediator"]), "mediator_name": mediator_name(state, str(p["mediator"])),
            "kind": str(p.get("kind", "humanitarian")), "date": d, "effective": str(p.get("effective", "")),
            "duration_days": p.get("duration_days"), "src": list(p.get("src", [])), "pending": False, "done": False,
            "awaiting": list(SIDES), "answers": {}}
    for k in ("terms", "collapse", "pressure"):
        if k in p:
            prop[k] = p[k]
    props.append(prop)
    return prop


def _open_proposals(state: GameState) -> None:
    """Proposals dated for the day about to be played become pending (visible to both sides)."""
    concluded = state.flags.get("agreement") is not None
    for p in state.flags.get("proposals", []):
        if not p["done"] and not p["pending"] and p["date"] <= state.date:
            if concluded:
                p["done"] = True
                state.log("diplomacy", "proposal_overtaken", f"Proposal {p['id']} is overtaken by the agreement", proposal=p["id"])
                continue
            p["pending"] = True
            what = "the final agreement" if p["kind"] == "final" else f"a {p['kind']} ceasefire"
            state.log("diplomacy", "proposal", f"{p['mediator_name']} proposes {what} ({p['id']})", proposal=p["id"], proposal_kind=p["kind"])


def begin_turn(state: GameState, scenario: Any) -> None:
    """Nothing to do: the day's proposals, triggers and handovers were settled when the previous day ended."""


# --- answers ------------------------------------------------------------------------------
def check_answer(state: GameState, side: int, order: Order) -> None:
    p = next((x for x in state.flags.get("proposals", []) if x["id"] == order.proposal), None)
    if p is None:
        raise IllegalOrderError(order, f"no ceasefire proposal '{order.proposal}'")
    if not p["pending"]:
        raise IllegalOrderError(order, f"proposal '{order.proposal}' is not open for an answer")


def apply_answers(state: GameState, orders: list[list[Order]]) -> None:
    """Close the open proposals with both sides' answers (none is a refusal)."""
    for p in state.flags.get("proposals", []):
        if not p["pending"]:
            continue
        for side in (0, 1):
            ans = next((o.mission for o in orders[side] if o.kind == "CF" and o.proposal == p["id"]), "REFUSE")
            p["answers"][SIDES[side]] = ans
        p["pending"] = False
        p["done"] = True
        accepted = all(a == "ACCEPT" for a in p["answers"].values())
        rec: dict[str, Any] = {
            "id": p["id"], "proposed_by": p["mediator"], "mediator": p["mediator_name"], "kind": p["kind"],
            "proposed": state.date.isoformat(), "answers": dict(p["answers"]), "accepted": accepted,
            "effective": None, "effective_turn": None, "broke": None, "broken_by": None, "lapsed": None, "superseded": None,
            "violations": {s: 0 for s in SIDES}, "violations_undetected": {s: 0 for s in SIDES},
            "exchange": None, "duration_days": p["duration_days"], "src": list(p["src"]),
        }
        state.ceasefires.append(rec)
        if not accepted:
            refused = [s for s, a in sorted(p["answers"].items()) if a != "ACCEPT"]
            state.log("diplomacy", "ceasefire_refused", f"Proposal {p['id']} refused by {', '.join(refused)}", proposal=p["id"])
            if p["kind"] == "final":
                ag = agreement_spec(state)
                state.flags["agreement_next_offer"] = state.turn + (ag.reoffer_days if ag else 3)
            continue
        rec["effective"] = state.date.isoformat() + (f" {p['effective']}" if p["effective"] else "")
        rec["effective_turn"] = state.turn
        if state.ceasefire_active is not None:
            old = _active_record(state)
            if old is not None:
                old["superseded"] = state.date.isoformat()
        state.ceasefire_active = p["id"]
        if p["kind"] == "final":
            agreement.conclude(state, p, rec)
        else:
            state.log("diplomacy", "ceasefire", f"Both sides accept the {p['kind']} ceasefire {p['id']}; it takes effect {rec['effective']}", proposal=p["id"])


def _active_record(state: GameState) -> dict[str, Any] | None:
    if state.ceasefire_active is None:
        return None
    return next((c for c in reversed(state.ceasefires) if c["id"] == state.ceasefire_active), None)


# --- orders under a ceasefire --------------------------------------------------------------
def check_order(state: GameState, side: int, order: Order) -> None:
    """Engine hook (``Game.check``): what the final agreement forbids; see :mod:`game.rules.agreement`."""
    agreement.check_order(state, side, order)


def screen_orders(state: GameState, orders: list[list[Order]]) -> list[list[Order]]:
    """Book today's fire for the pressure track; under a ceasefire, hostile orders go ahead but count as violations."""
    from game.rules.artillery import fire_weight

    fires = []
    for side in (0, 1):
        for o in orders[side]:
            if o.kind == "FR":
                u = state.units[o.unit]  # type: ignore[index]
                _, cluster = fire_weight(state, u, missiles=bool(o.city))
                h = None if o.city else state.theatre.index(o.target)  # type: ignore[arg-type]
                fires.append({"turn": state.turn, "side": SIDES[side], "hex": h, "city": o.city, "cluster": bool(cluster), "kind": "FR"})
            elif o.kind == "AIR" and o.mission in ("STRIKE", "SEAD"):
                fires.append({"turn": state.turn, "side": SIDES[side], "hex": state.theatre.index(o.target),  # type: ignore[arg-type]
                              "city": None, "cluster": False, "kind": "AIR"})
    state.flags["fires"] = fires
    state.flags["violations_today"] = []
    rec = _active_record(state)
    if rec is None or rec["kind"] == "final" or rec["effective_turn"] >= state.turn:
        # the day a ceasefire is agreed, orders were written before anyone knew the answer
        return orders
    m = state.theatre
    for side in (0, 1):
        n = sum(1 for o in orders[side] if o.kind in HOSTILE or (o.kind == "AIR" and o.mission in ("STRIKE", "SEAD")))
        if n:
            _violation(state, rec, side, n, "ordered attacks and fire")
        # advancing into ground the other side holds breaks a truce as surely as firing does
        k = sum(1 for o in orders[side] if o.kind == "MV" and o.target is not None and m.contains(o.target)
                and int(state.control[m.index(o.target)]) == 1 - side)
        if k:
            _violation(state, rec, side, k, "moves into the other side's ground")
    return orders


def _violation(state: GameState, rec: dict[str, Any], side: int, n: int, what: str) -> None:
    from game.rules.diplomacy import add_pressure

    blk = settings(state)
    rec["violations"][SIDES[side]] += n
    state.flags.setdefault("violations_today", []).append({"side": SIDES[side], "count": n})
    state.log("diplomacy", "violation", f"Ceasefire {rec['id']} violated by {SIDES[side]} ({what})", side=side, proposal=rec["id"], count=n)
    add_pressure(state, side, blk.pressure_per_violation * min(n, blk.violations_weighed_per_day), f"{n} violation(s) of ceasefire {rec['id']}")


def local_violation_chance(state: GameState, side: int) -> float:
    """p = min(0.9, v x L/10 x (2 - mean cohesion) / discipline): a longer line of contact and worn, less disciplined
    troops break a truce more often. Our calibration; the quick collapse of all three 2020 truces
    [src: wp_hadrut_battle, pledgetimes_oct18b, jamnews_oct26] sets its order of magnitude."""
    blk = settings(state)
    units = [u for u in state.alive_units(side) if u.role in MANOEUVRE]
    coh = float(np.mean([u.cohesion for u in units])) if units else 1.0
    disc = max(0.05, float(blk.discipline.get(SIDES[side], 1.0)))  # type: ignore[call-overload]
    return float(min(0.9, blk.violation_chance * contact_length(state) / 10.0 * (2.0 - coh) / disc))


# --- the end of the day --------------------------------------------------------------------
def end_turn(state: GameState, scenario: Any) -> None:
    rec = _active_record(state)
    if rec is not None and rec["kind"] != "final":
        _truce_day(state, rec)
    ag = state.flags.get("agreement")
    if ag is not None:
        if ag["terms"]["freeze_lines"]:
            state.control[:] = np.asarray(state.flags["frozen_control"], dtype=np.int8)
        if all(h["done"] is not None for h in ag["terms"]["handovers"]):
            if not state.flags.get("war_over"):
                state.flags["war_over"] = WAR_OVER
                state.log("diplomacy", "war_over", f"The agreement of {ag['effective']} is carried out; the war is over")
            return
    if state.turn >= state.max_turns:
        return
    state.turn += 1
    try:
        _next_day(state)
    finally:
        state.turn -= 1


def _truce_day(state: GameState, rec: dict[str, Any]) -> None:
    blk = settings(state)
    for side in (0, 1):
        if state.rng.random() < local_violation_chance(state, side):
            if state.rng.random() < blk.detection:
                _violation(state, rec, side, 1, "local fire along the line")
            else:
                rec["violations_undetected"][SIDES[side]] += 1
    total = sum(rec["violations"].values())
    if total >= blk.break_after:
        a, b = rec["violations"][SIDES[0]], rec["violations"][SIDES[1]]
        rec["broke"] = state.date.isoformat()
        rec["broken_by"] = SIDES[0] if a > b else SIDES[1] if b > a else "both"
        state.ceasefire_active = None
        who = "both sides" if rec["broken_by"] == "both" else rec["broken_by"]
        state.log("diplomacy", "ceasefire_broken", f"Ceasefire {rec['id']} has broken down; most violations by {who}", proposal=rec["id"])
        return
    if rec["kind"] == "humanitarian" and rec["exchange"] is None:
        exchange(state, rec)
    dur = rec.get("duration_days")
    if dur and state.turn - rec["effective_turn"] + 1 >= dur:
        rec["lapsed"] = state.date.isoformat()
        state.ceasefire_active = None
        state.log("diplomacy", "ceasefire_lapsed", f"Ceasefire {rec['id']} has run its {dur} days", proposal=rec["id"])


def exchange(state: GameState, rec: dict[str, Any]) -> None:
    """Prisoners and bodies returned to their side. Losses are not changed (they count everyone ever lost);
    the returns are kept apart in ``exchanged``, so ``alive + lost = initial + reinforcements`` still holds."""
    blk = settings(state)
    done = state.flags["exchanged"]
    out: dict[str, dict[str, int]] = {"prisoners": {}, "bodies": {}}
    for side in (0, 1):
        name = SIDES[side]
        losses = state.sides[side].losses
        held = max(0, int(losses["personnel_captured"]) - done[name]["prisoners"])
        bodies = max(0, int(losses["personnel_killed"]) - done[name]["bodies"])
        p = int(np.floor(blk.exchange_share * held))
        b = int(np.floor(blk.bodies_share * bodies))
        done[name]["prisoners"] += p
        done[name]["bodies"] += b
        out["prisoners"][name] = p
        out["bodies"][name] = b
    rec["exchange"] = out
    state.flags.setdefault("exchanges", []).append({"proposal": rec["id"], "date": state.date.isoformat(), **out})
    state.log("diplomacy", "exchange", f"Under ceasefire {rec['id']} the sides exchange prisoners "
              f"({', '.join(f'{k}: {v}' for k, v in out['prisoners'].items())} returned) and bodies", proposal=rec["id"])


def _next_day(state: GameState) -> None:
    """With ``state.turn`` set to the day about to be played: triggers, the agreement offer, proposals, handovers."""
    from game.rules import triggers

    if state.flags.get("war_over"):
        return
    triggers.run_triggers(state)
    ag = agreement_spec(state)
    if ag is not None and state.flags.get("agreement") is None and state.turn >= state.flags.get("agreement_next_offer", 0):
        if agreement.offer_due(state, ag):
            agreement.offer_agreement(state, ag.mediator)
    _open_proposals(state)
    agreement.handovers(state)


def contact_length(state: GameState) -> int:
    """Hexes of either side that touch a hex of the other, halved (the length of the line, in hexes)."""
    nb = state.theatre.neighbours
    c = state.control
    valid = nb >= 0
    cn = c[np.where(valid, nb, 0)]
    touching = ((cn != c[:, None]) & valid & (cn >= 0)).any(axis=1) & (c >= 0)
    return int(np.sum(touching) // 2)


