"""Reinforcements and mobilisation: units that the scenario schedules to arrive on a turn.

Arrivals are data (reservists, volunteers, units moved up from the rear); an
arriving unit appears on its scheduled hex, or on the nearest free hex its side
controls if the enemy holds that hex by then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from game.hexmap.hexgrid import hex_distance_arrays
from game.sides import SIDES, side_index

if TYPE_CHECKING:
    from game.state import GameState


def resolve_reinforcements(state: GameState, scenario: Any) -> None:
    from game.setup import make_unit, register_in_play

    for rein in scenario.reinforcements:
        if rein.turn != state.turn:
            continue
        side = side_index(rein.side)
        for pu in rein.units:
            h = _free_hex(state, side, pu.hex_index)
            if h is None:
                state.log("reinforcements", "reinforcement_blocked", f"{pu.spec.name} could not arrive: no free hex", side=side)
                continue
            u = make_unit(state.library, pu, side, h, arrived_turn=state.turn)
            state.units[u.id] = u
            state.roster_changed()
            register_in_play(state, u)
            state.flags.setdefault("arrivals", []).append(u.id)
            state.log("reinforcements", "arrival", f"{u.name} arrived ({SIDES[side]})", side=side, hex=h, unit=u.id)


def _free_hex(state: GameState, side: int, h: int) -> int | None:
    m = state.theatre
    occ = state.occupancy()
    limit = state.params["movement"]["stack_limit"]
    counts = np.bincount([u.hex for u in state.alive_units()], minlength=m.n)
    ok = (state.control == side) & m.passable & (occ != 1 - side) & (counts < limit)
    if ok[h]:
        return h
    cand = np.nonzero(ok)[0]
    if len(cand) == 0:
        return None
    d = hex_distance_arrays(m.q[cand], m.r[cand], m.q[h], m.r[h])
    return int(cand[np.lexsort((cand, d))[0]])
