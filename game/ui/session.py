"""A game being played at the desk: the engine's game, who commands each side, and the orders being written.

This module holds no pygame: it is the bridge between the interface and the
engine's public API (views, ``check``, ``filter_orders``, ``resolve_turn``,
saves). The interface only ever reads the :class:`~game.view.SideView` of the
side(s) it may show, so fog of war holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import Game
from game.events import Event
from game.orders import IllegalOrderError, Order
from game.sides import SIDES
from game.view import SideView

MODES = ("azerbaijan", "armenia", "hotseat", "watch")
MOVE_KINDS = ("MV", "AT", "FR")

ScenarioLoader = Callable[..., Any]


def default_loader(ref: str, overrides: dict[str, Any] | None = None) -> Any:
    from game.scenario.loader import load_scenario

    return load_scenario(ref, overrides=overrides)


def humans_of(mode: str) -> tuple[int, ...]:
    if mode == "hotseat":
        return (0, 1)
    if mode == "watch":
        return ()
    return (SIDES.index(mode),)


@dataclass
class TurnResult:
    """What the interface needs to show a resolved day: its events and where units stood before and after."""

    turn: int
    events: list[Event]
    before: dict[str, tuple[int, int]]  # unit id -> (side, hex)
    after: dict[str, tuple[int, int]]
    control_before: Any
    control_after: Any


@dataclass
class Session:
    game: Game
    mode: str
    loader: ScenarioLoader = default_loader
    scenario_ref: str = ""
    pending: dict[int, list[Order]] = field(default_factory=lambda: {0: [], 1: []})
    agents: dict[int, Any] = field(default_factory=dict)
    start_strength: dict[str, int] = field(default_factory=dict)
    _views: dict[int, SideView] = field(default_factory=dict, repr=False)
    _views_key: tuple[int, int, int, bool] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; expected one of {', '.join(MODES)}")
        from game.ai.base import DEFAULT_AGENT
        from game.run import make_agents

        ai_names = tuple(None if s in self.humans else DEFAULT_AGENT for s in (0, 1))
        agents = make_agents(self.game, ai_names)  # type: ignore[arg-type]
        self.agents = {s: agents[s] for s in (0, 1) if s not in self.humans}
        self.game.players = {SIDES[s]: ("human" if s in self.humans else ai_names[s]) for s in (0, 1)}  # type: ignore[attr-defined]
        self.note_strengths()

    # --- construction -------------------------------------------------------
    @classmethod
    def new(cls, scenario_ref: str, seed: int, mode: str, loader: ScenarioLoader = default_loader) -> Session:
        sc = loader(scenario_ref)
        return cls(Game(sc, seed), mode, loader, scenario_ref)

    @classmethod
    def load(cls, path: str | Path, loader: ScenarioLoader = default_loader, mode: str | None = None) -> Session:
        """Rebuild a saved game by replaying its orders; raises :class:`game.save.SaveError` on any problem."""
        from game.save import SaveError, read_save

        body = read_save(path)
        try:
            sc = loader(body["scenario"], body.get("overrides") or None)
        except Exception:
            try:
                sc = loader(body["scenario_id"], body.get("overrides") or None)
            except Exception as e:
                raise SaveError(f"{path}: cannot load its scenario '{body.get('scenario_id')}': {e}") from None
        extra = body.get("extra") or {}
        s = cls(Game(sc, body["seed"]), mode or extra.get("mode", "azerbaijan"), loader, body["scenario"])
        try:
            s.replay_history(body["orders"])
        except Exception as e:
            raise SaveError(f"{path}: replaying the saved orders failed: {e}") from None
        if s.game.state.digest() != body["digest"]:
            raise SaveError(f"{path}: replaying the saved orders did not reach the saved position")
        for side in (0, 1):
            for text in extra.get("pending", {}).get(SIDES[side], []):
                s.add(side, text)
        return s

    def replay_history(self, orders: list[dict[str, list[str]]]) -> None:
        """Replay recorded days; the computer players see each day's view again so that their own
        generators and memory end where they were (a save holds orders, not the players' state)."""
        g = self.game
        for day in orders:
            if g.is_over():
                break
            for side, agent in self.agents.items():
                agent.orders(g.view(side))
            g.resolve_turn(day.get("azerbaijan", []), day.get("armenia", []))
        self.note_strengths()

    def save(self, path: str | Path) -> None:
        from game.save import save_game

        extra = {"mode": self.mode, "pending": {SIDES[s]: [str(o) for o in self.pending[s]] for s in (0, 1)}}
        save_game(self.game, path, extra)

    # --- information ----------------------------------------------------------
    @property
    def humans(self) -> tuple[int, ...]:
        return humans_of(self.mode)

    def view(self, side: int) -> SideView:
        """The side's view, built once per position (views change only when a day is resolved)."""
        key = (id(self.game), len(self.game.history), self.game.turn, self.game.is_over())
        if self._views_key != key:
            self._views, self._views_key = {}, key
        v = self._views.get(side)
        if v is None:
            v = self._views[side] = self.game.view(side)
        return v

    def note_strengths(self) -> None:
        """Remember the largest strength seen of every own unit (both sides' views), for the strength bars."""
        for side in (0, 1):
            for u in self.view(side).units:
                if u.personnel > self.start_strength.get(u.id, 0):
                    self.start_strength[u.id] = u.personnel

    def positions(self) -> dict[str, tuple[int, int]]:
        """Unit id -> (side, hex) of every unit in the field, from the two sides' own views.

        The animation shows a viewer only its own units and the enemy units it can see.
        """
        return {u.id: (side, u.hex) for side in (0, 1) for u in self.view(side).units}

    def resolve(self, orders_az: list[Order | str], orders_am: list[Order | str]) -> TurnResult:
        g = self.game
        before = self.positions()
        control_before = self.view(0).control
        turn = g.turn
        events = g.resolve_turn(orders_az, orders_am)
        after = self.positions()
        self.note_strengths()
        return TurnResult(turn, list(events), before, after, control_before, self.view(0).control)

    def strength_tenths(self, uid: str, personnel: int) -> int:
        full = self.start_strength.get(uid) or personnel or 1
        return max(0, min(10, round(10 * personnel / full)))

    # --- orders -----------------------------------------------------------------
    def add(self, side: int, order: Order | str) -> str | None:
        """Add an order for ``side``; returns the reason if the engine would refuse it, else None.

        A new move, attack or fire order for a unit replaces that unit's earlier one;
        a new posture or radar order replaces the earlier one of the same kind.
        """
        from game.orders import parse_order

        try:
            o = parse_order(order) if isinstance(order, str) else order
        except ValueError as e:
            return str(e)
        kept = [p for p in self.pending[side] if not _same_slot(p, o)]
        seen = {p.unit for p in kept if p.kind in MOVE_KINDS and p.unit}
        try:
            self.game.check(side, o, set(seen))
        except IllegalOrderError as e:
            return e.reason
        except (ValueError, KeyError) as e:
            return str(e)
        if o.kind == "AIR":
            ok, refused = self.game.filter_orders(side, [*[p for p in kept if p.kind == "AIR"], o])
            if refused:
                return refused[-1][1]
        self.pending[side] = [*kept, o]
        return None

    def undo(self, side: int) -> Order | None:
        return self.pending[side].pop() if self.pending[side] else None

    def clear(self, side: int) -> None:
        self.pending[side] = []

    def order_for(self, side: int, uid: str) -> Order | None:
        return next((o for o in reversed(self.pending[side]) if o.unit == uid and o.kind in MOVE_KINDS), None)

    # --- resolution -------------------------------------------------------------
    def end_turn(self) -> TurnResult:
        """Collect the computer players' orders, resolve the day, and return what happened."""
        orders: list[list[Order | str]] = []
        for side in (0, 1):
            if side in self.agents:
                orders.append(list(self.agents[side].orders(self.game.view(side))))  # a fresh view of its own
            else:
                orders.append(list(self.pending[side]))
        result = self.resolve(orders[0], orders[1])
        self.pending = {0: [], 1: []}
        return result


def _same_slot(a: Order, b: Order) -> bool:
    if a.unit is None or a.unit != b.unit:
        return False
    if a.kind in MOVE_KINDS and b.kind in MOVE_KINDS:
        return True
    return a.kind == b.kind and a.kind in ("PO", "EM")


def visible_events(events: list[Event], view: SideView | None) -> list[Event]:
    """The events a side would know of: its own, public ones, and those on hexes it can see.

    ``view`` None (watching both sides) shows everything.
    """
    if view is None:
        return list(events)
    me = SIDES[view.side]
    own_ids = {u.id for u in view.units}
    seen_hexes = {u.hex for u in view.units} | {c.hex for c in view.contacts if c.current}
    public = {"weather", "proposal", "ceasefire", "ceasefire_refused", "ceasefire_broken", "violation", "capture",
              "battle", "game_over", "city_strike", "civilian_harm"}
    out = []
    for e in events:
        d = e.data or {}
        if e.side == me or e.kind in public or d.get("target") in own_ids or d.get("unit") in own_ids:
            out.append(e)
        elif e.kind != "order_refused" and e.hex is not None and e.hex in seen_hexes:
            out.append(e)
    return out


class ReplaySession(Session):
    """A recorded game: 'ending the turn' plays the recorded orders of the next day; stepping back rebuilds."""

    def __init__(self, record: dict[str, Any], loader: ScenarioLoader = default_loader) -> None:
        ref = record.get("scenario_path") or record["scenario"]
        sc = loader(ref, record.get("overrides") or None)
        self.record = record
        self.orders: list[dict[str, list[str]]] = list(record["orders"])
        super().__init__(Game(sc, record["seed"]), "watch", loader, ref)

    @property
    def turns(self) -> int:
        return len(self.orders)

    @property
    def played(self) -> int:
        return len(self.game.history)

    def at_end(self) -> bool:
        return self.game.is_over() or self.played >= self.turns

    def end_turn(self) -> TurnResult:
        o = self.orders[self.played]
        return self.resolve(list(o.get("azerbaijan", [])), list(o.get("armenia", [])))

    def back(self) -> None:
        """Rebuild the game up to the day before (the engine cannot undo, but it replays exactly)."""
        from game.save import replay_orders

        upto = max(0, self.played - 1)
        self.game = replay_orders(self.game.scenario, self.record["seed"], self.orders, upto=upto)
