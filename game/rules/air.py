"""Drones, loitering munitions, decoys, aircraft and the air defence they meet.

Each sortie flies to its target hex and meets every enemy air-defence unit
whose engagement envelope covers that hex and whose sensors can see it: a
battery whose radar is silent sees nothing (except optical systems, which are
always on but short-ranged), and a radar that emits can be found by
anti-radiation munitions. A battery that detects the sortie (small drones are
hard to track: the type's ``detects_small``) fires ``shots_per_engagement``
missiles while it has channels and ready rounds; the sortie survives with
``prod(1 - Pk)`` over the shots fired at it. This is the independent-shot form
of Hughes' salvo model (W. P. Hughes, *Fleet Tactics*, 1986/2000): raids that
bring more targets than the defence has channels and missiles saturate it,
and decoys that fly first soak up missiles and reveal the radars that fire.

Within a side's air orders the missions fly in the order DECOY, ISR, SEAD,
STRIKE. Strikes hit only units that the striking side has detected. Jamming
units lower drone effectiveness within their radius and sometimes cut a
drone's link. Low cloud grounds types whose ``weather_limit`` forbids it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from game.rules.losses import inflict
from game.rules.recon import mark_detected, visibilities
from game.sides import label, other

if TYPE_CHECKING:
    from game.orders import Order
    from game.state import GameState, UnitState

MISSION_ORDER = {"DECOY": 0, "ISR": 1, "SEAD": 2, "STRIKE": 3}
#: Which units a strike sortie goes for first, and what it aims at inside each kind of unit.
ROLE_PRIORITY = ("air_defence", "missile", "mlrs", "artillery", "electronic_warfare", "hq", "manoeuvre",
                 "special_forces", "engineer", "reconnaissance")
AIM = {
    "air_defence": ("air_defence", "truck"),
    "missile": ("missile", "truck"),
    "mlrs": ("mlrs", "truck"),
    "artillery": ("artillery", "truck"),
}
AIM_DEFAULT = ("tank", "afv", "artillery", "mlrs", "atgm", "truck", "air_defence")


@dataclass
class Battery:
    unit: UnitState
    spec: Any  # AirDefenceSpec
    engagements_left: int
    rounds_left: int


def air_kind_key(kind: str) -> str:
    return {"uav_strike": "drones", "uav_isr": "drones", "loitering": "drones", "decoy": "decoys",
            "aircraft": "aircraft", "helicopter": "aircraft"}[kind]


_AD_IDS: dict[int, tuple[Any, int, frozenset[str]]] = {}


def _air_defence_ids(lib: Any) -> frozenset[str]:
    """Ids of the equipment types with an air-defence spec (per equipment library, worked out again if it grows)."""
    hit = _AD_IDS.get(id(lib))
    if hit is None or hit[0] is not lib or hit[1] != len(lib):
        if len(_AD_IDS) > 16:
            _AD_IDS.clear()
        hit = _AD_IDS[id(lib)] = (lib, len(lib), frozenset(eid for eid, e in lib.items() if e.air_defence is not None))
    return hit[2]


def _batteries(state: GameState, side: int) -> list[Battery]:
    lib = state.library.equipment
    ad_ids = _air_defence_ids(lib)
    out = []
    for u in state.alive_units(side):
        if ad_ids.isdisjoint(u.equipment):
            continue
        held = ad_ids.intersection(u.equipment)
        best = None
        count = 0
        for eid in sorted(held):  # the other equipment has no air-defence spec
            n = u.equipment[eid]
            spec = lib[eid].air_defence
            if n > 0 and (best is None or spec.range_km > best.range_km):
                best, count = spec, n
        if best is not None:
            out.append(Battery(u, best, count * best.channels, count * best.missiles))
    return out


def resolve_air(state: GameState, orders: list[list[Order]]) -> None:
    """Resolve both sides' air orders (each list already checked legal)."""
    for side in (0, 1):
        sorties = sorted((o for o in orders[side] if o.kind == "AIR"), key=lambda o: MISSION_ORDER[o.mission or "STRIKE"])
        if not sorties:
            continue
        defence = _batteries(state, other(side))
        jammers = [u for u in state.alive_units(other(side)) if u.role == "electronic_warfare"]
        envelope = _envelope(state, defence)
        for o in sorties:
            _fly(state, side, o, defence, jammers, envelope)


