"""Headless games between computer players: ``karabakh run``, and the one-game function batches call."""

from __future__ import annotations

import argparse
import sys
import zlib
from typing import Any

import yaml

from game.ai.base import DEFAULT_AGENT, Agent, AgentLoadError, Briefing, agent_class
from game.engine import Game
from game.record import write_record
from game.sides import SIDE_LABELS, SIDES


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """``["sides.azerbaijan.air.TB2=0", ...]`` -> ``{"sides.azerbaijan.air.TB2": 0}`` (values read as YAML scalars)."""
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--set expects PATH=VALUE, got {item!r}")
        path, raw = item.split("=", 1)
        out[path.strip()] = yaml.safe_load(raw) if raw.strip() else ""
    return out


def briefing(game: Game, side: int) -> Briefing:
    sc = game.scenario
    m = sc.theatre
    keys = []
    for name in sc.scenario.key_towns:
        t = m.find_town(name)
        if t is not None:
            keys.append(t.hex_index)
    return Briefing(
        side=side, theatre=m, library=sc.library, params=game.state.params, key_towns=tuple(keys),
        supply_sources=tuple(sc.supply_sources.get(SIDES[side], [])), doctrine=sc.scenario.sides[SIDES[side]].doctrine,
        scenario_id=sc.scenario.id,
        doctrine_overrides=tuple(sorted(sc.scenario.sides[SIDES[side]].doctrine_overrides.items())),
    )


def agent_seed(seed: int, side: int) -> int:
    """Each side's computer player gets its own stream, derived from the game seed."""
    return zlib.crc32(f"{seed}:{SIDES[side]}".encode())


def make_agents(game: Game, names: tuple[str | None, str | None]) -> list[Agent]:
    agents = []
    for side, name in enumerate(names):
        cls = agent_class(name or DEFAULT_AGENT)
        agents.append(cls(briefing(game, side), agent_seed(game.seed, side)))
    game.players = {SIDES[s]: (names[s] or DEFAULT_AGENT) for s in (0, 1)}  # type: ignore[attr-defined]
    return agents


def play_game(scenario: Any, seed: int, ai: tuple[str | None, str | None] = (None, None), on_turn: Any = None) -> Game:
    """Play a whole game between computer players and return it (its record is ``game.record()``)."""
    game = Game(scenario, seed)
    agents = make_agents(game, ai)
    while not game.is_over():
        orders = [agents[s].orders(game.view(s)) for s in (0, 1)]
        events = game.resolve_turn(orders[0], orders[1])
        if on_turn is not None:
            on_turn(game, events)
    return game


def summary(record: dict[str, Any]) -> str:
    lines = [
        f"{record['scenario']} seed {record['seed']}: "
        + ("draw" if record["winner"] == "draw" else f"{record['outcome']} victory for {SIDE_LABELS[record['winner']]}")
        + f" after {record.get('war_days', record['end_turn'])} days of war ({record['end_reason']}; last day played {record['end_date']})",
    ]
    if record["captures"]:
        caps = ", ".join(f"{k} day {v['turn']} ({v['by']})" for k, v in record["captures"].items())
        lines.append(f"  towns changing hands: {caps}")
    for side in SIDES:
        losses = record["losses"][side]
        lines.append(
            f"  {SIDE_LABELS[side]}: {losses['personnel_killed']} killed, {losses['personnel_wounded']} wounded, "
            f"{losses['tanks']} tanks, {losses['afv']} AFV, {losses['artillery']} guns, {losses['mlrs']} MLRS, "
            f"{losses['air_defence']} air defence, {losses['drones']} drones, {losses['aircraft']} aircraft; "
            f"{losses['civilians_killed']} civilians killed"
        )
    for c in record["ceasefires"]:
        state = "refused" if not c["accepted"] else (f"broke {c['broke']}" if c["broke"] else "held")
        lines.append(f"  ceasefire {c['id']} ({c['proposed_by']}): {state}")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from game.scenario.errors import ScenarioError
    from game.scenario.loader import load_scenario

    try:
        overrides = parse_overrides(args.set)
        scenario = load_scenario(args.scenario, overrides=overrides or None)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"karabakh run: {e}", file=sys.stderr)
        return 2
    try:
        def show(game: Game, events: list[Any]) -> None:
            if args.log:
                for ev in events:
                    print(f"[{ev.turn:2d} {ev.phase:>14}] {ev.text}")

        game = play_game(scenario, args.seed, (args.ai_azerbaijan, args.ai_armenia), on_turn=show)
    except AgentLoadError as e:
        print(f"karabakh run: {e}", file=sys.stderr)
        return 2
    record = game.record()
    if args.json:
        write_record(record, args.json)
    print(summary(record))
    return 0
