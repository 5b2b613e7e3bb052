"""The operational commander: plans by sector and objective, then gives each battalion its part.

Each turn it reads its side's view and builds a few influence maps with numpy:
*threat* (detected enemy strength spread over the hexes around it), *own
presence*, and *objectives* (enemy-held key towns, or for a defender its own
threatened and lost towns). Units are then allocated:

* **Assaults** -- every known enemy hex next to our manoeuvre units is scored
  with the combat model's own estimate (:func:`~game.ai.common.estimated_odds`);
  the battalions around it attack together only if their combined odds reach
  the doctrine's threshold, the best odds first. Artillery and strike drones
  fire on the same hexes first (fires and air resolve before ground combat).
* **Sectors** -- an attacker splits its free battalions between objectives by
  road distance and load; each marches along its objective's cost field as far
  as it can get today, preferring hexes next to weakly held enemy hexes so that
  several battalions arrive together and assault the next day.
* **Defence** -- a defender holds its line in place (digging in) and keeps a
  share of its battalions back as reserves, committed to the sectors where the
  threat most exceeds what holds them, or to retake lost key towns.
* **Air** -- reconnaissance first, then suppression (decoys make radars fire
  and reveal themselves, anti-radiation munitions follow onto the same hexes),
  then strikes on the most valuable detected targets, keeping drones and
  aircraft out of the known envelopes of air defence that is not suppressed.
* **Ceasefires** -- truces answered from pressure, momentum (ground won or
  lost over the last days) and losses, the war-ending agreement by the shared
  rule of :class:`~game.ai.greedy.GreedyAgent`; thresholds are doctrine data.

All of it uses the view and the briefing only. The differences between the
two sides are data (``game/ai/doctrines.yaml``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from game.ai.base import Briefing
from game.ai.common import ATTACK_ROLES, FIRE_ROLES, contact_value, fire_range_km
from game.ai.greedy import GreedyAgent
from game.ai.influence import MapTables, ad_range_km
from game.orders import Order
from game.rules.strength import strength_of
from game.view import Contact, OwnUnit, SideView

_TABLES: dict[tuple[int, str, tuple[int, ...]], MapTables] = {}
STACK = 3
FRONT_TOWN = 4  # hexes (10 km): a key town this close to the enemy is on the front, threatened or not


def map_tables(b: Briefing) -> MapTables:
    """Per-map tables are shared by both players of a game and by later games on the same map and rules."""
    p = b.params
    rules = repr((p["hex_km"], p["movement"], p["combat"]["terrain_defence"], p["artillery"]["terrain_cover"], p["weather"]["highland_m"]))
    key = (id(b.theatre), rules, tuple(b.key_towns))
    t = _TABLES.get(key)
    if t is None or t.theatre is not b.theatre:
        if len(_TABLES) > 8:
            _TABLES.clear()
        t = _TABLES[key] = MapTables(b.theatre, b.params, b.key_towns)
    return t


class Pull:
    """A goal field ``base + weight x hex distance to centre``, evaluated only where a unit can reach
    (building it over the whole map for every battalion would cost more than the rest of the turn)."""

    __slots__ = ("mt", "base", "centre", "weight")

    def __init__(self, mt: MapTables, base: NDArray[np.float64] | None, centre: int, weight: float) -> None:
        self.mt, self.base, self.centre, self.weight = mt, base, centre, weight

    def at(self, idx: NDArray[np.integer]) -> NDArray[np.float64]:
        d = self.weight * self.mt.hex_dist(self.centre, np.asarray(idx)).astype(np.float64)
        return d if self.base is None else self.base[idx] + d


Goal = NDArray[np.float64] | Pull


class OperationalAgent(GreedyAgent):
    """Sector-level planning over influence maps; see the module docstring."""

    name = "operational"

    def __init__(self, briefing: Briefing, seed: int) -> None:
        super().__init__(briefing, seed)
        self.mt = map_tables(briefing)
        self.own_start = np.flatnonzero(self.mt.control0 == self.side)
        self.key_own0 = np.array([h for h in self.mt.key if self.mt.control0[h] == self.side], dtype=np.int64)
        sources = np.array(sorted(set(briefing.supply_sources)), dtype=np.int64)
        # hex steps to our own supply sources: where worn units fall back to
        self.home = (self.mt.dist_to_set(sources, 200).astype(np.float64) if len(sources) else np.zeros(self.mt.n))
        self.territory: list[int] = []
        self.start_personnel = 0
        self.line_hex: dict[str, int] = {}
        self._garrison: dict[str, int] = {}
        self._obj_cache: tuple[tuple[int, ...], NDArray[np.float64]] = ((-1,), np.zeros(0))
        self._gun_cache: dict[tuple[int, float], NDArray[np.float64]] = {}
        self._str_cache: dict[tuple[int, tuple[tuple[str, int], ...], bool], float] = {}
        # the last holdings and strength of each own unit and of each contact (by unit id), kept from day to day
        self._held: tuple[dict[str, tuple[int, dict[str, int], float]], dict[str, tuple[int, dict[str, int], float]]] = ({}, {})
        self._raw_cache: dict[tuple[int, tuple[tuple[str, int], ...], bool], float] = {}
        self._range_cache: dict[tuple[tuple[str, int], ...], float] = {}
        # per-turn memos (the view's objects do not change during a turn)
        self._pow: dict[str, float] = {}
        self._odds_att: dict[tuple[int, bool], float] = {}
        self._odds_def: dict[tuple[int, int], float] = {}
        self._gun_base: dict[tuple[float, int], NDArray[np.float64]] = {}
        self._cover_memo: dict[tuple[int, float], NDArray[np.bool_]] = {}
        self._mp_round: dict[float, float] = {}
        # manned aircraft: airframes of each type seen yesterday, and how boldly each type is still used
        self._air_seen: dict[str, int] = {}
        self._manned_caution: dict[str, float] = {}
        lib = briefing.library.equipment
        self._tank_ids = frozenset(e for e in lib if lib[e].category == "tank")
        self._tv_memo: dict[str, tuple[str, dict[str, int], float]] = {}
        self._ad_range: dict[tuple[tuple[str, int], ...], float] = {}
        self._base_doc: dict[str, Any] = self.doc
        self._attack_doc: dict[str, Any] | None = None

    # --- helpers ------------------------------------------------------------------
    def _strength(self, personnel: int, equipment: dict[str, int], mountainous: bool = False) -> float:
        key = (personnel, tuple(sorted(equipment.items())), mountainous)
        s = self._str_cache.get(key)
        if s is None:
            if len(self._str_cache) > 20000:
                self._str_cache.clear()
                self._pow.clear()
                self._held[0].clear()
                self._held[1].clear()
            s = self._str_cache[key] = strength_of(self.briefing.library, self.briefing.params, personnel, equipment, mountainous)
        return s

    def _unit_strength(self, enemy: bool, uid: str, personnel: int, equipment: dict[str, int]) -> float:
        """:meth:`_strength` of a unit (ours, or a contact if ``enemy``), remembered by unit id with the
        holdings it was worked out for: most units' holdings are the same as the day before, and comparing
        them costs less than building the cache key. Forgotten with the strength cache, so that the cache
        sees the same calls."""
        memo = self._held[enemy]
        got = memo.get(uid)
        if got is not None and got[0] == personnel and got[1] == equipment:
            return got[2]
        s = self._strength(personnel, equipment)
        memo[uid] = (personnel, equipment, s)
        return s

    def _raw_strength(self, personnel: int, equipment: dict[str, int], mountainous: bool) -> float:
        """``strength_of`` remembered by the holdings in their own order (the sum runs in that order)."""
        key = (personnel, tuple(equipment.items()), mountainous)
        s = self._raw_cache.get(key)
        if s is None:
            if len(self._raw_cache) > 20000:
                self._raw_cache.clear()
            s = self._raw_cache[key] = strength_of(self.briefing.library, self.briefing.params, personnel, equipment, mountainous)
        return s

    def _range_km(self, u: OwnUnit) -> float:
        """``fire_range_km`` remembered by holdings (the longest range of the guns a unit holds)."""
        key = tuple(u.equipment.items())
        r = self._range_cache.get(key)
        if r is None:
            if len(self._range_cache) > 4096:
                self._range_cache.clear()
            r = self._range_cache[key] = fire_range_km(self.briefing.library, u.equipment)
        return r

    def _power(self, u: OwnUnit) -> float:
        p = self._pow.get(u.id)
        if p is None:
            floor = float(self.briefing.params["combat"]["morale_floor"])
            p = self._pow[u.id] = self._unit_strength(False, u.id, u.personnel, u.equipment) * u.training * (floor + (1 - floor) * u.cohesion)
        return p

    def _local_reserves(self, h: int, defenders: list[Contact], by_hex: dict[int, list[Contact]]) -> list[Contact]:
        """Enemy battalions seen next to hex ``h`` that could move into it before the assault (a we-go day),
        strongest first, as many as the stacking limit leaves room for."""
        room = int(self.briefing.params["movement"]["stack_limit"]) - len(defenders)
        if room <= 0:
            return []
        near = [c for n in self.mt.nb_list[h] for c in by_hex.get(n, ()) if c.role in ATTACK_ROLES]
        near.sort(key=lambda c: (-self._unit_strength(True, c.id, c.personnel, c.equipment), c.id))
        return near[:room]

    def _odds(self, attackers: list[OwnUnit], defenders: list[Contact], h: int, reserves: list[Contact] | None = None) -> float:
        """:func:`~game.ai.common.estimated_odds`, the same sums in the same order, each unit's and
        contact's term computed once a turn."""
        b = self.briefing
        p = b.params["combat"]
        theatre = b.theatre
        terr = int(theatre.terrain[h])
        tkey = ("plain", "hills", "mountains", "high_mountains", "urban", "forest", "water")[terr]
        mountainous = terr in (2, 3, 5)
        ap = sum([self._ground_power(u, mountainous) for u in attackers])
        dp = 0.0
        dfn = self._odds_def
        for d in defenders:
            kd = (id(d), h)
            v = dfn.get(kd)
            if v is None:
                f = p["terrain_defence"][tkey] * p["posture_defence"][d.posture]
                if d.posture in ("prepared", "fortified"):
                    f *= p["fort_bonus"][int(theatre.fort[h])]
                v = dfn[kd] = self._raw_strength(d.personnel, d.equipment, mountainous) * f
            dp += v
        if reserves:
            # a battalion that moves in fights in hasty defence; each counts at the doctrine's weight
            f = p["terrain_defence"][tkey] * p["posture_defence"]["hasty"] * float(self.doc["reserve_weight"])
            dp += sum(self._raw_strength(c.personnel, c.equipment, mountainous) for c in reserves) * f
        return ap / dp if dp > 0 else math.inf

    def _ground_power(self, u: OwnUnit, mountainous: bool) -> float:
        """A unit's attack power on open or on mountainous ground, as :meth:`_odds` counts it (remembered a turn)."""
        k = (id(u), mountainous)
        a = self._odds_att.get(k)
        if a is None:
            p = self.briefing.params["combat"]
            a = self._odds_att[k] = (self._raw_strength(u.personnel, u.equipment, mountainous) * u.training
                                     * (p["morale_floor"] + (1 - p["morale_floor"]) * u.cohesion))
        return a

    def _allowances(self, units: list[OwnUnit]) -> list[float]:
        """Each unit's movement allowance today, ``movement x (0.5 + 0.5 min(1, (cohesion + supply) / 2))``
        to six decimals (remembered: many units march at the same rate day after day)."""
        memo = self._mp_round
        out = []
        for u in units:
            mp = u.movement * (0.5 + 0.5 * min(1.0, 0.5 * u.cohesion + 0.5 * u.supply))
            r = memo.get(mp)
            if r is None:
                if len(memo) > 4096:
                    memo.clear()
                r = memo[mp] = round(mp, 6)
            out.append(r)
        return out

    # --- the turn -------------------------------------------------------------------
    def orders(self, view: SideView) -> list[Order]:
        mt = self.mt
        self._pow.clear()
        self._odds_att.clear()
        self._odds_def.clear()
        if not self.territory:
            self.start_personnel = sum(u.personnel for u in view.units) or 1
        self.territory.append(int(np.count_nonzero(view.control == self.side)))
        current = [c for c in view.contacts if c.current]
        by_hex: dict[int, list[Contact]] = {}
        for c in current:
            by_hex.setdefault(c.hex, []).append(c)
        enemy = np.zeros(mt.n, dtype=bool)
        threat = np.zeros(mt.n)
        for h in sorted(by_hex):
            enemy[h] = True
            threat[h] = sum(self._unit_strength(True, c.id, c.personnel, c.equipment) for c in by_hex[h] if c.role in ATTACK_ROLES) + 1.0
        self.threat = mt.spread(threat, 3, 0.5)
        self.doc = self._posture_doctrine(view, by_hex)
        self.enemy = enemy
        self.near_enemy = mt.dilate(enemy, 1)
        own = np.zeros(mt.n)
        fighting = [u for u in view.units if u.role in ATTACK_ROLES]
        # added unit by unit in the order of the view (ufunc.at is unbuffered and in order)
        np.add.at(own, np.array([u.hex for u in fighting], dtype=np.int64), np.array([self._power(u) for u in fighting], dtype=np.float64))
        self.own = mt.spread(own, 2, 0.5)
        self.count = np.bincount(np.array([u.hex for u in view.units], dtype=np.int64), minlength=mt.n).astype(np.int16)
        if view.ceasefire is not None and view.ceasefire.get("kind") == "final":
            return self._under_agreement(view, by_hex)
        out: list[Order] = []
        attacks = self.assaults(view, by_hex)
        out += [Order.attack(uid, mt.hexes[h]) for uid, h in sorted(attacks.items())]
        busy = set(attacks)
        fired = self.fires(view, by_hex, set(attacks.values()), busy)
        out += fired
        out += self.manoeuvre(view, by_hex, busy)
        out += self.air(view, by_hex, set(attacks.values()))
        out += self.radar_orders(view, current)
        out = self.truce_discipline(view, out)
        out += self.ceasefire_answers(view)
        return out

    def _under_agreement(self, view: SideView, by_hex: dict[int, list[Contact]]) -> list[Order]:
        """Under the war-ending agreement there is nothing to attack or defend: battalions cut off make for
        home over ground we hold (the agreement freezes the lines), the rest stay where they are."""
        cut = float(self.doc["cut_off_supply"])
        stranded = {u.id for u in view.units if u.role in ATTACK_ROLES and u.supply <= cut}
        out = self.manoeuvre(view, by_hex, {u.id for u in view.units if u.id not in stranded}) if stranded else []
        m = self.mt.theatre
        out = [o for o in out if o.kind != "MV" or view.control[m.index(o.target)] == self.side]  # type: ignore[arg-type,unused-ignore]
        return out + self.ceasefire_answers(view)

    def _posture_doctrine(self, view: SideView, by_hex: dict[int, list[Contact]]) -> dict[str, Any]:
        """The doctrine for today: a defensive doctrine goes over to the offensive once our fighting
        strength exceeds everything we know of the enemy's by ``counteroffensive_ratio`` (0: never)."""
        base = self._base_doc
        ratio = float(base["counteroffensive_ratio"])
        if base["offensive"] or ratio <= 0 or view.turn < int(base["counteroffensive_after"]):
            return base
        known: dict[str, Contact] = {}
        for c in view.contacts:
            if c.role in ATTACK_ROLES:
                known[c.id] = c
        theirs = sum(self._unit_strength(True, c.id, c.personnel, c.equipment) for c in known.values())
        ours = sum(self._power(u) for u in view.units if u.role in ATTACK_ROLES)
        if ours >= ratio * max(theirs, 1.0):
            if self._attack_doc is None:
                self._attack_doc = {**base, "offensive": True}
            return self._attack_doc
        return base

    # --- assaults -------------------------------------------------------------------
    def assaults(self, view: SideView, by_hex: dict[int, list[Contact]]) -> dict[str, int]:
        """Unit id -> hex it attacks; groups form around each enemy hex, best odds first."""
        mt = self.mt
        doc = self.doc
        offensive = bool(doc["offensive"])
        rest = float(doc["op_rest_below_cohesion"])
        able = [u for u in view.units if u.role in ATTACK_ROLES and u.cohesion >= rest and u.personnel > 0]
        lost_keys = set(int(h) for h in self.key_own0 if view.control[h] != self.side)
        enemy_keys = set(int(h) for h in mt.key if view.control[h] == 1 - self.side)
        retake = bool(doc["retake_ground"]) and not offensive
        around: dict[int, list[OwnUnit]] = {}
        if able:
            # an empty enemy hex is stepped into by assault only if it is a key town (or ground a defender retakes)
            # and not under strong enemy threat
            empty_ok = (view.control == 1 - self.side) & mt.passable & (self.threat < 2.0 * np.maximum(self.own, 1.0))
            if not retake:
                town = np.zeros(mt.n, dtype=bool)
                town[list(enemy_keys)] = True
                empty_ok &= town
            nbs = mt.nb[[u.hex for u in able]]
            ok = mt.valid[[u.hex for u in able]] & (self.enemy[nbs] | empty_ok[nbs])
            for i, j in zip(*np.nonzero(ok), strict=True):
                h = int(nbs[i, j])
                around.setdefault(h, []).append(able[i])
        keys = np.array(sorted(enemy_keys), dtype=np.int64)
        progress = self._objective_field(keys) if offensive and len(keys) else None
        scored: list[tuple[float, int, float, list[Contact]]] = []
        cut = float(doc["cut_off_supply"])
        crush_odds = float(doc["crush_odds"])
        base_need = float(doc["op_attack_odds"] if offensive else doc["op_counterattack_odds"])
        key_factor = float(doc["key_town_odds_factor"])
        retake_odds = float(doc["retake_odds"])
        breakout_odds = float(doc["breakout_odds"])
        control = view.control
        for h in sorted(around):
            defenders = by_hex.get(h, [])
            units = around[h]
            reserves = self._local_reserves(h, defenders, by_hex) if defenders and doc["reserve_weight"] > 0 else []
            odds = self._odds(units, defenders, h, reserves) if defenders else math.inf
            # an enemy hex next to one of our cut-off units stands across its supply line: break out
            breakout = any(u.supply <= cut for u in units)
            if progress is not None and h not in enemy_keys and defenders and control[h] != self.side:
                # an attacker assaults what stands in its way, what is worth a detour (guns, radars),
                # or what it can overwhelm
                ahead = any(progress[h] < progress[u.hex] for u in units)
                prize = any(c.role in FIRE_ROLES or c.role == "air_defence" for c in defenders)
                crush = odds >= crush_odds
                if not (ahead or prize or breakout or crush):
                    continue
            need = base_need
            if h in enemy_keys:
                need *= key_factor
            if h in lost_keys:
                need = min(need, retake_odds)
            if breakout:
                need = min(need, breakout_odds)
            if odds >= need:
                value = (10.0 if h in enemy_keys or h in lost_keys or control[h] == self.side else 1.0) * min(odds, 6.0)
                scored.append((-value, h, need, reserves))
        scored.sort()
        out: dict[str, int] = {}
        for _, h, need, reserves in scored:
            group = [u for u in around[h] if u.id not in out]
            if not group:
                continue
            defenders = by_hex.get(h, [])
            if defenders:
                if self._odds(group, defenders, h, reserves) < need:
                    continue
                # the strongest few on that ground reach the odds (in mountains and forest the infantry
                # before the tanks, as the engine's frontage picks them); others stay for other hexes
                rough = bool(mt.tables.mountainous[h])
                group.sort(key=lambda u: (-self._ground_power(u, rough), u.id))
                chosen: list[OwnUnit] = []
                for u in group:
                    chosen.append(u)
                    if self._odds(chosen, defenders, h, reserves) >= need * float(doc["odds_margin"]):
                        break
                group = chosen
            else:
                group = sorted(group, key=lambda u: (-self._power(u), u.id))[:1]
            for u in group:
                out[u.id] = h
        return out

    def _objective_field(self, keys: NDArray[np.int64]) -> NDArray[np.float64]:
        """March cost to the nearest of these key towns (cached while the set of towns is the same)."""
        mt = self.mt
        tag = tuple(int(k) for k in keys)
        if self._obj_cache[0] != tag:
            idx = np.searchsorted(mt.key, keys)
            self._obj_cache = (tag, mt.town_cost[idx].min(axis=0))
        return self._obj_cache[1]

    def _worth_taking(self, view: SideView, h: int) -> bool:
        """An empty enemy-held hex is worth a step if it is not under strong enemy threat."""
        return bool(self.threat[h] < 2.0 * max(self.own[h], 1.0))

    # --- manoeuvre ------------------------------------------------------------------
    def manoeuvre(self, view: SideView, by_hex: dict[int, list[Contact]], busy: set[str]) -> list[Order]:
        mt = self.mt
        doc = self.doc
        movers = [u for u in view.units if u.id not in busy]
        if not movers:
            return []
        targets = self.goals(view, movers)
        out: list[Order] = []
        moving = [(u, g) for u, g in targets if g is not None]
        for u, g in targets:
            if g is None and u.role in ATTACK_ROLES and u.posture == "mobile":
                out.append(Order.posture(u.id, "DEFEND"))
        if not moving:
            return out
        kind = [0 if u.role not in ATTACK_ROLES else 1 if u.id in self._garrison else 2 for u, _ in moving]
        # a garrison scores its hexes by its town's field alone: one standing on the field's lowest hex (the
        # first of equals) stays there whatever it can reach, and needs no search
        lowest: dict[int, int] = {}
        settled = set()
        for k, (u, goal) in enumerate(moving):
            if kind[k] == 1 and not isinstance(goal, Pull):
                at_min = lowest.get(id(goal))
                if at_min is None:
                    at_min = lowest[id(goal)] = int(np.argmin(goal))
                if at_min == u.hex and goal[at_min] == goal[at_min]:
                    settled.add(k)
        searched = [k for k in range(len(moving)) if k not in settled]
        if not searched:
            out += [Order.posture(u.id, "DEFEND") for u, _ in moving if u.role in ATTACK_ROLES and u.posture == "mobile"]
            return out
        # one search per start hex and movement allowance (battalions stack three to a hex)
        mps = self._allowances([moving[k][0] for k in searched])
        mp_of = dict(zip(searched, mps, strict=True))
        keys = sorted({(moving[k][0].hex, mp) for k, mp in mp_of.items()})
        row_of = {key: i for i, key in enumerate(keys)}
        cost = mt.side_costs(self.side, view.control, self.enemy, view.mines, zoc=self.near_enemy)
        reach, reach_first, reach_size = mt.reachable(cost, keys)
        # every unit's reachable hexes, laid out in blocks of units that share a goal and a kind of scoring
        near_enemy = self.near_enemy
        strong = self.threat > 0.2 * self.threat.max(initial=1.0)
        pull = float(doc["assault_pull"])
        adjust: list[NDArray[np.float64] | None] = [
            50.0 * near_enemy + 5.0 * strong,  # guns, radars and headquarters keep out of direct contact
            None,  # garrisons
            pull * self._assault_bonus,
        ]
        danger = None if doc["offensive"] else 0.5 * (self.threat > 0)
        group: dict[tuple[int, bool, int], list[int]] = {}
        for k in searched:
            goal = moving[k][1]
            is_pull = isinstance(goal, Pull)
            base = goal.base if isinstance(goal, Pull) else goal
            group.setdefault((kind[k], is_pull, id(base)), []).append(k)
        # blocks by kind of scoring, goals that pull towards a hex first within each: every kind's hexes, and
        # the pulled ones within it, lie together and are scored with one array step each
        blocks = sorted(group.items(), key=lambda kv: (kv[0][0], not kv[0][1]))
        order = [k for _, ks in blocks for k in ks]
        r_of = np.array([row_of[(moving[k][0].hex, mp_of[k])] for k in order], dtype=np.int64)
        lo, length = reach_first[r_of], reach_size[r_of]
        first = np.zeros(len(order) + 1, dtype=np.int64)
        np.cumsum(length, out=first[1:])
        hexes = reach[np.repeat(lo - first[:-1], length) + np.arange(int(first[-1]))]
        score = np.empty(len(hexes))
        bounds = first.tolist()
        # the goal's field (zero for a pull without one), then the pull (weight x hex distance to its centre)
        span: dict[int, list[int]] = {}  # kind -> [first unit, first unit not pulled, end] in ``order``
        i = 0
        for (c, is_pull, _), ks in blocks:
            a, b = bounds[i], bounds[i + len(ks)]
            goal = moving[ks[0]][1]
            base = goal.base if isinstance(goal, Pull) else goal
            if base is None:
                score[a:b] = 0.0
            else:
                score[a:b] = base[hexes[a:b]]
            sp = span.setdefault(c, [i, i, i])
            if is_pull:
                sp[1] = i + len(ks)
            i += len(ks)
            sp[2] = i
        for c, (u0, u1, u2) in span.items():
            if u1 > u0:
                pulls = [moving[k][1] for k in order[u0:u1]]
                n = length[u0:u1]
                a, b = bounds[u0], bounds[u1]
                w = np.repeat(np.array([g.weight for g in pulls]), n)  # type: ignore[union-attr]
                c0 = np.repeat(np.array([g.centre for g in pulls], dtype=np.int64), n)  # type: ignore[union-attr]
                h = hexes[a:b]
                dq = mt.q[h] - mt.q[c0]
                dr = mt.r[h] - mt.r[c0]
                score[a:b] += w * ((np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2).astype(np.float64)
            adj = adjust[c]
            if adj is not None:
                a, b = bounds[u0], bounds[u2]
                h = hexes[a:b]
                if c == 0:
                    score[a:b] += adj[h]
                else:
                    score[a:b] -= adj[h]
                    if danger is not None:
                        score[a:b] += danger[h]
        # each unit's best hex (lowest score, then lowest index) if stacking allows it, else the best that does
        starts_of = first[:-1]
        low = np.minimum.reduceat(score, starts_of)
        tie = np.where(score == np.repeat(low, length), hexes, mt.n)
        best_of = np.minimum.reduceat(tie, starts_of).tolist()
        sizes = length.tolist()
        best_at = {k: best_of[i] if sizes[i] else mt.n for i, k in enumerate(order)}
        for k in settled:
            best_at[k] = moving[k][0].hex
        at = {k: i for i, k in enumerate(order)}
        count = self.count.copy()
        for k, (u, _goal) in enumerate(moving):
            best = best_at[k]
            if best >= mt.n or not (count[best] < STACK or best == u.hex):
                a, b = bounds[at[k]], bounds[at[k] + 1]
                cand, sc = hexes[a:b], score[a:b]
                ok = (count[cand] < STACK) | (cand == u.hex)
                cand, sc = cand[ok], sc[ok]
                if len(cand) == 0:
                    continue
                # the lowest score, then the lowest hex: a unit's hexes are in ascending order, so the first
                # lowest score is the one (unless a score is NaN, which argmin would pick)
                i = int(np.argmin(sc))
                if sc[i] != sc[i]:
                    i = int(np.lexsort((cand, sc))[0])
                best = int(cand[i])
            if best == u.hex:
                if u.role in ATTACK_ROLES and u.posture == "mobile":
                    out.append(Order.posture(u.id, "DEFEND"))
                continue
            count[u.hex] -= 1
            count[best] += 1
            out.append(Order.move(u.id, mt.hexes[best]))
        return out

    def goals(self, view: SideView, movers: list[OwnUnit]) -> list[tuple[OwnUnit, Goal | None]]:
        """Each unit's cost field to descend today, or None to stay where it is."""
        mt = self.mt
        doc = self.doc
        foe = 1 - self.side
        self._gun_base.clear()  # keyed by the objective fields of this turn
        self._assault_bonus = self._assault_field(view)
        enemy_keys = np.array([h for h in mt.key if view.control[h] == foe], dtype=np.int64)
        key_idx = mt.key_row
        lost = np.array([h for h in self.key_own0 if view.control[h] == foe], dtype=np.int64)
        out: list[tuple[OwnUnit, Goal | None]] = []
        rest = float(doc["op_rest_below_cohesion"])
        # worn battalions in a key town hold it (a town left empty is walked into); others step back
        tired = [u for u in movers if u.role in ATTACK_ROLES and u.cohesion < rest and u.hex not in key_idx]
        cut = float(doc["cut_off_supply"])
        tired_ids = {u.id for u in tired}
        stranded = [u for u in movers if u.supply <= cut and u.role in ATTACK_ROLES and u.id not in tired_ids]
        if stranded:
            # cut off: make for home through the gap the breakout assaults open
            out += [(u, Pull(mt, self.home, u.hex, 0.0)) for u in stranded]
            gone = {u.id for u in stranded}
            movers = [u for u in movers if u.id not in gone]
        if tired:
            # worn battalions step back out of contact to recover (rest needs a day without enemies next door)
            back = 10.0 * np.maximum(0.0, 3.0 - self._dist_enemy(view)) + 20.0 * self.near_enemy
            back = back + 0.3 * self.home
            out += [(u, Pull(mt, back, u.hex, 0.3)) for u in tired]
            gone = {u.id for u in tired}
            movers = [u for u in movers if u.id not in gone]
        hunters = self._rear_security(view, movers)
        for u in movers:
            if u.id in hunters:
                out.append((u, Pull(mt, None, hunters[u.id], 1.0)))
        movers = [u for u in movers if u.id not in hunters]
        garrison = self._garrisons(view, movers)
        self._garrison = garrison
        for u in movers:
            if u.id in garrison:
                out.append((u, mt.town_rows[key_idx[garrison[u.id]]]))
        movers = [u for u in movers if u.id not in garrison]
        if doc["offensive"]:
            objectives = enemy_keys
            fields = [mt.town_rows[key_idx[int(h)]] for h in objectives]
            if not fields:
                fields = [self._enemy_field(view)]
                objectives = np.array([-1])
            load = np.zeros(len(fields))
            cap = max(2.0, float(doc["sector_share"]) * len(movers))
            here = np.array([u.hex for u in movers], dtype=np.int64)
            cost = np.stack([f[here] for f in fields], axis=1) if len(fields) else np.zeros((len(movers), 0))
            order = np.lexsort((np.arange(len(movers)), cost.min(axis=1))).tolist()
            rows = cost.tolist()
            loads = load.tolist()
            factor = [1.0 + n / cap for n in loads]  # each objective's cost factor for its load so far
            pause = float(doc["pause_below_supply"])
            for i in order:
                u = movers[i]
                if u.role in ("air_defence", "hq", "electronic_warfare") and not doc["guns_follow"]:
                    out.append((u, None))
                    continue
                if u.role in ATTACK_ROLES and u.supply < pause:
                    # an operational pause: a battalion at the end of its supply line waits for it to catch up
                    out.append((u, None))
                    continue
                row = rows[i]
                c = [x * f for x, f in zip(row, factor, strict=True)]
                j = c.index(min(c))  # the first of the cheapest
                loads[j] += 1
                factor[j] = 1.0 + loads[j] / cap
                field = fields[j]
                if u.role in FIRE_ROLES:
                    out.append((u, self._gun_field(u, field, view)))
                    continue
                out.append((u, field))
            return out
        # defence: line holds, reserves go where the threat is worst, or to retake lost towns
        front = np.flatnonzero((view.control == self.side) & (self._dist_enemy(view) == 1) & mt.passable)
        dfront = mt.dist_to_set(front, int(doc["reserve_depth"]) + 1) if len(front) else np.full(mt.n, 99, dtype=np.int32)
        threatened = self._threatened_points(view, front)
        reserve_ids = self._reserves(view, movers, dfront)
        for u in movers:
            if u.role not in ATTACK_ROLES or u.id not in reserve_ids:
                if u.role in FIRE_ROLES and len(front):
                    out.append((u, self._gun_field(u, None, view)))
                else:
                    out.append((u, None))
                continue
            goal_hexes = [int(h) for h in lost] + [int(h) for h in threatened]
            if not goal_hexes:
                out.append((u, None))
                continue
            d = mt.hex_dist(u.hex, np.array(goal_hexes)) - 3.0 * (np.arange(len(goal_hexes)) < len(lost))
            h = goal_hexes[int(np.argmin(d))]
            if h in key_idx:
                out.append((u, mt.town_rows[key_idx[h]]))
            else:
                out.append((u, Pull(mt, None, h, 1.5)))
        return out

    def _rear_security(self, view: SideView, movers: list[OwnUnit]) -> dict[str, int]:
        """Enemy units loose in our rear cut supply lines: the nearest free battalion goes after each."""
        mt = self.mt
        home = mt.control0 == self.side
        their_home = (mt.control0 == 1 - self.side) & (view.control == 1 - self.side)
        raiders = np.flatnonzero(self.enemy & home & ~mt.dilate(their_home, 1)).tolist()
        # a battalion in one of our key towns is its garrison and does not leave it to hunt
        keys = {int(h) for h in mt.key if view.control[h] == self.side}
        free = [u for u in movers if u.role in ATTACK_ROLES and u.cohesion >= float(self.doc["op_rest_below_cohesion"]) and u.hex not in keys]
        out: dict[str, int] = {}
        if not raiders or not free:
            return out
        here = np.array([u.hex for u in free], dtype=np.int64)
        raiders.sort()
        dist = self._dist_rows(raiders, here)
        reach = 2 * int(self.doc["garrison_reach"])
        for h, row in zip(raiders, dist, strict=True):
            # the nearest free battalion, the first of equals (a battalion taken is at infinity for the rest)
            i = int(np.argmin(row))
            if row[i] <= reach:
                dist[:, i] = math.inf
                out[free[i].id] = h
        return out

    def _dist_rows(self, hexes: list[int], here: NDArray[np.int64], extra: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Hex distances from each of ``hexes`` (rows) to each of ``here`` (plus ``extra``), as floats."""
        mt = self.mt
        h = np.asarray(hexes, dtype=np.int64)
        dq = mt.q[here][None, :] - mt.q[h][:, None]
        dr = mt.r[here][None, :] - mt.r[h][:, None]
        d: NDArray[np.float64] = ((np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2).astype(np.float64)
        if extra is not None:
            d = d + extra[None, :]
        return d

    def _garrisons(self, view: SideView, movers: list[OwnUnit]) -> dict[str, int]:
        """Our empty key towns near the enemy each get the nearest battalion not already in contact."""
        mt = self.mt
        radius = int(self.doc["garrison_radius"])
        if radius <= 0 or not len(mt.key):
            return {}
        d_enemy = self._dist_enemy(view)
        mine = [int(h) for h in mt.key if view.control[h] == self.side and d_enemy[h] <= radius]
        out: dict[str, int] = {}
        # battalions already in a threatened key town stay there; the town gets as many as its threat asks for
        towns: list[int] = []
        at: dict[int, list[OwnUnit]] = {}
        if mine:
            towns_here = set(mine)
            for u in movers:
                if u.hex in towns_here and u.role in ATTACK_ROLES:
                    at.setdefault(u.hex, []).append(u)
        for h in mine:
            there = sorted(at.get(h, []), key=lambda u: (-self._power(u), u.id))
            if self.threat[h] <= 0:
                want = 1 if self.doc["garrison_unthreatened"] else 0
            else:
                held = sum(self._power(u) for u in there)
                want = 3 if self.threat[h] > float(self.doc["garrison_threat"]) * held else 2
            for u in there[:want]:
                out[u.id] = h
            towns += [h] * max(0, min(STACK - int(self.count[h]), want - len(there)))
        near = self.near_enemy
        free = [u for u in movers if u.role in ATTACK_ROLES and not near[u.hex] and u.id not in out] if towns else []
        if not free:
            return out
        here = np.array([u.hex for u in free], dtype=np.int64)
        dug = np.array([u.posture == "fortified" for u in free])
        reach = int(self.doc["garrison_reach"])
        towns.sort(key=lambda h: (d_enemy[h], h))
        dist = self._dist_rows(towns, here, 2.0 * dug)
        for h, row in zip(towns, dist, strict=True):
            # the nearest free battalion, the first of equals (a battalion taken is at infinity for the rest)
            i = int(np.argmin(row))
            # a quiet town in depth is garrisoned from close by; one that is threatened, or close to the
            # enemy, draws battalions from further off
            if row[i] <= (reach if self.threat[h] > 0 or d_enemy[h] <= FRONT_TOWN else min(reach, 3)):
                dist[:, i] = math.inf
                out[free[i].id] = h
        return out

    def _reserves(self, view: SideView, movers: list[OwnUnit], dfront: NDArray[np.int32]) -> set[str]:
        """Battalions held back: those already in depth, plus a share of the line if the doctrine keeps one."""
        doc = self.doc
        man = [u for u in movers if u.role in ATTACK_ROLES]
        depth = {u.id for u in man if dfront[u.hex] > int(doc["reserve_depth"])}
        want = int(round(float(doc["reserve_share"]) * len(man)))
        if len(depth) < want:
            # the line units least threatened where they stand become reserves
            line = sorted((u for u in man if u.id not in depth and dfront[u.hex] >= 2 and u.posture != "fortified"
                           and self.threat[u.hex] <= 0.0), key=lambda u: (-int(dfront[u.hex]), u.id))
            depth.update(u.id for u in line[: want - len(depth)])
        return depth

    def _threatened_points(self, view: SideView, front: NDArray[np.int64]) -> list[int]:
        """Front hexes where known enemy strength most exceeds our own, nearest our key towns first."""
        if not len(front):
            return []
        mt = self.mt
        gap = self.threat[front] - self.own[front]
        keys = self.key_own0[view.control[self.key_own0] == self.side] if len(self.key_own0) else self.key_own0
        if len(keys):
            rows = np.array([mt.key_row[int(k)] for k in keys], dtype=np.int64)
            kd = mt.key_dist[rows[:, None], front[None, :]].min(axis=0)
            gap = gap * (1.0 + 3.0 / (1.0 + kd))
        order = np.lexsort((front, -gap))
        order = order[gap[order] > 0][:40]
        return mt.spaced(front, order, 4, int(self.doc["max_threat_points"]))

    def _assault_field(self, view: SideView) -> NDArray[np.float64]:
        """Bonus on hexes next to enemy hexes our strength can take: where assault groups should form."""
        mt = self.mt
        f = np.zeros(mt.n)
        hexes = np.flatnonzero(self.enemy)
        progress = None
        if self.doc["offensive"]:
            keys = np.array([h for h in mt.key if view.control[h] == 1 - self.side], dtype=np.int64)
            progress = self._objective_field(keys) if len(keys) else None
        if len(hexes):
            weak = np.clip((self.own[hexes] + 1.0) / self.threat[hexes], 0.0, 3.0)
            nbs = mt.nb[hexes]
            ok = mt.valid[hexes]
            if progress is not None:
                # form up only on the near side of an enemy hex that lies on the way
                ok &= progress[nbs] > progress[hexes][:, None]
            np.maximum.at(f, nbs[ok], np.broadcast_to(weak[:, None], nbs.shape)[ok])
        return f

    def _enemy_field(self, view: SideView) -> NDArray[np.float64]:
        """Hex distance to the nearest enemy-held hex (objective of last resort)."""
        mt = self.mt
        foe = (view.control == 1 - self.side) & mt.passable
        if not foe.any():
            return np.zeros(mt.n)
        return mt.dist_to_set(np.flatnonzero(foe), 40).astype(np.float64)

    def _gun_field(self, u: OwnUnit, field: NDArray[np.float64] | None, view: SideView) -> Pull | None:
        """Guns stand about half their range behind the nearest friendly front (in hexes)."""
        mt = self.mt
        rng_h = self._range_km(u) / mt.hex_km
        here = self._dist_enemy(view)[u.hex]
        if 1.0 < here <= 0.8 * rng_h and not (field is not None and self.doc["offensive"] and here > 0.5 * rng_h):
            return None  # in range and out of contact: stay dug in
        want = float(min(8.0, max(2.0, round(0.5 * rng_h))))
        key = (view.turn, want)
        cache = self._gun_cache
        if key not in cache:
            if len(cache) > 16:
                cache.clear()
            d = self._dist_enemy(view)
            cache[key] = np.abs(d - want) * 2.0 + 20.0 * (self.threat > 0.05) * (d <= 1)
        if field is None:
            base = cache[key]
        else:
            # the same sum for every gun with this stand-off and objective today
            tag = (want, id(field))
            got = self._gun_base.get(tag)
            if got is None:
                got = self._gun_base[tag] = cache[key] + 0.05 * field
            base = got
        return Pull(mt, base, u.hex, 0.5)

    def _dist_enemy(self, view: SideView) -> NDArray[np.float64]:
        cache = getattr(self, "_de", None)
        if cache is not None and cache[0] == view.turn:
            return cache[1]  # type: ignore[no-any-return]
        mt = self.mt
        foe = np.flatnonzero((view.control == 1 - self.side) & mt.passable)
        d = mt.dist_to_set(foe, 10).astype(np.float64) if len(foe) else np.full(mt.n, 11.0)
        self._de = (view.turn, d)
        return d

    # --- fires ----------------------------------------------------------------------
    def fires(self, view: SideView, by_hex: dict[int, list[Contact]], assault_hexes: set[int], busy: set[str]) -> list[Order]:
        """Guns first on the hexes we assault, then counter-battery, then the most valuable targets in range."""
        mt = self.mt
        out: list[Order] = []
        if not by_hex:
            return out + self._deep_strikes(view)
        keys = sorted(by_hex)
        hexes = np.array(keys, dtype=np.int64)
        value = np.array([sum(contact_value(c) for c in by_hex[h]) for h in keys])
        guns = np.array([any(c.role in FIRE_ROLES for c in by_hex[h]) for h in keys])
        assault = np.array([h in assault_hexes for h in keys])
        score = (value + 4.0 * guns + 8.0 * assault).tolist()
        cap = np.where(assault, 6, 2).tolist()
        vital = (assault | guns).tolist()
        used = [0] * len(hexes)
        min_ammo = float(self.doc["min_ammo"])
        firing = sorted((u for u in view.units if u.role in FIRE_ROLES and u.ammo > 0.06), key=lambda u: u.id)
        rng_km = [self._range_km(u) for u in firing]
        if not firing:
            return out + self._deep_strikes(view, skip=busy)
        # the targets in range of every gun, at once (hexes ascending, as ``hexes``)
        here = np.array([u.hex for u in firing], dtype=np.int64)
        dq = mt.q[hexes][None, :] - mt.q[here][:, None]
        dr = mt.r[hexes][None, :] - mt.r[here][:, None]
        km = ((np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2) * mt.hex_km
        gun_of, target = np.nonzero(km <= np.array(rng_km)[:, None])
        cut = np.searchsorted(gun_of, np.arange(len(firing) + 1)).tolist()
        targets = target.tolist()
        for g, (u, r_km) in enumerate(zip(firing, rng_km, strict=True)):
            if r_km <= 0:
                continue
            low = u.ammo < min_ammo
            ok = [i for i in targets[cut[g]: cut[g + 1]] if used[i] < cap[i] and (vital[i] or not low)]
            if not ok:
                continue
            # one draw per target hex, as the whole row was scored
            noise = self.rng.random(len(hexes)).tolist()
            i = max(ok, key=lambda i: (score[i] - 0.5 * used[i] + 0.1 * noise[i], -i))
            used[i] += 1
            busy.add(u.id)
            out.append(Order.fire(u.id, mt.hexes[int(hexes[i])]))
        return out + self._deep_strikes(view, skip=busy)

    def _deep_strikes(self, view: SideView, skip: set[str] | None = None) -> list[Order]:
        out: list[Order] = []
        chance = float(self.doc["deep_strike_chance"])
        if chance <= 0:
            return out
        for u in view.units:
            if u.role == "missile" and u.ammo > 0.3 and (skip is None or u.id not in skip) and self.rng.random() < chance:
                city = self._city_in_range(u, self._range_km(u))
                if city:
                    out.append(Order.fire(u.id, city=city))
                    if skip is not None:
                        skip.add(u.id)
        return out

    # --- air ------------------------------------------------------------------------
    def air(self, view: SideView, by_hex: dict[int, list[Contact]], assault_hexes: set[int]) -> list[Order]:
        mt = self.mt
        doc = self.doc
        lib = self.briefing.library.air_types
        sorties = {t: n for t, n in sorted(view.sorties.items()) if n > 0}
        if not sorties:
            return []
        self._learn_manned_losses(view)
        out: list[Order] = []
        ad = sorted((c for c in view.contacts if c.role == "air_defence"), key=lambda c: (-c.seen_turn, c.id))
        # --- suppression: decoys first over known radars, anti-radiation munitions after them
        decoys = [t for t in sorties if lib[t].kind == "decoy"]
        arm = [t for t in sorties if lib[t].anti_radiation]
        suppressed: set[str] = set()
        ad_targets = ad[: int(doc["sead_targets"])]
        for c in ad_targets:
            hit = False
            for t in decoys:
                k = min(sorties[t], int(doc["decoys_per_radar"]))
                if k > 0 and doc["decoys_first"]:
                    out.append(Order.air(t, k, "DECOY", mt.hexes[c.hex]))
                    sorties[t] -= k
                    break
            for t in arm:
                k = min(sorties[t], self._daily(view, t, int(doc["sead_per_radar"])))
                if k > 0:
                    out.append(Order.air(t, k, "SEAD", mt.hexes[c.hex]))
                    sorties[t] -= k
                    hit = True
                    break
            if hit:
                suppressed.add(c.id)
        covered = self._coverage([c for c in ad if c.id not in suppressed])
        # --- reconnaissance over the sectors that matter, outside known air defence
        spots = self._isr_spots(view, covered)
        isr_types = [t for t in sorties if lib[t].kind == "uav_isr"]
        si = 0
        for t in isr_types:
            k = sorties[t]
            while k > 0 and si < len(spots):
                out.append(Order.air(t, 1, "ISR", mt.hexes[spots[si]]))
                si += 1
                k -= 1
            sorties[t] = k
        # hunting SEAD: anti-radiation munitions search near likely radars (spent only if they find one)
        hunt = int(doc["sead_hunt"])
        for t in arm:
            for h in spots[:hunt]:
                if sorties[t] <= 0:
                    break
                out.append(Order.air(t, 1, "SEAD", mt.hexes[h]))
                sorties[t] -= 1
        # --- strikes: the most valuable detected targets, assault hexes first
        targets = self._strike_targets(by_hex, assault_hexes)
        for t in sorted(sorties, key=lambda t: (lib[t].expendable, lib[t].kind in ("aircraft", "helicopter"), t)):
            at = lib[t]
            if at.strikes_per_sortie <= 0 or at.anti_radiation or at.kind == "decoy":
                continue
            manned = at.kind in ("aircraft", "helicopter")
            k = sorties[t]
            if manned:
                k = int(math.floor(k * float(doc["manned_air"]) * self._manned_caution.get(t, 1.0) + 0.5))
            elif at.expendable:
                k = min(k, self._daily(view, t, len(targets)))
            for _score, h, is_ad in targets:
                if k <= 0:
                    break
                if covered[h] and not (is_ad and at.expendable):
                    continue
                out.append(Order.air(t, 1, "STRIKE", mt.hexes[h]))
                k -= 1
            if k > 0 and not at.expendable and not manned:
                # armed reconnaissance: strike sorties also search the sectors we watch
                for h in spots[si: si + k]:
                    out.append(Order.air(t, 1, "STRIKE", mt.hexes[h]))
                si += k
            sorties[t] = 0
        return out

    def _learn_manned_losses(self, view: SideView) -> None:
        """Manned aircraft are flown more carefully after losses: each day a type lost airframes its
        share of sorties is multiplied by ``manned_loss_caution``; each day without loss it recovers by
        ``manned_caution_recovery`` (doctrine data). The air defence that shoots them down (MANPADS
        inside every battalion) is mostly unseen, so losses are the only sign of it."""
        lib = self.briefing.library.air_types
        down, up = float(self.doc["manned_loss_caution"]), float(self.doc["manned_caution_recovery"])
        for t, n in sorted(view.air.items()):
            if t not in lib or lib[t].kind not in ("aircraft", "helicopter"):
                continue
            c = self._manned_caution.get(t, 1.0)
            if n < self._air_seen.get(t, n):
                c *= down
            else:
                c = min(1.0, c + up)
            self._manned_caution[t] = c
            self._air_seen[t] = n

    def _daily(self, view: SideView, t: str, want: int) -> int:
        """Expendable stock is spread over the days left, with a floor so a war's opening can be sharp."""
        stock = view.air.get(t, 0)
        days = max(1, view.max_turns - view.turn + 1)
        ration = max(int(self.doc["munition_floor"]), int(math.ceil(stock * float(self.doc["munition_share"]) * 30.0 / days)))
        return max(0, min(want, ration, stock))

    def _coverage(self, ad: list[Contact]) -> NDArray[np.bool_]:
        mt = self.mt
        cover = np.zeros(mt.n, dtype=bool)
        memo = self._cover_memo
        ranges = self._ad_range
        for c in ad:
            ek = tuple(c.equipment.items())
            r_km = ranges.get(ek)
            if r_km is None:
                if len(ranges) > 4096:
                    ranges.clear()
                r_km = ranges[ek] = ad_range_km(self.briefing.library, c.equipment)
            if r_km > 0:
                key = (c.hex, r_km)
                disc = memo.get(key)
                if disc is None:
                    if len(memo) > 64:
                        memo.clear()
                    disc = memo[key] = mt.hex_dist(c.hex) * mt.hex_km <= r_km
                cover |= disc
        return cover

    def _isr_spots(self, view: SideView, covered: NDArray[np.bool_]) -> list[int]:
        """Enemy-held hexes a few hexes beyond the front, nearest our objectives, not yet watched."""
        mt = self.mt
        foe = 1 - self.side
        # two to five hex steps from our own ground
        near = mt.dilate(view.control == self.side, 1)
        cand_mask = (view.control == foe) & mt.passable & mt.dilate(near, 4) & ~near & ~covered
        watched = mt.dilate(self.enemy, 2)
        cand_mask &= ~watched
        cand = np.flatnonzero(cand_mask)
        if not len(cand):
            return []
        if len(mt.key):
            keys = mt.key[view.control[mt.key] == foe] if self.doc["offensive"] else self.key_own0
            if len(keys):
                rows = np.array([mt.key_row[int(k)] for k in keys], dtype=np.int64)
                kd = mt.key_dist[rows[:, None], cand[None, :]].min(axis=0).astype(np.float64)
            else:
                kd = np.zeros(len(cand))
        else:
            kd = np.zeros(len(cand))
        score = kd + 2.0 * self.rng.random(len(cand))
        return mt.spaced(cand, np.lexsort((cand, score))[:200], 5, 16)

    def _strike_targets(self, by_hex: dict[int, list[Contact]], assault_hexes: set[int]) -> list[tuple[float, int, bool]]:
        out = []
        tv = self._target_value
        for h in sorted(by_hex):
            cs = by_hex[h]
            v = max([tv(c) for c in cs]) + (3.0 if h in assault_hexes else 0.0)
            out.append((v, h, any(c.role == "air_defence" for c in cs)))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    def _target_value(self, c: Contact) -> float:
        """A contact's worth as a strike target: its role's value, more for its tanks (remembered by contact
        id with the holdings it was worked out for, like :meth:`_unit_strength`)."""
        memo = self._tv_memo
        got = memo.get(c.id)
        if got is not None and got[0] == c.role and got[1] == c.equipment:
            return got[2]
        tank = self._tank_ids
        v = contact_value(c)
        tanks = sum([n for e, n in c.equipment.items() if e in tank])
        v = v + min(2.0, tanks / 10.0)
        if len(memo) > 4096:
            memo.clear()
        memo[c.id] = (c.role, c.equipment, v)
        return v

    # --- ceasefires -----------------------------------------------------------------
    def ceasefire_answers(self, view: SideView) -> list[Order]:
        """Truces: accept when pressed, losing ground or bleeding; refuse while winning ground."""
        if not view.proposals:
            return []
        doc = self.doc
        days = int(doc["momentum_days"])
        past = self.territory[-1 - days] if len(self.territory) > days else self.territory[0]
        momentum = self.territory[-1] - past
        lost = view.losses.get("personnel_killed", 0) + view.losses.get("personnel_wounded", 0) + view.losses.get("personnel_captured", 0)
        loss_share = lost / max(1, self.start_personnel)
        own_pressure = view.pressure[self.side]
        accept = own_pressure >= float(doc["accept_ceasefire_pressure"])
        if doc["accept_when_losing"] and self._losing(view) and momentum <= 0:
            accept = True
        if loss_share >= float(doc["accept_when_losses"]):
            accept = True
        if momentum >= int(doc["refuse_when_gaining"]) and own_pressure < 95:
            accept = False
        out = []
        for p in view.proposals:
            # the war-ending agreement is answered by the shared rule (collapse, pressure, gains secured)
            yes = self._accept_agreement(view, p) if p.get("kind") == "final" else accept
            out.append(Order.ceasefire(p["id"], yes))
        return out
