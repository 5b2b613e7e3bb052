"""Test doubles for batches: a loader for the synthetic scenario, and players that fail on purpose."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

from game.ai.greedy import GreedyAgent
from game.scenario.errors import Problem, ScenarioError
from game.scenario.model import Scenario
from tests.engine.synthetic import make_scenario

#: Loader targets for ``cmd_batch(args, loader=...)`` and ``Task.loader``.
SYNTHETIC = "tests.batch.stub:load_synthetic"


def _set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    node: Any = doc
    parts = path.split(".")
    for i, part in enumerate(parts[:-1]):
        if part not in node or not isinstance(node[part], dict):
            if parts[0] == "parameters":
                node[part] = {}
            else:
                raise ScenarioError([Problem("--set", None, None, ".".join(parts[: i + 1]), "no such key")])
        node = node[part]
    if parts[0] != "parameters" and parts[-1] not in node and parts[-2] != "air":
        raise ScenarioError([Problem("--set", None, None, path, "no such key")])
    node[parts[-1]] = value


def load_synthetic(ref: str, overrides: dict[str, Any] | None = None) -> Any:
    """``synthetic`` (10 days) or ``synthetic-short`` (5 days), with dotted-path overrides like the real loader."""
    if ref not in ("synthetic", "synthetic-short"):
        raise ScenarioError([Problem(ref, None, None, "", "unknown scenario")])
    sc = make_scenario(max_turns=5 if ref == "synthetic-short" else 10)
    if overrides:
        doc = sc.scenario.model_dump()
        for path, value in overrides.items():
            _set_path(doc, path, value)
        sc.scenario = Scenario.model_validate(doc)
        sc.overrides = dict(overrides)
    return sc


class FailingAgent(GreedyAgent):
    """Raises on the third turn of every game whose seed is a multiple of 3."""

    name = "failing"

    def __init__(self, briefing: Any, seed: int) -> None:
        super().__init__(briefing, seed)
        self.game_seed = _game_seed(seed)

    def orders(self, view: Any) -> Any:
        if self.game_seed % 3 == 0 and view.turn >= 3:
            raise RuntimeError(f"planned failure on seed {self.game_seed}")
        return super().orders(view)


class DyingAgent(GreedyAgent):
    """Kills its worker process outright on seed 4, as the OOM killer would."""

    name = "dying"

    def __init__(self, briefing: Any, seed: int) -> None:
        super().__init__(briefing, seed)
        if _game_seed(seed) == 4 and multiprocessing.parent_process() is not None:
            os._exit(9)


def _game_seed(seed: int) -> int:
    """The game seed behind an agent's derived seed (game.run.agent_seed), for the small seeds tests use."""
    from game.run import agent_seed

    for s in range(1000):
        if seed in (agent_seed(s, 0), agent_seed(s, 1)):
            return s
    return -1


class InterruptAgent(GreedyAgent):
    """Presses Ctrl-C (raises KeyboardInterrupt) in the game of seed 3."""

    name = "interrupt"

    def __init__(self, briefing: Any, seed: int) -> None:
        super().__init__(briefing, seed)
        if _game_seed(seed) == 3:
            raise KeyboardInterrupt
