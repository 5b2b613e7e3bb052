"""The computer-player interface and registry.

An agent is built once per game and side with the public, static information
(map, content library, rule parameters, key towns) and its own seeded
generator; each turn it receives its side's :class:`~game.view.SideView` only,
never the game state, and returns orders. Illegal orders are refused by the
engine, not trusted to the agent. Users plug in their own agent with
``--ai-azerbaijan package.module:ClassName``.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.orders import Order
from game.view import SideView


@dataclass(frozen=True)
class Briefing:
    """What a commander knows before the war: the map, the equipment tables, the rules' numbers."""

    side: int
    theatre: Any
    library: Any
    params: Any
    key_towns: tuple[int, ...]  # hex indices of the scenario's key towns
    supply_sources: tuple[int, ...]
    doctrine: str
    scenario_id: str
    doctrine_overrides: tuple[tuple[str, Any], ...] = ()  # the scenario's changes to the doctrine profile


class Agent:
    """Base class. Subclasses set ``name`` and implement :meth:`orders`."""

    name = "agent"

    def __init__(self, briefing: Briefing, seed: int) -> None:
        self.briefing = briefing
        self.side = briefing.side
        self._seed = int(seed)
        self.rng = np.random.Generator(np.random.PCG64(seed))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Each day's orders draw from a generator seeded by (seed, day): a player picked up from
        a saved game or a replay plays exactly as it would have, whatever it did before."""
        super().__init_subclass__(**kwargs)
        f = cls.__dict__.get("orders")
        if f is None or getattr(f, "_reseeds", False):
            return

        @functools.wraps(f)
        def orders(self: Agent, view: SideView) -> list[Order]:
            self.rng = np.random.Generator(np.random.PCG64([self._seed, int(view.turn)]))
            result: list[Order] = f(self, view)
            return result

        orders._reseeds = True  # type: ignore[attr-defined]
        cls.orders = orders  # type: ignore[method-assign]

    def orders(self, view: SideView) -> list[Order]:
        raise NotImplementedError


REGISTRY: dict[str, str] = {
    "random": "game.ai.random_ai:RandomAgent",
    "greedy": "game.ai.greedy:GreedyAgent",
    "passive": "game.ai.random_ai:PassiveAgent",
    "operational": "game.ai.operational:OperationalAgent",
}
DEFAULT_AGENT = "operational"


class AgentLoadError(ValueError):
    pass


def agent_class(name: str) -> type[Agent]:
    """A registered name, or ``package.module:ClassName`` for a user's own agent."""
    target = REGISTRY.get(name, name)
    if ":" not in target:
        raise AgentLoadError(f"unknown computer player '{name}'; choose one of {', '.join(sorted(REGISTRY))} or give package.module:ClassName")
    module, cls = target.split(":", 1)
    try:
        mod = importlib.import_module(module)
    except ImportError as e:
        raise AgentLoadError(f"cannot import '{module}' for computer player '{name}': {e}") from None
    obj = getattr(mod, cls, None)
    if not isinstance(obj, type) or not hasattr(obj, "orders"):
        raise AgentLoadError(f"'{target}' is not a computer player class (it needs an orders(view) method)")
    return obj
