"""The turn loop: both sides give orders, the engine resolves the day in ordered phases.

Turns are simultaneous ("we-go"): each side submits its orders for the day,
then :meth:`Game.resolve_turn` checks them, refuses the illegal ones with a
reason, and runs the phases in this order:

1. weather          4. air operations      7. ground combat   10. control
2. reinforcements   5. artillery, rockets  8. supply          11. reconnaissance
3. postures, radars 6. movement            9. morale          12. diplomacy and ceasefires

All chance comes from the state's one ``numpy.random.Generator``, drawn in a
fixed order, so the same scenario, seed and orders give the same game bit for
bit. Every turn's orders are kept in :attr:`Game.history`, which is enough to
replay a game exactly (saves and replays use it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from game.events import Event
from game.hexmap.hexgrid import Hex
from game.orders import IllegalOrderError, Order, parse_order
from game.rules import (
    air,
    artillery,
    ceasefire,
    combat,
    control,
    diplomacy,
    morale,
    movement,
    recon,
    supply,
    victory,
    weather,
)
from game.rules.reinforcements import resolve_reinforcements
from game.setup import new_state
from game.sides import SIDES, side_index
from game.state import GameState
from game.view import SideView, build_view

__all__ = ["Game", "IllegalOrderError"]

FIRE_ROLES = ("artillery", "mlrs", "missile")
ATTACK_ROLES = ("manoeuvre", "special_forces", "engineer", "reconnaissance")


class Game:
    """A game in progress: a scenario, a seed, and the state they lead to."""

    def __init__(self, scenario: Any, seed: int) -> None:
        self.scenario = scenario
        self.seed = int(seed)
        self.state: GameState = new_state(scenario, seed)
        self.history: list[dict[str, list[str]]] = []
        ceasefire.setup(self.state, scenario)
        recon.ground_reconnaissance(self.state)
        self.forces_start = self.force_summary()
        self.state.territory.append(self._territory())

    # --- information ----------------------------------------------------------
    @property
    def turn(self) -> int:
        return self.state.turn

    def view(self, side: int | str) -> SideView:
        return build_view(self.state, side_index(side) if isinstance(side, str) else side)

    def is_over(self) -> bool:
        return self.state.over

    def events_of_turn(self, turn: int) -> list[Event]:
        return [e for e in self.state.events if e.turn == turn]

    # --- orders ---------------------------------------------------------------
    def check(self, side: int, order: Order, seen: set[str] | None = None) -> None:
        """Raise :class:`IllegalOrderError` with a reason if ``side`` may not give ``order`` now."""
        st = self.state
        m = st.theatre
        if order.kind in ("MV", "AT", "FR", "PO", "EM"):
            u = st.units.get(order.unit or "")
            if u is None:
                raise IllegalOrderError(order, f"no unit '{order.unit}'")
            if u.side != side:
                raise IllegalOrderError(order, f"{u.name} is not yours")
            if not u.alive:
                raise IllegalOrderError(order, f"{u.name} is no longer in the fight ({u.status})")
            if seen is not None and order.kind in ("MV", "AT", "FR"):
                if u.id in seen:
                    raise IllegalOrderError(order, f"{u.name} already has an order to move, attack or fire this turn")
                seen.add(u.id)
        target = None
        if order.target is not None:
            try:
                target = m.index(order.target)
            except KeyError:
                raise IllegalOrderError(order, f"hex {order.target} is off the map") from None
        k = order.kind
        if k == "MV":
            h = m.index(order.target) if target is None else target  # type: ignore[arg-type]
            if not m.passable[h]:
                raise IllegalOrderError(order, f"hex {order.target} is impassable ({'water' if m.terrain[h] == 6 else 'neutral territory'})")
        elif k == "AT":
            u = st.units[order.unit]  # type: ignore[index]
            h = m.index(order.target) if target is None else target  # type: ignore[arg-type]
            if u.role not in ATTACK_ROLES:
                raise IllegalOrderError(order, f"{u.name} is not a manoeuvre unit and cannot attack (use FR for fire)")
            if h not in m.neighbour_lists[u.hex]:
                raise IllegalOrderError(order, f"hex {order.target} is not adjacent to {u.name} at {m.hex_at(u.hex)}")
            if not any(v.side != side for v in st.units_at(h)):
                if st.control[h] == side:
                    raise IllegalOrderError(order, f"no enemy in hex {order.target}")
        elif k == "FR":
            u = st.units[order.unit]  # type: ignore[index]
            if u.role not in FIRE_ROLES:
                raise IllegalOrderError(order, f"{u.name} has no artillery, rockets or missiles")
            if u.ammo <= 0.05:
                raise IllegalOrderError(order, f"{u.name} is out of ammunition")
            if order.city:
                cities = st.params["missiles"]["off_map_cities"]
                if order.city not in cities:
                    raise IllegalOrderError(order, f"unknown city '{order.city}'; known: {', '.join(sorted(cities))}")
                c = cities[order.city]
                if c["side"] == SIDES[side]:
                    raise IllegalOrderError(order, f"{c['name']} is on your own side")
                if not artillery._only_missiles(st, u):
                    raise IllegalOrderError(order, f"{u.name} has no ballistic missiles for a deep strike")
                lat, lon = m.lat[u.hex], m.lon[u.hex]
                dist = _km(lat, lon, c["lat"], c["lon"])
                rng_km = artillery.fire_range_km(st, u)
                if dist > rng_km:
                    raise IllegalOrderError(order, f"{c['name']} is {dist:.0f} km away, beyond the {rng_km:.0f} km range of {u.name}")
            else:
                h = m.index(order.target) if target is None else target  # type: ignore[arg-type]
                rng_km = artillery.fire_range_km(st, u)
                dist = artillery.distance_km(st, u.hex, h)
                if dist > rng_km:
                    raise IllegalOrderError(order, f"hex {order.target} is {dist:.1f} km away, beyond the {rng_km:.1f} km range of {u.name}")
        elif k == "AIR":
            s = st.sides[side]
            at = st.library.air_types.get(order.air_type)
            if at is None or order.air_type not in s.air_start:
                raise IllegalOrderError(order, f"your side has no '{order.air_type}' in its air pool")
            if s.air.get(order.air_type, 0) <= 0:
                raise IllegalOrderError(order, f"no {order.air_type} left")
            if order.mission == "SEAD" and not at.anti_radiation and at.strikes_per_sortie <= 0:
                raise IllegalOrderError(order, f"{at.name} cannot suppress air defence")
            if order.mission == "STRIKE" and at.strikes_per_sortie <= 0:
                raise IllegalOrderError(order, f"{at.name} carries no weapons")
        elif k == "PO":
            pass
        elif k == "EM":
            u = st.units[order.unit]  # type: ignore[index]
            if u.role != "air_defence":
                raise IllegalOrderError(order, f"{u.name} has no radar to switch")
        elif k == "CF":
            ceasefire.check_answer(st, side, order)
        # --- hook: the war-ending agreement (frozen lines, peacekeepers' zone) ---
        if k in ("MV", "AT", "FR", "AIR"):
            ceasefire.check_order(st, side, order)

    def sortie_limits(self, side: int) -> dict[str, int]:
        """Sorties each air type can fly today: airframes (or stock) and ground control stations."""
        from game.view import sortie_limits

        return sortie_limits(self.state, side)

    def filter_orders(self, side: int, orders: Iterable[Order | str]) -> tuple[list[Order], list[tuple[str, str]]]:
        """Split orders into the legal ones and the refused ones (with reasons)."""
        ok: list[Order] = []
        refused: list[tuple[str, str]] = []
        seen: set[str] = set()
        limits = self.sortie_limits(side)
        for raw in orders:
            try:
                o = parse_order(raw) if isinstance(raw, str) else raw
                self.check(side, o, seen)
                if o.kind == "AIR":
                    left = limits.get(o.air_type or "", 0)
                    if o.count > left:
                        if left <= 0:
                            raise IllegalOrderError(o, f"no {o.air_type} sorties left today")
                        o = Order.air(o.air_type or "", left, o.mission or "STRIKE", o.target or Hex(0, 0))
                    limits[o.air_type or ""] = left - o.count
                ok.append(o)
            except ValueError as e:
                refused.append((str(raw), getattr(e, "reason", str(e))))
        return ok, refused

    # --- resolution -------------------------------------------------------------
    def resolve_turn(self, orders_azerbaijan: Sequence[Order | str], orders_armenia: Sequence[Order | str]) -> list[Event]:
        """Resolve one day. Returns the events of the turn. Illegal orders are refused and logged."""
        st = self.state
        if st.over:
            raise RuntimeError("the game is over")
        first = len(st.events)
        weather.resolve_weather(st)
        resolve_reinforcements(st, self.scenario)
        ceasefire.begin_turn(st, self.scenario)
        legal: list[list[Order]] = []
        for side, raw in enumerate((orders_azerbaijan, orders_armenia)):
            ok, refused = self.filter_orders(side, raw)
            for text, reason in refused:
                st.log("orders", "order_refused", f"Order '{text}' refused: {reason}", side=side, order=text, reason=reason)
            legal.append(ok)
        self.history.append({SIDES[s]: [str(o) for o in legal[s]] for s in (0, 1)})
        ceasefire.apply_answers(st, legal)
        legal = ceasefire.screen_orders(st, legal)
        self._postures(legal)
        air.resolve_air(st, legal)
        artillery.resolve_fires(st, legal)
        self._movement(legal)
        combat.resolve_combat(st, legal)
        supply.resolve_supply(st)
        morale.resolve_morale(st)
        control.resolve_control(st)
        recon.ground_reconnaissance(st)
        diplomacy.resolve_pressure(st)
        ceasefire.end_turn(st, self.scenario)
        st.territory.append(self._territory())
        self._check_end()
        if not st.over:
            st.turn += 1
        return st.events[first:]

    def _postures(self, orders: list[list[Order]]) -> None:
        st = self.state
        for side in (0, 1):
            for o in orders[side]:
                if o.kind == "PO":
                    u = st.units[o.unit]  # type: ignore[index]
                    u.posture_order = o.mission
                    if o.mission == "MOBILE":
                        u.posture = "mobile"
                        u.dug_in_days = 0
                elif o.kind == "EM":
                    st.units[o.unit].emitting = o.mission == "ON"  # type: ignore[index]

    def _movement(self, orders: list[list[Order]]) -> None:
        st = self.state
        tables = st.flags["tables"]
        occ = st.occupancy()
        paths: dict[str, list[int]] = {}
        for side in (0, 1):
            moves = [(st.units[o.unit], st.theatre.index(o.target)) for o in orders[side] if o.kind == "MV" and st.units[o.unit].alive]  # type: ignore[index,arg-type]
            paths.update(movement.plan_moves(st, tables, side, moves, occ))
        # Interleave the two sides' moves in an order drawn from the game's generator.
        ids = sorted(paths)
        perm = st.rng.permutation(len(ids)) if ids else np.array([], dtype=np.int64)
        movement.execute_moves(st, paths, [ids[int(i)] for i in perm])

    def _territory(self) -> list[int]:
        c = self.state.control
        return [int(np.sum(c == 0)), int(np.sum(c == 1))]

    def _check_end(self) -> None:
        st = self.state
        reason = None
        if st.flags.get("war_over"):
            reason = st.flags["war_over"]
        elif not st.alive_units(0) or not st.alive_units(1):
            reason = "one side has no forces left"
        elif st.turn >= st.max_turns:
            reason = "scenario time limit"
        if reason:
            st.over = True
            st.end_reason = reason
            st.end_turn = st.turn
            winner, cls = victory.outcome(st)
            st.winner = winner
            st.flags["outcome_class"] = cls
            st.log("end", "game_over", f"The war ends on {st.date.isoformat()} ({reason}): "
                   + ("a draw" if winner == "draw" else f"{cls} victory for {winner.capitalize()}"), outcome=cls, winner=winner)

    # --- summaries --------------------------------------------------------------
    def force_summary(self) -> dict[str, dict[str, int]]:
        from game.state import CATEGORY_KEYS, EQUIPMENT_KEYS

        st = self.state
        lib = st.library.equipment
        out = {}
        for s, name in enumerate(SIDES):
            units = st.alive_units(s)
            d = {"units": len(units), "personnel": sum(u.personnel for u in units)}
            d.update({k: 0 for k in EQUIPMENT_KEYS})
            for u in units:
                for eid, n in u.equipment.items():
                    d[CATEGORY_KEYS[lib[eid].category]] += n
            d["air"] = sum(st.sides[s].air.values())
            out[name] = d
        return out

    def record(self) -> dict[str, Any]:
        from game.record import build_record

        return build_record(self)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), km."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# --- previews for players (use only what the side knows) -------------------------------------
def _known_occupancy(game: Game, side: int) -> np.ndarray:
    """Occupancy as ``side`` knows it: its own units and its current contacts."""
    st = game.state
    occ = np.full(st.theatre.n, -1, dtype=np.int8)
    for u in st.alive_units(side):
        occ[u.hex] = side
    for uid in st.sides[side].detected_now:
        e = st.units[uid]
        if e.alive:
            occ[e.hex] = 1 - side
    return occ


def preview_move(game: Game, side: int, unit_id: str, target: int) -> list[int]:
    """The path (hex indices, start first) the engine would take today, as far as the side can tell."""
    from game.rules import movement

    st = game.state
    u = st.units[unit_id]
    occ = _known_occupancy(game, side)
    paths = movement.plan_moves(st, st.flags["tables"], side, [(u, int(target))], occ)
    return paths.get(unit_id, [u.hex])


def reachable(game: Game, side: int, unit_id: str) -> dict[int, float]:
    """Hexes the unit can reach today with their movement-point cost, as far as the side can tell."""
    from game.rules import movement
    from game.rules.paths import reach

    st = game.state
    t = st.flags["tables"]
    u = st.units[unit_id]
    occ = _known_occupancy(game, side)
    mp = u.movement * movement._mp_factor(u)
    _, hexes, costs = reach(t.edge_indptr, t.edge_dst, movement.side_costs(st, t, side, occ), [u.hex], [mp + 1e-9])
    return dict(zip(hexes.tolist(), costs.tolist(), strict=True))


def preview_odds(game: Game, side: int, attacker_ids: list[str], target: int) -> float:
    """The attack ratio as the side can estimate it (the computer players use the same estimate)."""
    from game.ai.common import estimated_odds
    from game.run import briefing

    v = game.view(side)
    own = [u for u in v.units if u.id in set(attacker_ids)]
    defenders = [c for c in v.contacts if c.current and c.hex == int(target)]
    return estimated_odds(briefing(game, side), own, defenders, int(target))
