"""A simple greedy commander: attack where the odds are good, advance on the nearest objective, fire at what is seen.

It plans unit by unit with no coordination beyond shared targets; the
``operational`` player builds on it with sector planning. Its behaviour
follows the side's doctrine profile (``game/ai/doctrines.yaml``).
"""

from __future__ import annotations

import zlib

import numpy as np

from game.ai.base import Agent, Briefing
from game.ai.common import (
    ATTACK_ROLES,
    FIRE_ROLES,
    contact_value,
    distances,
    estimated_odds,
    fire_range_km,
    front_hexes,
)
from game.ai.doctrine import doctrine
from game.orders import Order
from game.view import Contact, OwnUnit, SideView


class GreedyAgent(Agent):
    name = "greedy"

    def __init__(self, briefing: Briefing, seed: int) -> None:
        super().__init__(briefing, seed)
        self.doc = doctrine(briefing.doctrine, dict(briefing.doctrine_overrides))

    # --- the turn ---------------------------------------------------------------
    def orders(self, view: SideView) -> list[Order]:
        out: list[Order] = []
        contacts = [c for c in view.contacts if c.current]
        by_hex: dict[int, list[Contact]] = {}
        for c in contacts:
            by_hex.setdefault(c.hex, []).append(c)
        out += self.ground_orders(view, by_hex)
        out += self.fire_orders(view, contacts, by_hex)
        out += self.air_orders(view, contacts)
        out += self.radar_orders(view, contacts)
        out = self.truce_discipline(view, out)
        out += self.ceasefire_answers(view)
        return out

    # --- ground -------------------------------------------------------------------
    def objectives(self, view: SideView) -> np.ndarray:
        b = self.briefing
        foe = 1 - self.side
        towns = np.array([h for h in b.key_towns if view.control[h] == foe], dtype=np.int64)
        if len(towns):
            return towns
        return np.nonzero((view.control == foe) & b.theatre.passable)[0]

    def ground_orders(self, view: SideView, by_hex: dict[int, list[Contact]]) -> list[Order]:
        b = self.briefing
        m = b.theatre
        doc = self.doc
        out: list[Order] = []
        front = front_hexes(view, m)
        objectives = self.objectives(view) if doc["offensive"] else np.array([], dtype=np.int64)
        contact_hexes = np.array(sorted(by_hex), dtype=np.int64)
        claimed: dict[int, list[OwnUnit]] = {}
        for u in view.units:
            if u.role not in ATTACK_ROLES:
                continue
            adj = [int(h) for h in m.neighbours[u.hex] if h >= 0 and int(h) in by_hex]
            if adj:
                best = min(adj, key=lambda h: (sum(c.personnel for c in by_hex[h]), h))
                claimed.setdefault(best, []).append(u)
                continue
            if u.cohesion < doc["rest_below_cohesion"]:
                out.append(Order.posture(u.id, "DEFEND"))
                continue
            if doc["offensive"] and len(objectives):
                d = distances(m, u.hex, objectives)
                target = int(objectives[int(np.argmin(d))])
                if len(contact_hexes):
                    dc = distances(m, u.hex, contact_hexes)
                    near = int(np.argmin(dc))
                    if dc[near] <= 4 and dc[near] < d.min():
                        target = int(contact_hexes[near])
                out.append(Order.move(u.id, m.hex_at(target)))
            elif not doc["offensive"] and len(front) and len(contact_hexes):
                dfront = distances(m, u.hex, front)
                if dfront.min() > doc["reserve_depth"]:
                    dc = distances(m, u.hex, contact_hexes)
                    out.append(Order.move(u.id, m.hex_at(int(contact_hexes[int(np.argmin(dc))]))))
                else:
                    out.append(Order.posture(u.id, "DEFEND"))
        # attacks: all units next to a contact hex join if the combined odds are good enough
        for h in sorted(claimed):
            group = claimed[h]
            odds = estimated_odds(b, group, by_hex[h], h)
            need = doc["attack_odds"] if doc["offensive"] else doc["counterattack_odds"]
            if odds >= need:
                out += [Order.attack(u.id, m.hex_at(h)) for u in group]
            else:
                out += [Order.posture(u.id, "DEFEND") for u in group]
        return out

    # --- fires ---------------------------------------------------------------------
    def fire_orders(self, view: SideView, contacts: list[Contact], by_hex: dict[int, list[Contact]]) -> list[Order]:
        b = self.briefing
        m = b.theatre
        out: list[Order] = []
        if not contacts:
            hexes = np.array([], dtype=np.int64)
        else:
            hexes = np.array(sorted(by_hex), dtype=np.int64)
            value = np.array([sum(contact_value(c) for c in by_hex[h]) for h in hexes])
        for u in view.units:
            if u.role not in FIRE_ROLES or u.ammo < 0.2:
                continue
            rng_km = fire_range_km(b.library, u.equipment)
            if len(hexes):
                d = distances(m, u.hex, hexes) * b.params["hex_km"]
                ok = np.nonzero(d <= rng_km)[0]
                if len(ok):
                    # most valuable first; spread fire by a small random tie-break
                    score = value[ok] + self.rng.random(len(ok)) * 0.5
                    out.append(Order.fire(u.id, m.hex_at(int(hexes[ok[int(np.argmax(score))]]))))
                    continue
            if u.role == "missile" and self.rng.random() < self.doc["deep_strike_chance"]:
                city = self._city_in_range(u, rng_km)
                if city:
                    out.append(Order.fire(u.id, city=city))
        return out

    def _city_in_range(self, u: OwnUnit, rng_km: float) -> str | None:
        from game.engine import _km
        from game.sides import SIDES

        b = self.briefing
        lat, lon = float(b.theatre.lat[u.hex]), float(b.theatre.lon[u.hex])
        for cid, c in sorted(b.params["missiles"]["off_map_cities"].items()):
            if c["side"] != SIDES[self.side] and _km(lat, lon, c["lat"], c["lon"]) <= rng_km:
                return str(cid)
        return None

    # --- air -----------------------------------------------------------------------
    def air_orders(self, view: SideView, contacts: list[Contact]) -> list[Order]:
        b = self.briefing
        m = b.theatre
        lib = b.library.air_types
        out: list[Order] = []
        ad = sorted((c for c in view.contacts if c.role == "air_defence"), key=lambda c: (-c.seen_turn, c.id))
        covered = self._ad_coverage(ad)
        targets = sorted(contacts, key=lambda c: (-contact_value(c), c.id))
        front = front_hexes(view, m)
        for tid in sorted(view.sorties):
            n = view.sorties[tid]
            if n <= 0:
                continue
            at = lib[tid]
            manned = at.kind in ("aircraft", "helicopter")
            if at.kind == "decoy":
                if ad and self.doc["decoys_first"]:
                    out.append(Order.air(tid, min(n, 2), "DECOY", m.hex_at(ad[0].hex)))
            elif at.anti_radiation:
                for c in ad[: min(n, 4)]:
                    out.append(Order.air(tid, 1, "SEAD", m.hex_at(c.hex)))
            elif at.kind == "uav_isr":
                if len(front):
                    picks = self.rng.choice(front, size=min(n, len(front), 6), replace=False)
                    out += [Order.air(tid, 1, "ISR", m.hex_at(int(h))) for h in sorted(picks)]
            elif at.strikes_per_sortie > 0:
                k = int(n * (self.doc["manned_air"] if manned else self.doc["strike_share"]))
                used: set[int] = set()
                for c in targets:
                    if k <= 0:
                        break
                    if c.hex in used or (manned and covered[c.hex]):
                        continue
                    used.add(c.hex)
                    out.append(Order.air(tid, 1, "STRIKE", m.hex_at(c.hex)))
                    k -= 1
                if k > 0 and not at.expendable and not manned and len(front):
                    # armed reconnaissance over the front
                    picks = self.rng.choice(front, size=min(k, len(front), 4), replace=False)
                    out += [Order.air(tid, 1, "STRIKE", m.hex_at(int(h))) for h in sorted(picks)]
        return out

    def _ad_coverage(self, ad: list[Contact]) -> np.ndarray:
        """Hexes inside the envelope of any known enemy air-defence unit (manned aircraft keep out)."""
        b = self.briefing
        m = b.theatre
        cover = np.zeros(m.n, dtype=bool)
        lib = b.library.equipment
        for c in ad:
            rng_km = max((lib[e].air_defence.range_km for e, n in c.equipment.items() if n > 0 and lib[e].air_defence), default=0.0)
            if rng_km > 0:
                cover |= distances(m, c.hex, np.arange(m.n)) * b.params["hex_km"] <= rng_km
        return cover

    def radar_orders(self, view: SideView, contacts: list[Contact]) -> list[Order]:
        out = []
        if self.doc["emission"] == "on":
            return [Order.emit(u.id, True) for u in view.units if u.role == "air_defence" and not u.emitting]
        point = float(self.doc["point_defence_detects_small"])
        for u in view.units:
            if u.role == "air_defence":
                on = (view.turn + zlib.crc32(u.id.encode())) % 2 == 0
                if point > 0 and self._point_defence(u, point):
                    on = True  # a drone hunter is no use silent: only the search radars keep the discipline
                if on != u.emitting:
                    out.append(Order.emit(u.id, on))
        return out

    def _point_defence(self, u: OwnUnit, threshold: float) -> bool:
        """Does the battery hold a system built to track small drones (``detects_small`` at least ``threshold``)?"""
        lib = self.briefing.library.equipment
        for e, n in u.equipment.items():
            spec = lib[e].air_defence if e in lib else None
            if n > 0 and spec is not None and float(spec.detects_small) >= threshold:
                return True
        return False

    # --- diplomacy -------------------------------------------------------------------
    def ceasefire_answers(self, view: SideView) -> list[Order]:
        """Answer every open proposal. Truces by pressure or by losing ground; the final agreement by
        collapse (accept), or, for the side that is not collapsing, by pressure or gains secured (doctrine data)."""
        out = []
        own_pressure = view.pressure[self.side]
        for p in view.proposals:
            if p.get("kind") == "final":
                accept = self._accept_agreement(view, p)
            else:
                accept = own_pressure >= self.doc["accept_ceasefire_pressure"]
                if self.doc["accept_when_losing"] and self._losing(view):
                    accept = True
            out.append(Order.ceasefire(p["id"], accept))
        return out

    def truce_discipline(self, view: SideView, orders: list[Order]) -> list[Order]:
        """Under an accepted ceasefire, hold fire if the doctrine says so; under the final agreement, always
        (the engine refuses hostile orders then anyway). Local violations still break out by chance."""
        cf = view.ceasefire
        if cf is None or (cf.get("kind") != "final" and not self.doc["hold_fire_under_truce"]):
            return orders
        m = self.briefing.theatre

        def advance(o: Order) -> bool:
            return o.kind == "MV" and o.target is not None and m.contains(o.target) and int(view.control[m.index(o.target)]) == 1 - self.side

        return [o for o in orders if not (o.kind in ("AT", "FR") or advance(o) or (o.kind == "AIR" and o.mission in ("STRIKE", "SEAD", "DECOY")))]

    def _accept_agreement(self, view: SideView, p: dict) -> bool:  # type: ignore[type-arg]
        from game.sides import SIDES

        collapse = p.get("collapse", {})
        mine, theirs = bool(collapse.get(SIDES[self.side])), bool(collapse.get(SIDES[1 - self.side]))
        if mine and self.doc["accept_agreement_when_collapsing"]:
            return True
        if view.pressure[self.side] >= self.doc["accept_agreement_pressure"]:
            return True
        if theirs and self.doc["accept_agreement_when_enemy_collapses"]:
            return True
        return self._gained_share(view) >= float(self.doc["accept_agreement_gains"])

    def _gained_share(self, view: SideView) -> float:
        """Share of the enemy's start territory this side now holds."""
        c0 = self.briefing.theatre.control0
        foe = 1 - self.side
        start = c0 == foe
        return float(np.sum(start & (view.control == self.side)) / max(1, int(np.sum(start))))

    def _losing(self, view: SideView) -> bool:
        b = self.briefing
        lost = sum(1 for h in b.key_towns if view.control[h] != self.side and b.theatre.control0[h] == self.side)
        return lost > 0
