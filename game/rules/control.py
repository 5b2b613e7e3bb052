"""Control of the map: hexes change hands when entered, and empty pockets fall to the side that surrounds them.

A unit holds the hex it stands on and claims the hexes it enters. An empty hex
that neither side's units hold (within ``presence_radius``) passes to the other
side when at least ``flip_neighbours`` of its six neighbours are that side's —
the usual way operational games let territory follow the front without
marching a unit through every hex. Captures of named towns are recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sides import SIDES, label

if TYPE_CHECKING:
    from game.state import GameState, UnitState


def set_control(state: GameState, h: int, side: int, by: UnitState | None = None) -> None:
    prev = int(state.control[h])
    if prev == side:
        return
    state.control[h] = side
    idx = int(state.theatre.town[h])
    if idx >= 0:
        town = state.theatre.towns[idx]
        state.log("control", "capture", f"{town.display_name} taken by {label(side)}" + (f" ({by.name})" if by else ""),
                  side=side, hex=h, town=town.id, key=town.key)
        if town.key:
            rec = state.captures.setdefault(town.name_en, {})
            rec.update({"turn": state.turn, "date": state.date.isoformat(), "by": SIDES[side]})
            if int(state.theatre.control0[h]) == prev:
                # losing one of its own towns shakes a whole army; losing back a town it had taken does not
                from game.rules.morale import key_town_lost

                key_town_lost(state, prev, town.display_name)


def presence(state: GameState, side: int) -> np.ndarray:
    """Hexes within ``presence_radius`` of an alive unit of ``side``."""
    m = state.theatre
    mask = np.zeros(m.n, dtype=bool)
    units = state.alive_units(side)
    mask[np.fromiter((u.hex for u in units), dtype=np.int64, count=len(units))] = True
    nb = m.neighbours
    for _ in range(int(state.params["control"]["presence_radius"])):
        grown = mask.copy()
        idx = np.nonzero(mask)[0]
        n = nb[idx].ravel()
        grown[n[n >= 0]] = True
        mask = grown
    return mask


def resolve_control(state: GameState) -> None:
    """Let pockets and the gaps behind a moving front change hands (two sweeps, both sides at once)."""
    if "frozen_control" in state.flags:
        return  # the lines are frozen by an agreement: only its handovers move them
    m = state.theatre
    need = int(state.params["control"]["flip_neighbours"])
    held = [presence(state, 0), presence(state, 1)]
    # hexes the foe holds on paper only: passable and out of the reach of its units
    open_ground = [~held[0] & m.passable, ~held[1] & m.passable]
    for _ in range(2):
        ctrl = state.control
        for side in (0, 1):
            foe = 1 - side
            flips = np.flatnonzero((ctrl == foe) & open_ground[foe] & (m.neighbour_counts(ctrl == side) >= need))
            for h in flips.tolist():
                set_control(state, h, side)
