"""The war-ending agreement: when it is offered, what it does, and how it is carried out.

The agreement is offered when the situation calls for it — a side's position
collapses (:func:`collapse_reasons`) or the pressure on both is high — never
on a date. Once both sides accept it, the lines freeze, a neutral peacekeeping
zone along the line and the corridor refuses attacks and fire into it (hook
in the engine's order check, :func:`check_order`), districts change hands on
the scheduled dates with the other side's units withdrawing, and the war ends
with ``"ceasefire agreement"`` the day the last handover is done. The game may
run past ``max_turns`` for that schedule. The collapse criteria are scenario
data, our calibration (docs/diplomacy.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from game.hexmap.hexgrid import hex_line
from game.orders import IllegalOrderError, Order
from game.rules import ceasefire as cf
from game.scenario.politics import Agreement, Collapse, find_district
from game.sides import SIDES, side_index

if TYPE_CHECKING:
    from game.state import GameState

HOSTILE = ("AT", "FR")
HOSTILE_AIR = ("STRIKE", "SEAD", "DECOY")
MANOEUVRE = ("manoeuvre", "special_forces", "engineer", "reconnaissance")


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


def offer_due(state: GameState, ag: Agreement) -> bool:
    """The scenario's ``offer_when``, or by default: either side has collapsed, or both are under high pressure."""
    from game.rules.triggers import evaluate

    if ag.offer_when is not None:
        return evaluate(state, ag.offer_when)
    if collapse_reasons(state, 0) or collapse_reasons(state, 1):
        return True
    return min(s.pressure for s in state.sides) >= ag.pressure_both


def offer_agreement(state: GameState, mediator: str, pid: str | None = None) -> None:
    """Put the final agreement to both sides today, with the situation that called for it."""
    ag = cf.agreement_spec(state)
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
    cf.add_proposal(state, {"id": pid, "mediator": mediator, "kind": "final", "date": state.date, "src": list(ag.src),
                         "terms": terms_summary(state, ag), "collapse": {k: v for k, v in collapse.items() if v},
                         "pressure": {SIDES[s]: round(state.sides[s].pressure, 1) for s in (0, 1)}})
    state.flags["agreement_next_offer"] = 10**9  # until answered


def terms_summary(state: GameState, ag: Agreement) -> dict[str, Any]:
    """The terms as both sides see them in the offer and as the record keeps them."""
    pk = ag.peacekeepers
    return {
        "freeze_lines": ag.freeze_lines,
        "handovers": [{"district": h.district, "to": h.to, "scheduled": h.date.isoformat(), "except_corridor": h.except_corridor}
                      for h in ag.handovers],
        "peacekeepers": None if pk is None else {"contributor": pk.contributor, "contributor_name": cf.mediator_name(state, pk.contributor),
                                                 "personnel": pk.personnel, "apcs": pk.apcs},
    }


# --- collapse ----------------------------------------------------------------------------------
def collapse_reasons(state: GameState, side: int) -> list[str]:
    """Why a side's position counts as collapsed (empty if it has not). Criteria are scenario data, our calibration."""
    ag = cf.agreement_spec(state) if "politics" in state.flags else None
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
    units = broken = 0
    threshold = state.params["morale"]["break_threshold"]
    for u in state.units.values():
        if u.side == side and u.role in MANOEUVRE:
            units += 1
            if not u.alive or u.cohesion < threshold:
                broken += 1
    if units and broken / units >= c.broken_units_share:
        out.append(f"{broken} of {units} manoeuvre units broken or lost")
    return out


def _reachable_from_sources(state: GameState, side: int) -> np.ndarray:
    """Hexes joined to a supply source of ``side`` over passable ground it holds (the road to the rear)."""
    from scipy.ndimage import label

    from game.hexmap.theatre import AXIAL_NEIGHBOURHOOD

    m = state.theatre
    own = (state.control == side) & m.passable
    sources = [h for h in state.sides[side].supply_sources if own[h]]
    if not sources:
        return np.zeros(m.n, dtype=bool)
    # The stretches of ground the side holds are the connected components of its hexes under hex adjacency.
    shape, cells = m.axial_grid
    grid = np.zeros(shape[0] * shape[1], dtype=bool)
    grid[cells] = own
    labels, count = label(grid.reshape(shape), structure=AXIAL_NEIGHBOURHOOD)
    component = labels.ravel()[cells]
    joined = np.zeros(count + 1, dtype=bool)
    joined[component[sources]] = True  # the sources are the side's own ground: none is in the background (0)
    out: np.ndarray = joined[component]
    return out


# --- the agreement ---------------------------------------------------------------------------
def conclude(state: GameState, p: dict[str, Any], rec: dict[str, Any]) -> None:
    """Both sides signed: freeze the map, draw the peacekeepers' zone, exchange prisoners, extend the schedule."""
    ag = cf.agreement_spec(state)
    assert ag is not None
    m = state.theatre
    terms = terms_summary(state, ag)
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
    cf.exchange(state, rec)  # prisoners and bodies are exchanged under the agreement too [src: xinhua_ceasefire]
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
    blk = cf.agreement_spec(state)
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


def handovers(state: GameState) -> None:
    """Districts due today pass to their new holder; the other side's units there withdraw."""
    ag = state.flags.get("agreement")
    if ag is None:
        return
    m = state.theatre
    blk = cf.agreement_spec(state)
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
        old, u.hex = u.hex, h
        state.unit_moved(u, old)
        state.log("diplomacy", "withdrawal", f"{u.name} withdraws under the agreement", side=side, hex=h, unit=u.id)
