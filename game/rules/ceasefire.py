"""Ceasefires: mediators' proposals, the sides' answers, violations, breakdowns, and the war-ending agreement.

Mediators named in the scenario's ``ceasefire:`` block propose ceasefires on
their documented dates (``proposals``) or when a trigger fires. A proposal is
shown to both sides at the start of its day; each answers ``CF <id>
ACCEPT|REFUSE`` (no answer is a refusal). If both accept it takes effect that
day. Under a ceasefire every ordered attack, fire mission or strike sortie is
a violation, and local violations break out by chance (:func:`local_violation_chance`);
detected violations raise the violator's pressure, and the ceasefire breaks
when they reach ``break_after``. A humanitarian ceasefire that survives its
first day lets the sides exchange prisoners and bodies (recorded apart from
losses, which keep counting everyone ever lost).

The final agreement is offered when the situation calls for it — a side's
position collapses (:func:`collapse_reasons`) or pressure on both is high —
never on a date. Once accepted, the lines freeze, a neutral peacekeeping zone
along the line and the corridor refuses attacks and fire into it (hook in the
engine's order check, :func:`check_order`), districts change hands on the
scheduled dates, and the war ends with ``"ceasefire agreement"`` the day the
last handover is done. The game may run past ``max_turns`` for that schedule.
The probabilities are our calibration (docs/diplomacy.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from game.hexmap.hexgrid import hex_line
from game.orders import IllegalOrderError, Order
from game.scenario.politics import (
    Agreement,
    CeasefireBlock,
    Collapse,
    find_district,
    parse_ceasefire,
    parse_triggers,
    parse_victory,
)
from game.sides import SIDES, side_index

if TYPE_CHECKING:
    from game.state import GameState

HOSTILE = ("AT", "FR")
HOSTILE_AIR = ("STRIKE", "SEAD", "DECOY")
MANOEUVRE = ("manoeuvre", "special_forces", "engineer", "reconnaissance")
WAR_OVER = "ceasefire agreement"


# --- configuration ----------------------------------------------------------------------
def _block(state: GameState) -> CeasefireBlock:
    blk: CeasefireBlock = state.flags["politics"]["ceasefire"]
    return blk


def _agreement(state: GameState) -> Agreement | None:
    return _block(state).agreement


def _mediator_name(state: GameState, mid: str) -> str:
    return next((m.name for m in _block(state).mediators if m.id == mid), mid)


def setup(state: GameState, scenario: Any) -> None:
    """Read the political blocks, register the scheduled proposals, and open those for turn 1."""
    from game.rules import triggers

    sc = scenario.scenario
    block = parse_ceasefire(sc.ceasefire)
    state.flags["politics"] = {"ceasefire": block, "victory": parse_victory(sc.victory)}
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
    prop: dict[str, Any] = {"id": str(p["id"]), "mediator": str(p["mediator"]), "mediator_name": _mediator_name(state, str(p["mediator"])),
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
            "exchange": None, "src": list(p["src"]),
        }
        state.ceasefires.append(rec)
        if not accepted:
            refused = [s for s, a in sorted(p["answers"].items()) if a != "ACCEPT"]
            state.log("diplomacy", "ceasefire_refused", f"Proposal {p['id']} refused by {', '.join(refused)}", proposal=p["id"])
            if p["kind"] == "final":
                ag = _agreement(state)
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
            _conclude(state, p, rec)
        else:
            rec["duration_days"] = p["duration_days"]
            state.log("diplomacy", "ceasefire", f"Both sides accept the {p['kind']} ceasefire {p['id']}; it takes effect {rec['effective']}", proposal=p["id"])


def _active_record(state: GameState) -> dict[str, Any] | None:
    if state.ceasefire_active is None:
        return None
    return next((c for c in reversed(state.ceasefires) if c["id"] == state.ceasefire_active), None)


# --- orders under a ceasefire --------------------------------------------------------------
def check_order(state: GameState, side: int, order: Order) -> None:
    """Engine hook: under the final agreement hostile orders and moves across the frozen line are refused,
    and nothing may attack or fire into the peacekeepers' zone."""
    ag = state.flags.get("agreement")
    if ag is None:
        return
    hostile = order.kind in HOSTILE or (order.kind == "AIR" and order.mission in HOSTILE_AIR)
    target = state.theatre.index(order.target) if order.target is not None and state.theatre.contains(order.target) else None
    zone = state.flags.get("peacekeeper_zone_mask")
    if hostile and target is not None and zone is not None and zone[target]:
        raise IllegalOrderError(order, f"hex {order.target} is in the {ag['terms']['peacekeepers']['contributor_name']} peacekeepers' zone")
    if hostile:
        raise IllegalOrderError(order, f"the agreement of {ag['effective']} has ended hostilities")
    if order.kind == "MV" and ag["terms"]["freeze_lines"] and target is not None and int(state.control[target]) != side:
        raise IllegalOrderError(order, f"the lines are frozen by the agreement of {ag['effective']}; hex {order.target} is not yours")


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
    for side in (0, 1):
        n = sum(1 for o in orders[side] if o.kind in HOSTILE or (o.kind == "AIR" and o.mission in ("STRIKE", "SEAD")))
        if n:
            _violation(state, rec, side, n, "ordered attacks and fire")
    return orders


