"""Daily weather: low cloud and fog by month and zone (highland / lowland), with persistence.

A two-state Markov chain per zone: with chance ``persistence`` today repeats
yesterday, otherwise it is drawn afresh with the month's chance of low cloud —
the simplest weather generator that keeps spells of bad weather together
(a first-order Markov chain, as in Gabriel & Neumann 1962 for wet/dry days).
The chances themselves are our calibration: the sources give only one fog
report (Shusha, 6-8 November) and unverified seasonal defaults.
From ``snow_month`` on, snow makes the highest passes costly to cross.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.state import GameState


def resolve_weather(state: GameState) -> None:
    p = state.params["weather"]
    month = state.date.month
    prev = state.weather
    new: dict[str, str] = {}
    for zone in ("highland", "lowland"):
        table = p["low_cloud"][zone]
        chance = float(table.get(month, table.get(str(month), 0.0)))
        if zone in prev and state.rng.random() < p["persistence"]:
            new[zone] = prev[zone]
        else:
            new[zone] = "low_cloud" if state.rng.random() < chance else "clear"
    state.weather = new
    if month >= p["snow_month"]:
        state.flags["snow_mask"] = (state.theatre.elev_mean >= p["snow_pass_m"]).astype(float)
    else:
        state.flags.pop("snow_mask", None)
    bad = [z for z, v in new.items() if v != "clear"]
    if bad:
        state.log("weather", "weather", "Low cloud over the " + " and ".join(bad) + ": small drones grounded there")
