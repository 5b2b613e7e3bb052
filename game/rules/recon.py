"""Reconnaissance and fog of war: what each side knows of the other's units.

Ground observers see along the line of sight over the elevation model, further
from a height; each look at a target is an independent chance, so the chance a
target is found by several observers is ``1 - prod(1 - p_i)`` (Koopman's
independent-glimpse model of search, *Search and Screening*, 1946/1980). The
chance of one look is scaled by how visible the target is: dug in and
camouflaged units are harder to see, columns that moved in the open and guns
that fired (flash, counter-battery radar) easier, emitting radars easiest
(ELINT). Units in contact (adjacent) always see each other. Drone ISR sorties
add looks in :mod:`game.rules.air`.

Each side's knowledge lives in its ``SideState.detected_now`` (seen this turn)
and ``detected`` (last known position); :mod:`game.view` builds a player's view
from these alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.hexmap.hexgrid import hex_distance_arrays
from game.hexmap.los import sees
from game.sides import other

if TYPE_CHECKING:
    from game.state import GameState, UnitState

def visibility(state: GameState, u: UnitState) -> float:
    """How easy a unit is to spot today (1.0 = an ordinary unit in hasty positions)."""
    return visibilities(state, [u])[0]


def visibilities(state: GameState, units: list[UnitState]) -> list[float]:
    """:func:`visibility` of each unit."""
    p = state.params["recon"]
    posture, moved, fired, emitting = p["posture_visibility"], p["moved_visibility"], p["fired_visibility"], p["emitting_visibility"]
    recent = state.turn - 1
    out = []
    for u in units:
        v = float(posture[u.posture])
        if u.moved_turn >= recent and u.moved_turn > 0:
            v *= moved
        if u.fired_turn >= recent and u.fired_turn > 0:
            v *= fired
        if u.role == "air_defence" and u.emitting:
            v *= emitting
        out.append(v)
    return out


def observer_range(state: GameState, u: UnitState) -> int:
    p = state.params["recon"]
    if u.role in ("special_forces", "reconnaissance", "hq"):
        return int(p["recon_range"])
    return int(p["ground_range"])


def ground_reconnaissance(state: GameState) -> None:
    """End-of-turn detection by every ground unit of both sides."""
    p = state.params["recon"]
    m = state.theatre
    elev = m.elev_mean.astype(np.float64)
    ranges = (int(p["ground_range"]), int(p["recon_range"]))  # as observer_range: ordinary units, scouts
    for side in (0, 1):
        observers = state.alive_units(side)
        targets = state.alive_units(other(side))
        sst = state.sides[side]
        sst.detected_now = set()
        if not observers or not targets:
            continue
        oh = np.fromiter((u.hex for u in observers), dtype=np.int64, count=len(observers))
        th = np.fromiter((u.hex for u in targets), dtype=np.int64, count=len(targets))
        orange = np.fromiter((ranges[u.role in ("special_forces", "reconnaissance", "hq")] for u in observers),
                             dtype=np.float64, count=len(observers))
        dist = hex_distance_arrays(m.q[oh][:, None], m.r[oh][:, None], m.q[th][None, :], m.r[th][None, :])
        height = np.maximum(0.0, elev[oh][:, None] - elev[th][None, :])
        reach = orange[:, None] + np.floor(height / 500.0) * p["height_bonus_per_500m"]
        cand = dist <= reach
        far = np.nonzero(cand & (dist > 1))  # within reach but not in contact: needs a line of sight
        cand[far] = sees(m, oh[far[0]], th[far[1]])
        looks = cand.sum(axis=0)
        vis = np.array(visibilities(state, targets))
        pv = np.minimum(0.98, p["p_ground"] * vis)
        p_found = 1.0 - (1.0 - pv) ** looks
        if p["adjacent_auto"]:
            p_found = np.where((dist <= 1).any(axis=0), 1.0, p_found)
        rolls = state.rng.random(len(targets))
        seen_now, last_seen, turn = sst.detected_now, sst.detected, state.turn
        for j in np.flatnonzero(rolls < p_found).tolist():
            t = targets[j]
            seen_now.add(t.id)
            last_seen[t.id] = (turn, t.hex)  # as _mark
        # forget stale last-known positions
        horizon = state.turn - p["memory_turns"]
        for uid in [k for k, (seen, _) in sst.detected.items() if seen < horizon or not state.units[k].alive]:
            del sst.detected[uid]


def _mark(state: GameState, side: int, t: UnitState) -> None:
    s = state.sides[side]
    s.detected_now.add(t.id)
    s.detected[t.id] = (state.turn, t.hex)


def mark_detected(state: GameState, side: int, t: UnitState) -> None:
    """Public hook for other rules (ISR sorties, units revealing themselves by firing)."""
    _mark(state, side, t)
