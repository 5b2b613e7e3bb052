"""Combat strength of a unit from the weapons it actually holds.

In Dupuy's QJM a force's strength S is the sum over its weapons of their
operational lethality indices (Dupuy 1979, *Numbers, Predictions and War*, ch. 2).
Here each equipment type carries a ``combat_value`` on our own scale (T-72B = 1.0)
and each soldier adds ``combat.personnel_value`` for small arms; tanks and AFVs
count for less in mountains and forest, where they cannot manoeuvre.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.state import GameState, UnitState

GROUND_COMBAT = ("tank", "afv", "atgm")


def strength(state: GameState, u: UnitState, mountainous: bool = False) -> float:
    """QJM-style S: weapons' values plus small arms (direct-fire weapons only)."""
    return float(strength_of(state.library, state.params, u.personnel, u.equipment, mountainous))


def strength_of(library: Any, params: Any, personnel: int, equipment: dict[str, int], mountainous: bool = False) -> float:
    """:func:`strength` from raw holdings (computer players estimate enemy strength with it)."""
    lib = library.equipment
    p = params["combat"]
    s = personnel * p["personnel_value"]
    armour = p["armour_in_mountains"] if mountainous else 1.0
    for eid, n in equipment.items():
        if n <= 0:
            continue
        e = lib[eid]
        if e.category in ("tank", "afv"):
            s += n * e.combat_value * armour
        elif e.category == "atgm":
            s += n * e.combat_value
        else:
            s += n * e.combat_value * 0.25  # guns and launchers defend themselves, weakly
    return float(s)


def count_category(state: GameState, u: UnitState, category: str) -> int:
    lib = state.library.equipment
    return sum(n for eid, n in u.equipment.items() if lib[eid].category == category)
