"""The PettingZoo environment passes PettingZoo's own conformance tests and plays to an end."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pettingzoo")

from pettingzoo.test import api_test, seed_test  # noqa: E402

from game.env import LAYERS, KarabakhEnv  # noqa: E402
from tests.ai.scenarios import big_scenario  # noqa: E402


def make_env() -> KarabakhEnv:
    return KarabakhEnv(scenario=big_scenario(max_turns=6))


def test_api() -> None:
    api_test(make_env(), num_cycles=300)


def test_seed() -> None:
    seed_test(make_env, num_cycles=200)


def test_masked_random_play_reaches_the_end_and_the_engine_refuses_little() -> None:
    env = make_env()
    env.reset(seed=3)
    rng = np.random.default_rng(0)
    steps = 0
    for _agent in env.agent_iter(20_000):
        obs, _, term, trunc, _ = env.last()
        if term or trunc:
            env.step(None)
            continue
        legal = np.flatnonzero(obs["action_mask"])
        env.step(int(rng.choice(legal)))
        steps += 1
    assert env.game is not None and env.game.is_over()
    refused = [e for e in env.game.state.events if e.kind == "order_refused"]
    given = sum(len(h[s]) for h in env.game.history for s in h)
    assert given > 0 and len(refused) <= 0.02 * (given + len(refused))


def test_observation_is_the_side_view_only() -> None:
    env = make_env()
    env.reset(seed=1)
    obs = env.observe("azerbaijan")
    assert obs["observation"].shape == (len(LAYERS), env.n)
    g = env.game
    assert g is not None
    seen = set(g.state.sides[0].detected)
    hidden = [u for u in g.state.alive_units(1) if u.id not in seen]
    enemy = obs["observation"][LAYERS.index("enemy_strength")] + obs["observation"][LAYERS.index("enemy_last_seen")]
    for u in hidden:
        if not any(c.hex == u.hex for c in g.view(0).contacts):
            assert enemy[u.hex] == 0.0
    assert env.render() is not None
