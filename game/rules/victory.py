"""Victory: a score from the scenario's ``victory:`` block, decided when the war ends.

Each side scores the towns it took from the other (``towns``: points per
town; default one point per key town of the scenario, or of the map), the districts of which it now holds
more than half after holding half or less at the start (``districts``), its
own losses (``losses``: points per item, usually negative) and its own
international pressure (``pressure``: points per point). The outcome is
decided by the margin ``S = score(Azerbaijan) - score(Armenia)``::

    S >= decisive -> decisive victory for Azerbaijan    S <= -decisive -> decisive victory for Armenia
    S >= marginal -> marginal victory for Azerbaijan    S <= -marginal -> marginal victory for Armenia
    otherwise a draw

The thresholds are scenario data (defaults in ``parameters.victory``); the
scoring scheme is the usual victory-point design of operational wargames,
our calibration. The breakdown is kept in ``state.flags["victory"]`` for the record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from game.scenario.politics import VictoryBlock, find_district, parse_victory
from game.sides import SIDES

if TYPE_CHECKING:
    from game.state import GameState


def key_town_balance(state: GameState) -> int:
    """Key towns taken by Azerbaijan minus key towns taken by Armenia."""
    m = state.theatre
    net = 0
    for t in m.towns:
        if not t.key:
            continue
        start, now = int(m.control0[t.hex_index]), int(state.control[t.hex_index])
        if start != now and now >= 0:
            net += 1 if now == 0 else -1
    return net


def _block(state: GameState) -> tuple[VictoryBlock, bool]:
    """The scenario's block, and whether the scenario gave one."""
    blk = state.flags.get("politics", {}).get("victory")
    if blk is None:
        blk = parse_victory(None)
    given = bool(blk.model_fields_set)
    if "decisive" not in blk.model_fields_set and "marginal" not in blk.model_fields_set:
        p = state.params["victory"]
        blk = blk.model_copy(update={"decisive": float(p["decisive_key_towns"]), "marginal": float(p["marginal_key_towns"])})
    return blk, given


def score(state: GameState) -> dict[str, Any]:
    """Both sides' points with their breakdown."""
    blk, _ = _block(state)
    m = state.theatre
    pts: dict[str, dict[str, float]] = {s: {} for s in SIDES}
    towns = dict(blk.towns)
    if not towns:
        named = state.flags.get("politics", {}).get("key_towns") or [t.id for t in m.towns if t.key]
        towns = {name: 1.0 for name in named}
    for name in sorted(towns):
        t = m.find_town(name)
        if t is None:
            continue
        start, now = int(m.control0[t.hex_index]), int(state.control[t.hex_index])
        if start != now and now >= 0:
            pts[SIDES[now]][f"town {t.name_en}"] = float(towns[name])
    for name in sorted(blk.districts):
        idx = np.array(find_district(m, name), dtype=np.int64)
        area = np.isin(m.district, idx) & m.passable
        n = int(np.sum(area))
        if n == 0:
            continue
        for s in (0, 1):
            was = np.sum(m.control0[area] == s) / n
            now = np.sum(state.control[area] == s) / n
            if now > 0.5 >= was:
                pts[SIDES[s]][f"district {name}"] = float(blk.districts[name])
    for s in (0, 1):
        side = state.sides[s]
        for key in sorted(blk.losses):
            value = side.civilians_killed if key == "civilians_killed" else side.losses.get(key, 0)
            if value:
                pts[SIDES[s]][f"losses {key}"] = float(blk.losses[key]) * float(value)
        if blk.pressure:
            pts[SIDES[s]]["pressure"] = float(blk.pressure) * side.pressure
    totals = {s: round(sum(v.values()), 3) for s, v in pts.items()}
    return {"score": totals, "margin": round(totals[SIDES[0]] - totals[SIDES[1]], 3),
            "breakdown": {s: {k: round(v, 3) for k, v in sorted(d.items())} for s, d in pts.items()},
            "decisive": blk.decisive, "marginal": blk.marginal}


def outcome(state: GameState) -> tuple[str, str]:
    """(winner, outcome class): winner is a side or "draw"; class is decisive, marginal or draw."""
    sc = score(state)
    sc["end_reason"] = state.flags.get("war_over") or state.end_reason
    state.flags["victory"] = sc
    margin = sc["margin"]
    if abs(margin) >= sc["decisive"]:
        return (SIDES[0] if margin > 0 else SIDES[1]), "decisive"
    if abs(margin) >= sc["marginal"]:
        return (SIDES[0] if margin > 0 else SIDES[1]), "marginal"
    return "draw", "draw"
