"""A PettingZoo environment over the game, for learning and research (optional extra ``pettingzoo``).

Agents are ``"azerbaijan"`` and ``"armenia"``. A day is played as in the
game: Azerbaijan gives its orders one step at a time, then Armenia, then the
engine resolves the day. Each step picks one order from a fixed-size list of
candidates; ``action_mask`` marks the legal ones, and action 0 ends the
side's orders for the day. The engine still checks every order and refuses
anything illegal, so a mask is a convenience, never a trust boundary.

Observations are built from the side's :class:`~game.view.SideView` only:

* ``observation``: float32 array ``(LAYERS, n_hexes)`` -- own control, enemy
  control, own manoeuvre strength, own guns, own air defence, detected enemy
  strength (seen today), detected enemy guns and air defence, enemy last
  seen earlier, key towns, terrain defence factor, passable;
* ``scalars``: float32 ``(8,)`` -- day of the war, both sides' international
  pressure, own units left, contacts, sorties left, ceasefire in force,
  proposals awaiting an answer;
* ``action_mask``: int8 ``(n_actions,)``.

Candidate orders, for each own unit slot (units sorted by id at reset; reinforcements take free
slots as they arrive):
hold (dig in), move three hexes towards each of the six directions (the
engine finds the path), attack the neighbour in each direction, fire at the
most valuable detected target in range; and for each air type of the side's
pool: ISR or STRIKE at the most valuable detected target, SEAD and DECOY over
the most recently seen air defence.

Rewards are zero-sum: each day, the change in key towns held (a town is worth
1) plus a small share for ground won; at the end, +1 / -1 for the winner.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces
from numpy.typing import NDArray
from pettingzoo import AECEnv

from game.ai.common import ATTACK_ROLES, FIRE_ROLES, contact_value, fire_range_km
from game.engine import Game
from game.hexmap.hexgrid import DIRECTIONS, Hex, hex_distance_arrays
from game.orders import Order
from game.rules.strength import strength_of
from game.rules.tables import tables_for
from game.rules.victory import key_town_balance
from game.sides import SIDES
from game.view import Contact, SideView

LAYERS = ("own_control", "enemy_control", "own_strength", "own_guns", "own_air_defence", "enemy_strength",
          "enemy_guns_air_defence", "enemy_last_seen", "key_towns", "terrain_defence", "passable")
N_SCALARS = 8
UNIT_OPTIONS = 14  # hold, move x6, attack x6, fire
AIR_OPTIONS = ("ISR", "STRIKE", "SEAD", "DECOY")
MOVE_STEPS = 3


def env(**kwargs: Any) -> KarabakhEnv:
    """PettingZoo convention: a module-level factory."""
    return KarabakhEnv(**kwargs)


class KarabakhEnv(AECEnv):  # type: ignore[misc]
    """Turn-based AEC environment; see the module docstring."""

    metadata = {"render_modes": ["ansi"], "name": "karabakh_v0", "is_parallelizable": False}

    def __init__(self, scenario: Any = None, max_units: int | None = None, max_air_types: int = 16,
                 orders_per_day: int = 64, max_turns: int | None = None, render_mode: str | None = None) -> None:
        super().__init__()
        if scenario is None:
            from game.scenario.loader import load_scenario

            scenario = load_scenario("historical_2020")
        elif isinstance(scenario, str):
            from game.scenario.loader import load_scenario

            scenario = load_scenario(scenario)
        self.scenario = scenario
        self.render_mode = render_mode
        self.orders_per_day = int(orders_per_day)
        self.max_turns = max_turns
        self.possible_agents = list(SIDES)
        self.agents = list(SIDES)
        m = scenario.theatre
        self.theatre = m
        self.n = int(m.n)
        counts = [len(scenario.units.get(s, [])) + sum(1 for r in getattr(scenario, "reinforcements", []) if _side_of(r) == s) for s in SIDES]
        self.max_units = int(max_units if max_units is not None else max(counts) + 4)
        self.max_air_types = int(max_air_types)
        self.n_actions = 1 + self.max_units * UNIT_OPTIONS + self.max_air_types * len(AIR_OPTIONS)
        self._obs_space = spaces.Dict({
            "observation": spaces.Box(0.0, 1e6, shape=(len(LAYERS), self.n), dtype=np.float32),
            "scalars": spaces.Box(0.0, 1e6, shape=(N_SCALARS,), dtype=np.float32),
            "action_mask": spaces.Box(0, 1, shape=(self.n_actions,), dtype=np.int8),
        })
        self._act_space = spaces.Discrete(self.n_actions)
        self.observation_spaces = {a: self._obs_space for a in self.possible_agents}
        self.action_spaces = {a: self._act_space for a in self.possible_agents}
        self._static = self._static_layers()
        self.game: Game | None = None

    # --- spaces -------------------------------------------------------------------
    def observation_space(self, agent: str) -> spaces.Space:  # type: ignore[type-arg]
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:  # type: ignore[type-arg]
        return self.action_spaces[agent]

    # --- episode ------------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        self.game = Game(self.scenario, 0 if seed is None else int(seed))
        if self.max_turns is not None:
            self.game.state.max_turns = min(self.game.state.max_turns, int(self.max_turns))
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self.slots: list[list[str]] = [[], []]
        self.air_slots: list[list[str]] = [[], []]
        for s in (0, 1):
            v = self.game.view(s)
            self.slots[s] = sorted(u.id for u in v.units)[: self.max_units]
            self.air_slots[s] = sorted(v.air)[: self.max_air_types]
        self._pending: list[list[Order]] = [[], []]
        self._cache: dict[int, tuple[int, SideView, dict[str, Any]]] = {}
        self._score = self._position_score()
        self.agent_selection = SIDES[0]

    def observe(self, agent: str) -> dict[str, NDArray[Any]]:
        s = SIDES.index(agent)
        view, cand = self._candidates(s)
        return {"observation": self._layers(s, view), "scalars": self._scalars(s, view), "action_mask": cand["mask"].copy()}

    def step(self, action: int | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        assert self.game is not None
        s = SIDES.index(agent)
        self._cumulative_rewards[agent] = 0.0
        a = int(action) if action is not None else 0
        _, cand = self._candidates(s)
        if 0 < a < self.n_actions and cand["mask"][a]:
            self._pending[s].append(cand["orders"][a])
            self._take(s, a, cand)
        done_today = a == 0 or len(self._pending[s]) >= self.orders_per_day or not cand["mask"][1:].any()
        self.rewards = {x: 0.0 for x in self.agents}
        if done_today:
            if s == 0:
                self.agent_selection = SIDES[1]
            else:
                self._resolve_day()
                self.agent_selection = SIDES[0]
        self._accumulate_rewards()

    def _resolve_day(self) -> None:
        assert self.game is not None
        g = self.game
        g.resolve_turn(self._pending[0], self._pending[1])
        self._pending = [[], []]
        self._cache.clear()
        score = self._position_score()
        delta = score - self._score
        self._score = score
        r = {SIDES[0]: delta, SIDES[1]: -delta}
        if g.is_over():
            w = g.state.winner
            bonus = 0.0 if w == "draw" else (1.0 if w == SIDES[0] else -1.0)
            r = {SIDES[0]: delta + bonus, SIDES[1]: -delta - bonus}
            for x in self.agents:
                self.terminations[x] = True
                self.infos[x] = {"winner": w, "outcome": g.state.flags.get("outcome_class")}
        self.rewards = r

    def _position_score(self) -> float:
        assert self.game is not None
        st = self.game.state
        ground = float(np.count_nonzero(st.control == 0) - np.count_nonzero(self.theatre.control0 == 0)) / max(1, self.n)
        return float(key_town_balance(st)) + ground

    def render(self) -> str | None:
        if self.game is None:
            return None
        st = self.game.state
        c = st.control
        lines = [f"day {st.turn} ({st.date.isoformat()}), to move: {self.agent_selection}",
                 f"hexes held: azerbaijan {int(np.count_nonzero(c == 0))}, armenia {int(np.count_nonzero(c == 1))}; "
                 f"key towns taken (net): {key_town_balance(st)}"]
        for s in (0, 1):
            lines.append(f"{SIDES[s]} orders so far: " + ("; ".join(str(o) for o in self._pending[s]) or "none"))
        text = "\n".join(lines)
        if self.render_mode == "ansi":
            return text
        return text

    def close(self) -> None:
        self.game = None

    # --- candidates -------------------------------------------------------------------
    def _candidates(self, s: int) -> tuple[SideView, dict[str, Any]]:
        """The day's candidate orders and mask for side ``s`` (rebuilt once a day, then updated as orders are taken)."""
        assert self.game is not None
        turn = self.game.turn
        hit = self._cache.get(s)
        if hit is not None and hit[0] == turn:
            return hit[1], hit[2]
        view = self.game.view(s)
        # reinforcements take free unit slots as they arrive, in id order
        known = set(self.slots[s])
        for uid in sorted(u.id for u in view.units if u.id not in known):
            if len(self.slots[s]) < self.max_units:
                self.slots[s].append(uid)
        cand = self._build(s, view)
        self._cache[s] = (turn, view, cand)
        return view, cand

    def _build(self, s: int, view: SideView) -> dict[str, Any]:
        m = self.theatre
        lib = self.scenario.library
        params = self.game.state.params  # type: ignore[union-attr]
        hex_km = float(params["hex_km"])
        mask = np.zeros(self.n_actions, dtype=np.int8)
        mask[0] = 1
        orders: dict[int, Order] = {}
        units = {u.id: u for u in view.units}
        current = [c for c in view.contacts if c.current]
        by_hex: dict[int, list[Contact]] = {}
        for c in current:
            by_hex.setdefault(c.hex, []).append(c)
        chex = np.array(sorted(by_hex), dtype=np.int64)
        cval = np.array([sum(contact_value(c) for c in by_hex[int(h)]) for h in chex])
        q0, r0 = m.q, m.r
        for k, uid in enumerate(self.slots[s]):
            u = units.get(uid)
            if u is None:
                continue
            base = 1 + k * UNIT_OPTIONS
            orders[base] = Order.posture(uid, "DEFEND")
            mask[base] = 1
            here = m.hex_at(u.hex)
            for d, dv in enumerate(DIRECTIONS):
                tgt = Hex(here.q + MOVE_STEPS * dv.q, here.r + MOVE_STEPS * dv.r)
                if m.contains(tgt) and m.passable[m.index(tgt)]:
                    orders[base + 1 + d] = Order.move(uid, tgt)
                    mask[base + 1 + d] = 1
                if u.role in ATTACK_ROLES:
                    nb = Hex(here.q + dv.q, here.r + dv.r)
                    if m.contains(nb):
                        h = m.index(nb)
                        if h in by_hex or (view.control[h] == 1 - s and m.passable[h]):
                            orders[base + 7 + d] = Order.attack(uid, nb)
                            mask[base + 7 + d] = 1
            if u.role in FIRE_ROLES and u.ammo > 0.05 and len(chex):
                rng_km = fire_range_km(lib, u.equipment)
                dist = hex_distance_arrays(q0[u.hex], r0[u.hex], q0[chex], r0[chex]) * hex_km
                ok = np.flatnonzero(dist <= rng_km)
                if len(ok):
                    best = int(chex[ok[int(np.argmax(cval[ok]))]])
                    orders[base + 13] = Order.fire(uid, m.hex_at(best))
                    mask[base + 13] = 1
        strike_hex = int(chex[int(np.argmax(cval))]) if len(chex) else None
        ad = sorted((c for c in view.contacts if c.role == "air_defence"), key=lambda c: (-c.seen_turn, c.id))
        ad_hex = ad[0].hex if ad else None
        air_base = 1 + self.max_units * UNIT_OPTIONS
        for j, tid in enumerate(self.air_slots[s]):
            if view.sorties.get(tid, 0) <= 0:
                continue
            at = lib.air_types[tid]
            for i, mission in enumerate(AIR_OPTIONS):
                target = strike_hex if mission in ("ISR", "STRIKE") else ad_hex
                if target is None:
                    continue
                if mission == "STRIKE" and at.strikes_per_sortie <= 0:
                    continue
                if mission == "SEAD" and not at.anti_radiation and at.strikes_per_sortie <= 0:
                    continue
                a = air_base + j * len(AIR_OPTIONS) + i
                orders[a] = Order.air(tid, 1, mission, m.hex_at(target))
                mask[a] = 1
        return {"mask": mask, "orders": orders, "sorties": dict(view.sorties)}

    def _take(self, s: int, a: int, cand: dict[str, Any]) -> None:
        """Update the mask after an order: one move, attack or fire per unit; sorties run out."""
        mask = cand["mask"]
        air_base = 1 + self.max_units * UNIT_OPTIONS
        if a < air_base:
            k = (a - 1) // UNIT_OPTIONS
            base = 1 + k * UNIT_OPTIONS
            if cand["orders"][a].kind == "PO":
                mask[base] = 0
            else:
                mask[base + 1: base + UNIT_OPTIONS] = 0
            return
        j = (a - air_base) // len(AIR_OPTIONS)
        tid = self.air_slots[s][j]
        cand["sorties"][tid] = cand["sorties"].get(tid, 0) - 1
        if cand["sorties"][tid] <= 0:
            lo = air_base + j * len(AIR_OPTIONS)
            mask[lo: lo + len(AIR_OPTIONS)] = 0

    # --- observations ------------------------------------------------------------------
    def _static_layers(self) -> NDArray[np.float32]:
        m = self.theatre
        key = np.zeros(self.n, dtype=np.float32)
        for t in m.towns:
            if t.key:
                key[t.hex_index] = 1.0
        t = tables_for(m, self._params())
        return np.stack([key, np.asarray(t.defence, dtype=np.float32), np.asarray(m.passable, dtype=np.float32)])

    def _params(self) -> Any:
        from game.setup import scenario_params

        return scenario_params(self.scenario)

    def _layers(self, s: int, view: SideView) -> NDArray[np.float32]:
        lib = self.scenario.library
        params = self._params_cached()
        out = np.zeros((len(LAYERS), self.n), dtype=np.float32)
        out[0] = view.control == s
        out[1] = view.control == 1 - s
        for u in view.units:
            if u.role in ATTACK_ROLES:
                out[2, u.hex] += strength_of(lib, params, u.personnel, u.equipment) / 100.0
            elif u.role in FIRE_ROLES:
                out[3, u.hex] += 1.0
            elif u.role == "air_defence":
                out[4, u.hex] += 1.0
        for c in view.contacts:
            if c.current:
                out[5, c.hex] += strength_of(lib, params, c.personnel, c.equipment) / 100.0
                if c.role in FIRE_ROLES or c.role == "air_defence":
                    out[6, c.hex] += 1.0
            else:
                out[7, c.hex] += 1.0
        out[8:11] = self._static
        return out

    def _params_cached(self) -> Any:
        assert self.game is not None
        return self.game.state.params

    def _scalars(self, s: int, view: SideView) -> NDArray[np.float32]:
        n0 = max(1, len(self.slots[s]))
        return np.array([
            view.turn / max(1, view.max_turns), view.pressure[s] / 100.0, view.pressure[1 - s] / 100.0,
            len(view.units) / n0, sum(1 for c in view.contacts if c.current) / n0,
            sum(view.sorties.values()) / 100.0, float(view.ceasefire is not None), float(len(view.proposals)),
        ], dtype=np.float32)


def _side_of(r: Any) -> str | None:
    return getattr(r, "side", None) if not isinstance(r, dict) else r.get("side")