def _violation(state: GameState, rec: dict[str, Any], side: int, n: int, what: str) -> None:
    from game.rules.diplomacy import add_pressure

    blk = _block(state)
    rec["violations"][SIDES[side]] += n
    state.flags.setdefault("violations_today", []).append({"side": SIDES[side], "count": n})
    state.log("diplomacy", "violation", f"Ceasefire {rec['id']} violated by {SIDES[side]} ({what})", side=side, proposal=rec["id"], count=n)
    add_pressure(state, side, blk.pressure_per_violation * min(n, blk.violations_weighed_per_day), f"{n} violation(s) of ceasefire {rec['id']}")


def local_violation_chance(state: GameState, side: int) -> float:
    """p = min(0.9, v x L/10 x (2 - mean cohesion) / discipline): a longer line of contact and worn, less disciplined
    troops break a truce more often. Our calibration; the quick collapse of all three 2020 truces
    [src: wp_hadrut_battle, pledgetimes_oct18b, jamnews_oct26] sets its order of magnitude."""
    blk = _block(state)
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
    blk = _block(state)
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
        _exchange(state, rec)
    dur = rec.get("duration_days")
    if dur and state.turn - rec["effective_turn"] + 1 >= dur:
        rec["lapsed"] = state.date.isoformat()
        state.ceasefire_active = None
        state.log("diplomacy", "ceasefire_lapsed", f"Ceasefire {rec['id']} has run its {dur} days", proposal=rec["id"])


def _exchange(state: GameState, rec: dict[str, Any]) -> None:
    """Prisoners and bodies returned to their side. Losses are not changed (they count everyone ever lost);
    the returns are kept apart in ``exchanged``, so ``alive + lost = initial + reinforcements`` still holds."""
    blk = _block(state)
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
    ag = _agreement(state)
    if ag is not None and state.flags.get("agreement") is None and state.turn >= state.flags.get("agreement_next_offer", 0):
        if _offer_due(state, ag):
            offer_agreement(state, ag.mediator)
    _open_proposals(state)
    _handovers(state)


def _offer_due(state: GameState, ag: Agreement) -> bool:
    from game.rules.triggers import evaluate

    if ag.offer_when is not None:
        return evaluate(state, ag.offer_when)
    if collapse_reasons(state, 0) or collapse_reasons(state, 1):
        return True
    return min(s.pressure for s in state.sides) >= ag.pressure_both


def offer_agreement(state: GameState, mediator: str, pid: str | None = None) -> None:
    """Put the final agreement to both sides today, with the situation that called for it."""
    ag = _agreement(state)
    if ag is None or state.flags.get("agreement") is not None:
        return
    props = state.flags.setdefault("proposals", [])
    if any(p["kind"] == "final" and not p["done"] for p in props):
        return
    n = sum(1 for p in props if p["kind"] == "final")
    pid = pid or (ag.id if n == 0 else f"{ag.id}.{n + 1}")
    if any(p["id"] == pid for p in props):
        pid = f"{pid}.{n + 1}"
    collapse = {SIDES[s]: collapse_reasons(state, s) for s in (0, 1)}
    add_proposal(state, {"id": pid, "mediator": mediator, "kind": "final", "date": state.date, "src": list(ag.src),
                         "terms": _terms_summary(state, ag), "collapse": {k: v for k, v in collapse.items() if v},
                         "pressure": {SIDES[s]: round(state.sides[s].pressure, 1) for s in (0, 1)}})
    state.flags["agreement_next_offer"] = 10**9  # until answered


def _terms_summary(state: GameState, ag: Agreement) -> dict[str, Any]:
    pk = ag.peacekeepers
    return {
        "freeze_lines": ag.freeze_lines,
        "handovers": [{"district": h.district, "to": h.to, "scheduled": h.date.isoformat(), "except_corridor": h.except_corridor}
                      for h in ag.handovers],
        "peacekeepers": None if pk is None else {"contributor": pk.contributor, "contributor_name": _mediator_name(state, pk.contributor),
                                                 "personnel": pk.personnel, "apcs": pk.apcs},
    }


