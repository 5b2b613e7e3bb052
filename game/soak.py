"""``karabakh soak``: play many games with random legal orders and check the invariants after every turn.

A long run (``--games 250`` on the historical scenario is over 10,000 turns)
is the robustness evidence quoted in the README; CI runs a short one.
"""

from __future__ import annotations

import argparse
import sys
import time

from game.engine import Game
from game.invariants import InvariantError, check
from game.record import validate_record
from game.run import make_agents

MIXES = (("random", "random"), ("greedy", "random"), ("random", "greedy"))


def soak(scenario: object, games: int, seed0: int = 1, max_turns: int | None = None) -> tuple[int, int]:
    """Returns (games, turns) checked; raises InvariantError on the first violation."""
    turns = 0
    for i in range(games):
        seed = seed0 + i
        game = Game(scenario, seed)
        agents = make_agents(game, MIXES[i % len(MIXES)])
        while not game.is_over() and (max_turns is None or game.turn <= max_turns):
            game.resolve_turn(agents[0].orders(game.view(0)), agents[1].orders(game.view(1)))
            try:
                check(game)
            except InvariantError as e:
                raise InvariantError(f"seed {seed}, players {MIXES[i % len(MIXES)]}: {e}") from None
            turns += 1
        validate_record(game.record())
    return games, turns


def cmd_soak(args: argparse.Namespace) -> int:
    from game.scenario.errors import ScenarioError
    from game.scenario.loader import load_scenario

    try:
        sc = load_scenario(args.scenario)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        g, t = soak(sc, args.games, args.seed0, args.max_turns)
    except InvariantError as e:
        print(f"invariant broken: {e}", file=sys.stderr)
        return 1
    print(f"{g} games, {t} turns: every invariant held after every turn ({time.perf_counter() - t0:.0f} s)")
    return 0
