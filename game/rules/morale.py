"""Morale and cohesion: losses, encirclement, lost towns and drone attacks wear units down; rest restores them.

Cohesion runs from 1 (fresh) to 0. Rules elsewhere lower it (casualties in
:mod:`game.rules.combat`, hits in :mod:`game.rules.air` and
:mod:`game.rules.artillery`); here a quiet, supplied day restores it, a day cut
off lowers it, and a unit below ``break_threshold`` falls back from the enemy,
while one below ``surrender_threshold``, in contact and cut off for ``surrender_cut_days`` days
in a row, gives up (a pocket is squeezed before it surrenders; a supply line cut for a day is not a pocket);
under the final agreement there is no fighting, and nobody breaks or gives up. Breakpoints
of this kind follow the morale rules of Dupuy's TNDM (units cease to be
effective well before they are destroyed) and of most operational wargames.
Units that hold a hex dig in over days: hasty, prepared, fortified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sides import other

if TYPE_CHECKING:
    from game.state import GameState


def key_town_lost(state: GameState, side: int, town: str) -> None:
    loss = state.params["morale"]["key_town_loss"]
    for u in state.alive_units(side):
        u.cohesion = max(0.0, u.cohesion - loss)


def resolve_morale(state: GameState) -> None:
    from game.rules.combat import retreat
    from game.rules.losses import capture_unit

    p = state.params["morale"]
    dig = p["dig_in_days"]
    occ = state.occupancy()
    units = state.alive_units()
    if not units:
        return
    hexes = np.fromiter((u.hex for u in units), dtype=np.int64, count=len(units))
    sides = np.fromiter((u.side for u in units), dtype=np.int8, count=len(units))
    contact = (np.append(occ, -2)[state.theatre.neighbours_padded[hexes]] == (1 - sides)[:, None]).any(axis=1)
    turn = state.turn
    fort = state.theatre.fort
    cut_off_loss, rest_gain = p["cut_off_loss"], p["rest_gain"]
    peace = state.flags.get("agreement") is not None  # no fighting under the final agreement: nobody breaks or gives up
    fortified_days, prepared_days = dig["fortified"], dig["prepared"]
    surrender_below, surrender_days, break_below = p["surrender_threshold"], p["surrender_cut_days"], p["break_threshold"]
    for u, in_contact in zip(units, contact.tolist(), strict=True):
        if not u.alive:
            continue
        if u.supply <= 0:
            u.cohesion = max(0.0, u.cohesion - cut_off_loss)
        elif u.engaged_turn < turn and not in_contact:
            u.cohesion = min(1.0, u.cohesion + rest_gain * u.supply)
        if u.moved_turn < turn:
            u.dug_in_days += 1
            if u.posture_order != "MOBILE":
                if u.dug_in_days >= fortified_days and u.posture in ("prepared", "fortified") and fort[u.hex] > 0:
                    u.posture = "fortified"
                elif u.dug_in_days >= prepared_days and u.posture in ("hasty", "mobile"):
                    u.posture = "prepared"
                elif u.posture == "mobile":
                    u.posture = "hasty"
        if peace:
            continue
        if u.cohesion < surrender_below and u.cut_days >= surrender_days and in_contact:
            capture_unit(state, u, other(u.side), phase="morale", reason="cohesion broken")
        elif u.cohesion < break_below and in_contact:
            retreat(state, u, other(u.side), reason="cohesion broken")