# --- collapse ----------------------------------------------------------------------------------
def collapse_reasons(state: GameState, side: int) -> list[str]:
    """Why a side's position counts as collapsed (empty if it has not). Criteria are scenario data, our calibration."""
    ag = _agreement(state) if "politics" in state.flags else None
    c = ag.collapse if ag is not None else Collapse()
    m = state.theatre
    out = []
    for name in c.towns:
        t = m.find_town(name)
        if t is not None and int(m.control0[t.hex_index]) == side and int(state.control[t.hex_index]) != side:
            out.append(f"lost {t.name_en}")
    cut = [t for t in (m.find_town(n) for n in c.cut_off_towns) if t is not None and int(state.control[t.hex_index]) == side]
    if cut:
        reach = _reachable_from_sources(state, side)
        out += [f"{t.name_en} cut off" for t in cut if not reach[t.hex_index]]
    start = m.control0 == side
    whole = int(np.sum(start))
    if whole and np.sum(start & (state.control != side)) / whole >= c.territory_lost_share:
        out.append(f"lost {c.territory_lost_share:.0%} of its ground")
    units = [u for u in state.units.values() if u.side == side and u.role in MANOEUVRE]
    if units:
        broken = sum(1 for u in units if not u.alive or u.cohesion < state.params["morale"]["break_threshold"])
        if broken / len(units) >= c.broken_units_share:
            out.append(f"{broken} of {len(units)} manoeuvre units broken or lost")
    return out


def _reachable_from_sources(state: GameState, side: int) -> np.ndarray:
    """Hexes joined to a supply source of ``side`` over passable ground it holds (the road to the rear)."""
    m = state.theatre
    own = (state.control == side) & m.passable
    seen = np.zeros(m.n, dtype=bool)
    front = np.array([h for h in state.sides[side].supply_sources if own[h]], dtype=np.int64)
    seen[front] = True
    nb = m.neighbours
    while len(front):
        n = nb[front].ravel().astype(np.int64)
        n = np.unique(n[(n >= 0)])
        n = n[own[n] & ~seen[n]]
        seen[n] = True
        front = n
    return seen


