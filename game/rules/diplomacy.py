"""International pressure on each side: a visible track from 0 to 100.

Each day a side's pressure ``P`` moves as a leaky accumulator of salient events::

    G = f_side x (per_day + w_civ x civilians + w_city x missile strikes on off-map cities
                  + w_town x towns shelled + w_cluster x cluster strikes on inhabited places
                  + w_cm x cluster fire missions + sum_tp w_border,tp x fire near tp's border)
    P' = clip(P x (1 - decay if the side showed restraint today else 1) + G, 0, 100)

``f_side`` is the product of the third parties' ``pressure_factor`` for the
side (a backer shields its client: Turkey's support of Azerbaijan is a
factor below one in the historical scenario). Ceasefire violations and
trigger actions add to ``P`` directly through :func:`add_pressure`. The form
and every weight are our calibration (docs/diplomacy.md); the weights are
data (``parameters.diplomacy`` and the scenario's ``ceasefire.third_parties``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from game.sides import SIDES

if TYPE_CHECKING:
    from game.state import GameState

COUNTRY_CODES = {"azerbaijan": 0, "armenia": 1, "iran": 2}


def add_pressure(state: GameState, side: int, amount: float, cause: str, **data: Any) -> None:
    """Change a side's pressure now and log the change with its cause."""
    s = state.sides[side]
    before = s.pressure
    s.pressure = float(min(100.0, max(0.0, s.pressure + amount)))
    if abs(s.pressure - before) > 1e-9:
        state.log("diplomacy", "pressure", f"Pressure on {SIDES[side].capitalize()} {'rises' if amount > 0 else 'falls'} "
                  f"by {abs(s.pressure - before):.1f} to {s.pressure:.1f}: {cause}", side=side, cause=cause,
                  change=round(s.pressure - before, 3), pressure=round(s.pressure, 3), **data)


def _town_struck(state: GameState, where: str, by: int) -> str | None:
    """The town's name if fire on it counts as a strike on a city: a named city or a town of
    ``city_population`` or more that the firing side did not hold at the start (shelling one's own
    lost town to retake it is not what drew outside reactions)."""
    p = state.params["diplomacy"]
    t = state.theatre.find_town(where.split("/")[0])
    if t is None or int(state.theatre.control0[t.hex_index]) == by:
        return None
    named = {str(n).lower() for n in p.get("cities", [])}
    if t.name_en.lower() in named or t.id.lower() in named or t.population >= p.get("city_population", 10**9):
        return t.name_en
    return None


def border_mask(state: GameState, country: str, km: float, include_territory: bool = False) -> np.ndarray:
    """Hexes within ``km`` of a country's territory, and inside it if asked (cached)."""
    cache = state.flags.setdefault("_border_masks", {})
    key = f"{country}:{km}:{include_territory}"
    if key not in cache:
        m = state.theatre
        inside = m.country == COUNTRY_CODES[country]
        mask = inside.copy()
        nb = m.neighbours
        for _ in range(int(np.ceil(km / state.params["hex_km"]))):
            idx = np.nonzero(mask)[0]
            n = nb[idx].ravel()
            mask[n[n >= 0]] = True
        if not include_territory:
            mask &= ~inside
        cache[key] = np.nonzero(mask)[0].astype(np.int64).tolist()
    return np.asarray(cache[key], dtype=np.int64)


def _border_set(state: GameState, country: str, km: float, include_territory: bool = False) -> frozenset[int]:
    """:func:`border_mask` as a set of hex indices (cached)."""
    cache = state.flags.setdefault("_border_sets", {})
    key = f"{country}:{km}:{include_territory}"
    if key not in cache:
        cache[key] = frozenset(border_mask(state, country, km, include_territory).tolist())
    out: frozenset[int] = cache[key]
    return out


def third_parties(state: GameState) -> list[Any]:
    block = state.flags.get("politics", {}).get("ceasefire")
    return list(block.third_parties) if block is not None else []


def resolve_pressure(state: GameState) -> None:
    """Today's pressure from the day's strikes and fire (booked by artillery and by the ceasefire screen)."""
    p = state.params["diplomacy"]
    strikes = [s for s in state.flags.get("strikes", []) if s["turn"] == state.turn]
    fires = [f for f in state.flags.get("fires", []) if f["turn"] == state.turn]
    tps = third_parties(state)
    hist = state.flags.setdefault("pressure_history", [])
    for side in (0, 1):
        name = SIDES[side]
        s = state.sides[side]
        mine = [x for x in strikes if x["by"] == name]
        my_fires = [f for f in fires if f["side"] == name]
        civilians = sum(int(x["civilians_killed"]) for x in mine)
        cities = [x["where"] for x in mine if x["city"]]
        towns = sorted({n for n in (_town_struck(state, x["where"], side) for x in mine if not x["city"]) if n})
        cluster_towns = sum(1 for x in mine if x["cluster"])
        cluster = sum(1 for f in my_fires if f["cluster"])
        causes: dict[str, float] = {}
        if civilians:
            causes[f"{civilians} civilians killed"] = p["pressure_per_civilian"] * civilians
        if cities:
            causes[f"missile strikes on {', '.join(sorted(set(cities)))}"] = p["pressure_per_city_strike"] * len(cities)
        if towns:
            causes[f"shelling of {', '.join(towns)}"] = p["pressure_per_town_strike"] * len(towns)
        if cluster_towns:
            causes[f"{cluster_towns} strikes with cluster munitions on inhabited places"] = p["pressure_per_cluster_strike"] * cluster_towns
        if cluster and p["pressure_per_cluster_mission"] > 0:
            causes[f"{cluster} fire missions with cluster munitions"] = p["pressure_per_cluster_mission"] * cluster
        factor = 1.0
        for tp in tps:
            factor *= float(tp.pressure_factor.get(name, 1.0))
            if tp.border and tp.pressure_per_border_fire > 0 and name in tp.sides:
                aimed = [f["hex"] for f in my_fires if f["hex"] is not None]
                zone = _border_set(state, tp.border, tp.border_km, tp.include_territory) if aimed else frozenset()
                near = sum(1 for h in aimed if h in zone)
                if near:
                    causes[f"{near} fire missions near {tp.border.capitalize()} ({tp.name} objects)"] = tp.pressure_per_border_fire * near
        restraint = not causes and not any(v["side"] == name for v in state.flags.get("violations_today", []))
        gain = factor * (p["pressure_per_day"] + sum(causes.values()))
        before = s.pressure
        s.pressure = float(min(100.0, max(0.0, before * (1 - (p["pressure_decay"] if restraint else 0.0)) + gain)))
        noted = factor * sum(causes.values())
        if noted >= p.get("event_threshold", 1.0):
            text = "; ".join(f"{k} (+{factor * v:.1f})" for k, v in causes.items())
            state.log("diplomacy", "pressure", f"International pressure on {name.capitalize()} rises to {s.pressure:.1f}: {text}",
                      side=side, cause=text, change=round(s.pressure - before, 3), pressure=round(s.pressure, 3))
    hist.append([round(state.sides[0].pressure, 3), round(state.sides[1].pressure, 3)])
    state.flags["violations_today"] = []
