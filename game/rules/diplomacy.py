"""International pressure on each side: a visible track from 0 to 100.

Pressure rises with civilians killed by a side's fire, strikes on cities,
cluster munitions and the length of the war, and decays with restraint. The
weights are data (``parameters.diplomacy``); the functional form — a leaky
accumulator of salient events — is our own modelling choice, documented in
docs/rules.md. Ceasefire proposals and decisions read this track.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sides import SIDES

if TYPE_CHECKING:
    from game.state import GameState


def resolve_pressure(state: GameState) -> None:
    p = state.params["diplomacy"]
    strikes = [s for s in state.flags.get("strikes", []) if s["turn"] == state.turn]
    for side in (0, 1):
        s = state.sides[side]
        mine = [x for x in strikes if x["by"] == SIDES[side]]
        gain = p["pressure_per_day"]
        gain += p["pressure_per_civilian"] * sum(x["civilians_killed"] for x in mine)
        gain += p["pressure_per_city_strike"] * sum(1 for x in mine if x["city"])
        gain += p["pressure_per_cluster_strike"] * sum(1 for x in mine if x["cluster"])
        restraint = not mine
        s.pressure = min(100.0, max(0.0, s.pressure * (1 - (p["pressure_decay"] if restraint else 0.0)) + gain))