def _in_jamming(state: GameState, h: int, jammers: list[UnitState]) -> bool:
    if not jammers:
        return False
    m = state.theatre
    qs, rs = m.qs, m.rs
    radius = state.params["air"]["ew_radius"]
    for j in jammers:
        dq, dr = qs[j.hex] - qs[h], rs[j.hex] - rs[h]
        if (abs(dq) + abs(dr) + abs(dq + dr)) // 2 <= radius:
            return True
    return False


def grounded(state: GameState, air_type: Any, h: int) -> bool:
    """True if today's weather over hex ``h`` keeps this type on the ground."""
    limit = air_type.weather_limit
    if limit == "any":
        return False
    zone = "highland" if state.theatre.elev_mean[h] >= state.params["weather"]["highland_m"] else "lowland"
    sky = state.weather.get(zone, "clear")
    if limit == "clear":
        return bool(sky != "clear")
    return bool(sky in ("low_cloud", "fog"))


def _fly(state: GameState, side: int, o: Order, defence: list[Battery], jammers: list[UnitState],
         envelope: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> None:
    m = state.theatre
    at = state.library.air_types[o.air_type]
    sst = state.sides[side]
    assert o.target is not None and o.air_type is not None
    target = m.index(o.target)
    if grounded(state, at, target):
        state.log("air", "grounded", f"{o.count} {at.name} sortie(s) of {label(side)} grounded by low cloud over the target", side=side, hex=target, air_type=at.id)
        return
    p = state.params["air"]
    jammed = _in_jamming(state, target, jammers)
    shot_down = 0
    survivors = 0
    in_range = _in_range(state, target, defence, envelope)
    for _ in range(o.count):
        if sst.air.get(at.id, 0) <= 0:
            break
        killer = _run_gauntlet(state, side, at, target, defence, in_range)
        if killer is None and jammed and state.rng.random() < p["ew_loss"]:
            killer = "electronic warfare (link lost)"
        if killer is not None:
            shot_down += 1
            sst.air[at.id] -= 1
            sst.air_lost[at.id] = sst.air_lost.get(at.id, 0) + 1
            sst.losses[air_kind_key(at.kind)] += 1
            state.log("air", "air_loss", f"{at.name} of {label(side)} lost to {killer}", side=side, hex=target, air_type=at.id, cause=killer)
            continue
        survivors += 1
        used = _mission(state, side, at, o.mission or "STRIKE", target, jammed)
        if at.expendable and used:
            sst.air[at.id] -= 1
            sst.air_expended[at.id] = sst.air_expended.get(at.id, 0) + 1


def _envelope(state: GameState, defence: list[Battery]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The batteries' axial ``q`` and ``r`` and their engagement range (km), as arrays."""
    m = state.theatre
    hexes = np.fromiter((b.unit.hex for b in defence), dtype=np.int64, count=len(defence))
    reach = np.fromiter((b.spec.range_km for b in defence), dtype=np.float64, count=len(defence))
    return m.q[hexes], m.r[hexes], reach


def _in_range(state: GameState, target: int, defence: list[Battery],
              envelope: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> list[int]:
    """Indices of the batteries whose engagement envelope covers the target hex."""
    if not defence:
        return []
    m = state.theatre
    bq, br, reach = _envelope(state, defence) if envelope is None else envelope
    dq = bq - m.q[target]
    dr = br - m.r[target]
    dist_km = state.params["hex_km"] * ((np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2)
    return np.flatnonzero(dist_km <= reach).tolist()


def _run_gauntlet(state: GameState, side: int, at: Any, target: int, defence: list[Battery], in_range: list[int] | None = None) -> str | None:
    """Engagements against one sortie; returns the name of what shot it down, or None."""
    if not defence:
        return None
    p = state.params["air"]
    rng = state.rng
    for i in _in_range(state, target, defence) if in_range is None else in_range:
        b = defence[i]
        u = b.unit
        if not u.alive or b.engagements_left <= 0 or b.rounds_left <= 0:
            continue
        spec = b.spec
        optical = spec.radar_range_km <= 0
        if not optical and not u.emitting:
            continue
        if at.altitude_km > spec.max_alt_km:
            continue
        p_track = spec.detects_small if at.signature == "small" else p["ad_detect_medium"]
        if rng.random() >= p_track:
            continue
        shots = min(p["shots_per_engagement"], b.rounds_left)
        b.engagements_left -= 1
        b.rounds_left -= shots
        u.fired_turn = state.turn
        if p["revealed_after_firing"]:
            mark_detected(state, side, u)
        pk = float(spec.pk.get(at.kind, 0.0))
        survive = (1.0 - pk) ** shots
        if rng.random() >= survive:
            return f"{_ad_name(state, u)} of {u.name}"
    return None


def _ad_name(state: GameState, u: UnitState) -> str:
    lib = state.library.equipment
    for eid, n in sorted(u.equipment.items(), key=lambda kv: -kv[1]):
        if n > 0 and lib[eid].air_defence is not None:
            return str(lib[eid].name)
    return "air defence"


def _enemies_near(state: GameState, side: int, h: int, radius: int, detected_only: bool = True) -> list[UnitState]:
    m = state.theatre
    units, uq, ur = state.positions(other(side))
    if not units:
        return []
    dq = uq - m.q[h]
    dr = ur - m.r[h]
    near = np.flatnonzero((np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2 <= radius).tolist()
    if detected_only:
        known = state.sides[side].detected_now
        return [units[i] for i in near if units[i].id in known]
    return [units[i] for i in near]


_ROLE_RANK = {role: i for i, role in enumerate(ROLE_PRIORITY)}


def _priority(state: GameState, u: UnitState) -> tuple[int, int, str]:
    """Role first; among manoeuvre units, those with tanks first."""
    lib = state.library.equipment
    tanks = 0
    for e, n in u.equipment.items():
        if n > 0 and lib[e].category == "tank":
            tanks += n
    return (_ROLE_RANK.get(u.role, len(ROLE_PRIORITY)), -tanks, u.id)


def _mission(state: GameState, side: int, at: Any, mission: str, target: int, jammed: bool) -> bool:
    """Carry out a surviving sortie's mission; True if a weapon was used (expends loitering munitions)."""
    p = state.params["air"]
    rng = state.rng
    if mission == "DECOY":
        return True
    if mission == "ISR" or at.isr > 0 and mission != "SEAD":
        pr = state.params["recon"]
        seen = _enemies_near(state, side, target, pr["isr_radius"], detected_only=False)
        for u, vis in zip(seen, visibilities(state, seen), strict=True):
            pd = min(0.98, pr["p_isr_sortie"] * max(at.isr, 0.2) * vis * (1 - p["ew_effect"] * jammed))
            if rng.random() < pd:
                mark_detected(state, side, u)
        if mission == "ISR":
            return False
    if at.strikes_per_sortie <= 0:
        return False
    if mission == "SEAD" and at.anti_radiation:
        radars = [u for u in _enemies_near(state, side, target, p["harop_search_radius"], detected_only=False)
                  if u.role == "air_defence" and (u.emitting or u.fired_turn == state.turn)]
        targets = sorted(radars, key=lambda u: u.id)
    else:
        targets = sorted(_enemies_near(state, side, target, p["strike_radius"]), key=lambda u: _priority(state, u))
    if not targets:
        return False
    hits = 0
    effect = 1.0 - p["ew_effect"] * jammed
    for _ in range(at.strikes_per_sortie):
        aim = next((t for t in targets if t.alive), None)
        if aim is None:
            break
        u = aim
        p_hit = at.pk_strike * p["vulnerability"][u.posture] * effect
        if rng.random() < p_hit:
            hits += 1
            _hit(state, side, at, u)
    if hits == 0:
        state.log("air", "strike_miss", f"{at.name} of {label(side)} struck near {targets[0].name} without effect", side=side, hex=target, air_type=at.id)
    return True


def _hit(state: GameState, side: int, at: Any, u: UnitState) -> None:
    lib = state.library.equipment
    p = state.params["air"]
    kills: dict[str, int] = {}
    for cat in AIM.get(u.role, AIM_DEFAULT):
        eids = sorted(e for e, n in u.equipment.items() if n > 0 and lib[e].category == cat)
        if eids:
            kills[eids[0]] = 1
            break
    lost = inflict(state, u, personnel=0 if kills else int(p["personnel_per_hit"]), kills=kills, cause=f"{at.name} strike", phase="air", by=side)
    u.cohesion = max(0.0, u.cohesion - p["cohesion_per_hit"])
    what = ", ".join(f"{k} {lib[e].name}" for e, k in lost.get("equipment", {}).items()) or f"{lost.get('killed', 0)} killed, {lost.get('wounded', 0)} wounded"
    state.log("air", "strike", f"{at.name} of {label(side)} hit {u.name}: {what} destroyed" if kills else f"{at.name} of {label(side)} hit {u.name}: {what}",
              side=side, hex=u.hex, air_type=at.id, target=u.id, lost=lost.get("equipment", {}))
