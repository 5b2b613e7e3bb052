"""Artillery, rockets and missiles: fire missions on detected targets, strikes on towns and cities.

A fire mission delivers a weight of fire ``W = sum(salvo_weight x launchers) x
ammunition x supply`` onto a hex. Casualties and destroyed equipment are
proportional to ``W``, reduced by the target's cover (posture and terrain) —
the fire-power and dispersion logic of Dupuy's QJM (Dupuy 1979, *Numbers,
Predictions and War*, ch. 2; the "dispersion factor" of the TNDM). Cluster
munitions hit troops in the open harder and add international pressure.

Fire needs a target that the firing side has detected this turn, within the
weapon's range. Firing reveals the guns (counter-battery radar, drone
observation): see :func:`game.rules.recon.visibility`. Fire that lands on an
inhabited town hex kills civilians in proportion to its population; ballistic
missiles may also be fired at cities beyond the map's edge (Ganja,
Mingachevir...) whose distance and population are data.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.rules.losses import inflict
from game.sides import SIDES, label, other

if TYPE_CHECKING:
    from game.orders import Order
    from game.state import GameState, UnitState

FIRE_CATEGORIES = ("artillery", "mlrs", "missile")


def fire_range_km(state: GameState, u: UnitState) -> float:
    lib = state.library.equipment
    return float(max((lib[e].range_km or 0.0 for e, n in u.equipment.items() if n > 0 and lib[e].category in FIRE_CATEGORIES), default=0.0))


def fire_weight(state: GameState, u: UnitState, missiles: bool = False) -> tuple[float, bool]:
    """Weight of one day's fire mission, and whether it carries cluster munitions."""
    lib = state.library.equipment
    w = 0.0
    cluster = False
    for e, n in u.equipment.items():
        et = lib[e]
        if n > 0 and et.category in FIRE_CATEGORIES and (et.category == "missile") == missiles:
            w += n * (et.salvo_weight or 0.0)
            cluster = cluster or et.cluster
    return w * u.ammo * (0.5 + 0.5 * u.supply), cluster


def distance_km(state: GameState, a: int, b: int) -> float:
    m = state.theatre
    dq, dr = m.qs[a] - m.qs[b], m.rs[a] - m.rs[b]
    return float(state.params["hex_km"]) * float((abs(dq) + abs(dr) + abs(dq + dr)) // 2)


def resolve_fires(state: GameState, orders: list[list[Order]]) -> None:
    """Both sides' fire missions; each order has been checked legal."""
    for side in (0, 1):
        for o in orders[side]:
            if o.kind != "FR":
                continue
            u = state.units[o.unit]  # type: ignore[index]
            if not u.alive:
                continue
            if o.city:
                _strike_city(state, u, o.city)
            else:
                _fire_mission(state, u, state.theatre.index(o.target))  # type: ignore[arg-type]


def _fire_mission(state: GameState, u: UnitState, h: int) -> None:
    p = state.params["artillery"]
    side = u.side
    missiles = _only_missiles(state, u)
    w, cluster = fire_weight(state, u, missiles=missiles)
    if w <= 0:
        return
    u.ammo = max(0.0, u.ammo - p["ammo_per_mission"])
    u.fired_turn = state.turn
    known = state.sides[side].detected_now
    targets = [t for t in state.units_at(h) if t.side != side and t.id in known]
    tables = state.flags["tables"]
    town_pop = int(tables.town_pop[h])
    if targets:
        share = w / len(targets)
        for t in targets:
            cover = p["cover"][t.posture] * tables.art_cover[t.hex]
            k = share * cover * (p["cluster_factor"] if cluster and t.posture in ("mobile", "hasty") else 1.0)
            frac = k * p["casualties_per_weight"] / max(t.personnel, 50)
            kill = min(0.2, k * p["equipment_kill_per_weight"] / max(1, _items(t)))
            lost = inflict(state, t, personnel_share=min(0.25, frac), equipment_share=kill,
                           vehicle_share=kill, cause=f"fire of {u.name}", phase="artillery", by=side)
            t.cohesion = max(0.0, t.cohesion - k * p["cohesion_per_weight"])
            state.log("artillery", "fire", f"{u.name} ({label(side)}) fired on {t.name}: {_brief(state, lost)}", side=side, hex=h, unit=u.id, target=t.id, cluster=cluster, lost=lost.get("equipment", {}))
    if town_pop > 0 and state.control[h] != side:
        _civilians(state, other(side), side, w, town_pop, cluster, where=_town_name(state, h), hex=h)


def _only_missiles(state: GameState, u: UnitState) -> bool:
    lib = state.library.equipment
    cats = {lib[e].category for e, n in u.equipment.items() if n > 0 and lib[e].category in FIRE_CATEGORIES}
    return cats == {"missile"}


def _items(u: UnitState) -> int:
    return sum(u.equipment.values())


def _brief(state: GameState, lost: dict) -> str:  # type: ignore[type-arg]
    people = f"{lost.get('killed', 0)} killed, {lost.get('wounded', 0)} wounded"
    equipment = lost.get("equipment")
    if not equipment:
        return people
    lib = state.library.equipment
    return f"{people}; {', '.join([f'{k} {lib[e].name}' for e, k in equipment.items()])} destroyed"


def _town_name(state: GameState, h: int) -> str:
    idx = int(state.theatre.town[h])
    return state.theatre.towns[idx].display_name if idx >= 0 else "a village"


def _civilians(state: GameState, victims: int, by: int, weight: float, population: int, cluster: bool, where: str, hex: int | None = None) -> None:
    p = state.params["artillery"]
    mean = p["civilians_per_weight_town"] * weight * (population / 10_000.0) ** 0.5 * (1.5 if cluster else 1.0)
    killed = int(state.rng.poisson(mean))
    _book_civilians(state, victims, by, killed, where, cluster, city_strike=False, hex=hex)


def _book_civilians(state: GameState, victims: int, by: int, killed: int, where: str, cluster: bool, city_strike: bool, hex: int | None = None) -> None:
    state.sides[victims].civilians_killed += killed
    tally = state.flags.setdefault("strikes", [])
    tally.append({"turn": state.turn, "by": SIDES[by], "where": where, "civilians_killed": killed, "cluster": cluster, "city": city_strike})
    if killed or city_strike:
        state.log("artillery", "civilian_harm" if killed else "city_strike",
                  f"Fire of {label(by)} fell on {where}" + (" with cluster munitions" if cluster else "") + f": {killed} civilians killed",
                  side=by, hex=hex, where=where, civilians_killed=killed, cluster=cluster)


def _strike_city(state: GameState, u: UnitState, city_id: str) -> None:
    cities = state.params["missiles"]["off_map_cities"]
    c = cities[city_id]
    w, cluster = fire_weight(state, u, missiles=True)
    if w <= 0:
        return
    u.ammo = max(0.0, u.ammo - state.params["artillery"]["ammo_per_mission"])
    u.fired_turn = state.turn
    launchers = sum(n for e, n in u.equipment.items() if n > 0 and state.library.equipment[e].category == "missile")
    mean = state.params["missiles"]["civilians_per_missile"] * launchers * math.sqrt(c["population"] / 100_000)
    killed = int(state.rng.poisson(mean))
    from game.sides import side_index

    _book_civilians(state, side_index(c["side"]), u.side, killed, c["name"], cluster, city_strike=True)
