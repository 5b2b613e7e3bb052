"""Creating a game's initial state from a loaded scenario and a seed."""

from __future__ import annotations

from typing import Any

import numpy as np

from game.params import Params, default_params
from game.rules.combat import effectiveness_draw
from game.rules.tables import tables_for
from game.sides import SIDES
from game.state import GameState, SideState, UnitState


def make_unit(library: Any, pu: Any, side: int, hex_index: int, arrived_turn: int = 1, fort: int = 0) -> UnitState:
    """A unit in play from a scenario's placed unit (``game.scenario.loader.PlacedUnit``)."""
    ut = pu.unit_type
    posture = pu.spec.posture or ("fortified" if fort > 0 else "prepared")
    if arrived_turn > 1 and pu.spec.posture is None:
        posture = "hasty"
    return UnitState(
        id=pu.spec.id, name=pu.spec.name, side=side, type_id=ut.id, role=ut.role, symbol=ut.symbol,
        hex=hex_index, personnel=int(pu.personnel), equipment={k: int(v) for k, v in sorted(pu.equipment.items())},
        training=float(pu.training), movement=float(ut.movement), formation=pu.spec.formation,
        posture=posture, arrived_turn=arrived_turn, estimate=bool(pu.spec.estimate),
    )


def register_in_play(state: GameState, u: UnitState) -> None:
    """Count a unit's people and equipment into its side's total in play (for the conservation check)."""
    from game.state import CATEGORY_KEYS

    book = state.flags["in_play"][u.side]
    book["personnel"] += u.personnel
    for eid, n in u.equipment.items():
        k = CATEGORY_KEYS[state.library.equipment[eid].category]
        book[k] = book.get(k, 0) + n


def scenario_params(scenario: Any) -> Params:
    """Rule parameters: defaults, then the scenario's ``weather:`` and ``parameters:`` blocks."""
    sc = scenario.scenario
    over: dict[str, Any] = {}
    if sc.weather:
        over["weather"] = dict(sc.weather)
    for k, v in sc.parameters.items():
        if isinstance(v, dict) and isinstance(over.get(k), dict):
            over[k] = {**over[k], **v}
        else:
            over[k] = v
    return default_params(over)


def new_state(scenario: Any, seed: int) -> GameState:
    sc = scenario.scenario
    theatre = scenario.theatre
    params = scenario_params(scenario)
    sides = []
    for name in SIDES:
        spec = sc.sides[name]
        air = {k: int(v) for k, v in sorted(spec.air.items())}
        sides.append(SideState(
            name=name, air=dict(air), air_start=dict(air), ground_stations=dict(spec.ground_stations),
            supply_sources=list(scenario.supply_sources.get(name, [])), doctrine=spec.doctrine,
        ))
    units: dict[str, UnitState] = {}
    for s, name in enumerate(SIDES):
        for pu in scenario.units.get(name, []):
            units[pu.spec.id] = make_unit(scenario.library, pu, s, pu.hex_index, fort=int(theatre.fort[pu.hex_index]))
    state = GameState(
        scenario_id=sc.id, seed=int(seed), start_date=sc.start_date, max_turns=sc.max_turns,
        theatre=theatre, library=scenario.library, params=params,
        rng=np.random.Generator(np.random.PCG64(int(seed))),
        control=theatre.control0.astype(np.int8).copy(), units=units, sides=sides,
    )
    state.flags["in_play"] = [{"personnel": 0}, {"personnel": 0}]
    for u in units.values():
        register_in_play(state, u)
    state.flags["mines"] = theatre.mines.astype(np.float64).copy()
    state.flags["tables"] = tables_for(theatre, params)
    state.flags["effectiveness"] = effectiveness_draw(params, seed)
    return state
