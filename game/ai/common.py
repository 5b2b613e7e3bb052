"""Helpers that computer players share: estimates from a side's own view, never from the true state."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from game.hexmap.hexgrid import hex_distance_arrays
from game.rules.strength import strength_of
from game.view import Contact, OwnUnit, SideView

FIRE_ROLES = ("artillery", "mlrs", "missile")
ATTACK_ROLES = ("manoeuvre", "special_forces", "engineer", "reconnaissance")
VALUE = {"air_defence": 6.0, "missile": 5.0, "mlrs": 4.0, "artillery": 3.0, "hq": 3.0, "manoeuvre": 2.0,
         "special_forces": 2.0, "engineer": 1.5, "electronic_warfare": 4.0, "reconnaissance": 1.0}


def fire_range_km(library: Any, equipment: dict[str, int]) -> float:
    lib = library.equipment
    return max((lib[e].range_km or 0.0 for e, n in equipment.items() if n > 0 and lib[e].category in FIRE_ROLES), default=0.0)


def distances(theatre: Any, a: int, hexes: NDArray[np.integer]) -> NDArray[np.int32]:
    return hex_distance_arrays(theatre.q[a], theatre.r[a], theatre.q[hexes], theatre.r[hexes])


def estimated_odds(b: Any, attackers: list[OwnUnit], defenders: list[Contact], h: int) -> float:
    """The combat model's ratio estimated from what the side knows (no morale or supply of the enemy)."""
    p = b.params["combat"]
    theatre = b.theatre
    terr = int(theatre.terrain[h])
    mountainous = terr in (2, 3, 5)
    tkey = ("plain", "hills", "mountains", "high_mountains", "urban", "forest", "water")[terr]
    ap = sum(strength_of(b.library, b.params, u.personnel, u.equipment, mountainous) * u.training
             * (p["morale_floor"] + (1 - p["morale_floor"]) * u.cohesion) for u in attackers)
    dp = 0.0
    for d in defenders:
        f = p["terrain_defence"][tkey] * p["posture_defence"][d.posture]
        if d.posture in ("prepared", "fortified"):
            f *= p["fort_bonus"][int(theatre.fort[h])]
        dp += strength_of(b.library, b.params, d.personnel, d.equipment, mountainous) * f
    return ap / dp if dp > 0 else math.inf


def contact_value(c: Contact) -> float:
    return VALUE.get(c.role, 1.0)


def front_hexes(view: SideView, theatre: Any) -> NDArray[np.int64]:
    """Own-controlled hexes that touch hexes the enemy controls."""
    nb = theatre.neighbours
    c = view.control
    valid = nb >= 0
    foe = 1 - view.side
    touches = ((c[np.where(valid, nb, 0)] == foe) & valid).any(axis=1)
    return np.nonzero((c == view.side) & touches & theatre.passable)[0]
