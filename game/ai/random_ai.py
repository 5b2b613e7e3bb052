"""Random legal orders: a baseline opponent and a fuzzer for the rules."""

from __future__ import annotations

from game.ai.base import Agent
from game.ai.common import ATTACK_ROLES, FIRE_ROLES, distances, fire_range_km
from game.hexmap.hexgrid import hex_range
from game.orders import AIR_MISSIONS, Order
from game.view import SideView


class RandomAgent(Agent):
    name = "random"

    def orders(self, view: SideView) -> list[Order]:
        b = self.briefing
        m = b.theatre
        rng = self.rng
        out: list[Order] = []
        contacts = [c for c in view.contacts if c.current]
        chex = [c.hex for c in contacts]
        for u in view.units:
            roll = rng.random()
            if u.role in ATTACK_ROLES and chex and roll < 0.3:
                adj = [h for h in chex if h in set(m.neighbours[u.hex].tolist())]
                if adj:
                    out.append(Order.attack(u.id, m.hex_at(int(rng.choice(adj)))))
                    continue
            if u.role in FIRE_ROLES and chex and roll < 0.6:
                rng_km = fire_range_km(b.library, u.equipment)
                import numpy as np

                d = distances(m, u.hex, np.array(chex)) * b.params["hex_km"]
                ok = [h for h, x in zip(chex, d, strict=True) if x <= rng_km]
                if ok:
                    out.append(Order.fire(u.id, m.hex_at(int(rng.choice(ok)))))
                    continue
            if roll < 0.75:
                here = m.hex_at(u.hex)
                cand = [h for h in hex_range(here, 3) if m.contains(h) and m.passable[m.index(h)]]
                if cand:
                    out.append(Order.move(u.id, cand[int(rng.integers(len(cand)))]))
            elif roll < 0.8:
                out.append(Order.posture(u.id, str(rng.choice(["MOBILE", "DEFEND"]))))
            elif u.role == "air_defence" and roll < 0.9:
                out.append(Order.emit(u.id, bool(rng.random() < 0.5)))
        for tid, n in sorted(view.air.items()):
            if n > 0 and rng.random() < 0.5:
                at = b.library.air_types[tid]
                missions = [mm for mm in AIR_MISSIONS if (mm != "STRIKE" or at.strikes_per_sortie > 0) and (mm != "SEAD" or at.anti_radiation or at.strikes_per_sortie > 0)]
                target = chex[int(rng.integers(len(chex)))] if chex and rng.random() < 0.7 else int(rng.integers(m.n))
                if m.passable[target] or chex:
                    out.append(Order.air(tid, int(rng.integers(1, min(n, 4) + 1)), str(rng.choice(missions)), m.hex_at(target)))
        for p in view.proposals:
            out.append(Order.ceasefire(p["id"], bool(rng.random() < 0.5)))
        return out


class PassiveAgent(Agent):
    """Gives no orders but answers ceasefire proposals with yes: a test opponent."""

    name = "passive"

    def orders(self, view: SideView) -> list[Order]:
        return [Order.ceasefire(p["id"], True) for p in view.proposals]