def contact_length(state: GameState) -> int:
    """Hexes of either side that touch a hex of the other, halved (the length of the line, in hexes)."""
    nb = state.theatre.neighbours
    c = state.control
    valid = nb >= 0
    cn = c[np.where(valid, nb, 0)]
    touching = ((cn != c[:, None]) & valid & (cn >= 0)).any(axis=1) & (c >= 0)
    return int(np.sum(touching) // 2)


# --- the agreement ---------------------------------------------------------------------------
def _conclude(state: GameState, p: dict[str, Any], rec: dict[str, Any]) -> None:
    ag = _agreement(state)
    assert ag is not None
    m = state.theatre
    terms = _terms_summary(state, ag)
    corridor = _corridor(state, ag)
    handovers = []
    for h, t in zip(ag.handovers, terms["handovers"], strict=True):
        idx = find_district(m, h.district)
        handovers.append({**t, "districts_matched": [m.districts[i].name for i in idx], "done": None, "hexes": 0, "src": list(h.src)})
    terms["handovers"] = handovers
    state.flags["frozen_control"] = state.control.copy()
    state.flags["corridor"] = sorted(int(x) for x in corridor)
    ag_rec = {"id": p["id"], "proposed_by": p["mediator"], "mediator": p["mediator_name"], "offered": p["date"].isoformat(),
              "effective": state.date.isoformat(), "effective_turn": state.turn, "answers": dict(p["answers"]),
              "collapse": p.get("collapse", {}), "pressure": p.get("pressure", {}), "terms": terms,
              "offers": sum(1 for x in state.ceasefires if x["kind"] == "final"), "src": list(ag.src)}
    state.flags["agreement"] = ag_rec
    _exchange(state, rec)  # prisoners and bodies are exchanged under the agreement too [src: xinhua_ceasefire]
    ag_rec["exchange"] = rec["exchange"]
    _zone(state)
    if terms["peacekeepers"] is not None:
        terms["peacekeepers"]["zone_hexes"] = int(np.sum(state.flags["peacekeeper_zone_mask"]))
        terms["peacekeepers"]["corridor_hexes"] = len(corridor)
    last = max((h.date for h in ag.handovers), default=state.date)
    need = (last - state.start_date).days + 1
    if need > state.max_turns:
        state.max_turns = need
        state.log("diplomacy", "schedule", f"The game runs to {last.isoformat()} to carry out the handovers")
    state.log("diplomacy", "agreement", f"Both sides sign the agreement {p['id']} brokered by {p['mediator_name']}; "
              + ("the lines are frozen" if ag.freeze_lines else "hostilities end"), proposal=p["id"])


def _corridor(state: GameState, ag: Agreement) -> set[int]:
    """Hexes of the corridor: a straight band through its towns, ``width_km`` wide."""
    pk = ag.peacekeepers
    if pk is None or pk.corridor is None:
        return set()
    m = state.theatre
    towns = [m.find_town(t) for t in pk.corridor.towns]
    hexes = [m.hex_at(t.hex_index) for t in towns if t is not None]
    radius = int(round(pk.corridor.width_km / 2 / state.params["hex_km"]))
    out: set[int] = set()
    for a, b in zip(hexes, hexes[1:], strict=False):
        for h in hex_line(a, b):
            if m.contains(h):
                out.add(m.index(h))
    for _ in range(radius):
        idx = np.array(sorted(out), dtype=np.int64)
        n = m.neighbours[idx].ravel()
        out |= {int(x) for x in n[n >= 0]}
    return out


def _zone(state: GameState) -> None:
    """The peacekeepers' zone: the frozen line to ``contact_line_km`` on each side, and the corridor."""
    ag = state.flags["agreement"]
    if ag["terms"]["peacekeepers"] is None:
        return
    blk = _agreement(state)
    assert blk is not None and blk.peacekeepers is not None
    m = state.theatre
    c = state.control
    nb = m.neighbours
    valid = nb >= 0
    cn = c[np.where(valid, nb, 0)]
    mask = ((cn != c[:, None]) & valid & (cn >= 0)).any(axis=1) & (c >= 0)
    for _ in range(int(round(blk.peacekeepers.contact_line_km / state.params["hex_km"]))):
        idx = np.nonzero(mask)[0]
        n = nb[idx].ravel()
        mask[n[n >= 0]] = True
    mask[np.array(state.flags["corridor"], dtype=np.int64)] = True
    state.flags["peacekeeper_zone_mask"] = mask & m.passable


def _handovers(state: GameState) -> None:
    """Districts due today pass to their new holder; the other side's units there withdraw."""
    ag = state.flags.get("agreement")
    if ag is None:
        return
    m = state.theatre
    blk = _agreement(state)
    assert blk is not None
    corridor = np.zeros(m.n, dtype=bool)
    corridor[np.array(state.flags["corridor"], dtype=np.int64)] = True
    changed = False
    for h, spec in zip(ag["terms"]["handovers"], blk.handovers, strict=True):
        if h["done"] is not None or spec.date > state.date:
            continue
        to = side_index(spec.to)
        idx = find_district(m, spec.district)
        area = np.isin(m.district, np.array(idx, dtype=np.int64)) & (state.control != to) & (state.control >= 0)
        if spec.except_corridor:
            area &= ~corridor
        hexes = np.nonzero(area)[0]
        state.control[hexes] = to
        frozen = np.asarray(state.flags["frozen_control"], dtype=np.int8)
        frozen[hexes] = to
        state.flags["frozen_control"] = frozen
        h["done"] = state.date.isoformat()
        h["hexes"] = int(len(hexes))
        changed = True
        state.log("diplomacy", "handover", f"{spec.district} district passes to {spec.to.capitalize()} under the agreement ({len(hexes)} hexes)",
                  side=to, district=spec.district, hexes=int(len(hexes)))
        for t in m.towns:
            if area[t.hex_index]:
                state.log("control", "handover_town", f"{t.display_name} handed over to {spec.to.capitalize()}", side=to, hex=t.hex_index, town=t.id)
        _withdraw(state, 1 - to, area)
    if changed:
        _zone(state)


def _withdraw(state: GameState, side: int, area: np.ndarray) -> None:
    from game.rules.reinforcements import _free_hex

    for u in sorted((u for u in state.alive_units(side) if area[u.hex]), key=lambda u: u.id):
        h = _free_hex(state, side, u.hex)
        if h is None:
            state.log("diplomacy", "withdrawal_blocked", f"{u.name} finds no free ground to withdraw to", side=side, unit=u.id)
            continue
        u.hex = h
        state.log("diplomacy", "withdrawal", f"{u.name} withdraws under the agreement", side=side, hex=h, unit=u.id)
