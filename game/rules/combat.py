"""Ground combat: QJM/TNDM-style combat power, Lanchester-style attrition, advance and retreat.

Combat power ``P = S x terrain x posture x fortification x morale x supply x
training`` (Dupuy, *Numbers, Predictions and War*, 1979, and the TNDM), with
``S`` from :func:`game.rules.strength.strength`. The defender alone gets the
terrain, posture and fortification factors; an attacker crossing a river
hexside without a bridge gets the QJM river factor.

Daily attrition at battalion scale starts from base rates inside the TNDM's
documented band and is scaled by the power ratio with a Lanchester-style
exponent: the side that is outgunned loses a larger share,
``loss_att = rate_att x (P_def / P_att)^e`` and ``loss_def = rate_def x (P_att /
P_def)^e``, each capped at ``rate_cap`` (Lanchester 1916; Dupuy, *Attrition*,
1990). Tanks and AFVs are lost at ``armour_loss_factor`` times the personnel
rate. The attacker takes the hex when the ratio, with a log-normal spread,
beats ``advance_ratio``; the defenders then fall back, or surrender if they
cannot, and a share of what they leave behind is captured.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from game.hexmap.hexgrid import hex_direction_between
from game.rules.losses import capture_unit, inflict
from game.rules.strength import strength
from game.sides import label

if TYPE_CHECKING:
    from game.orders import Order
    from game.state import GameState, UnitState

EFFECTIVENESS_STREAM = 0xCE5  # the effectiveness draw's own stream, beside the game's


def effectiveness_draw(params: dict[str, Any], seed: int) -> list[float]:
    """Each side's combat effectiveness for one game, ``exp(N(0, effectiveness_sigma))``: Dupuy's CEV,
    which no one knows before the war starts (Dupuy 1979). Drawn from a stream of its own, derived from
    the seed, so that switching it off (sigma 0) leaves every other draw of the game unchanged."""
    sigma = float(params["combat"]["effectiveness_sigma"])
    if sigma <= 0:
        return [1.0, 1.0]
    g = np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), EFFECTIVENESS_STREAM])))
    return [float(math.exp(x)) for x in g.normal(0.0, sigma, 2)]


def multiplier(state: GameState, u: UnitState) -> float:
    p = state.params["combat"]
    morale = p["morale_floor"] + (1 - p["morale_floor"]) * u.cohesion
    supply = p["supply_floor"] + (1 - p["supply_floor"]) * u.supply
    return float(morale * supply * u.training * state.flags["effectiveness"][u.side])


def defence_factor(state: GameState, u: UnitState, h: int) -> float:
    p = state.params["combat"]
    t = state.flags["tables"]
    f = t.defence[h] * p["posture_defence"][u.posture]
    if u.posture in ("prepared", "fortified"):
        f *= p["fort_bonus"][int(state.theatre.fort[h])]
    return float(f)


def attack_power(state: GameState, attackers: list[UnitState], h: int) -> float:
    t = state.flags["tables"]
    m = state.theatre
    total = 0.0
    for a in attackers:
        s = strength(state, a, bool(t.mountainous[h])) * multiplier(state, a)
        d = hex_direction_between(m.hex_at(a.hex), m.hex_at(h))
        if d is not None and m.river[a.hex, d] and not m.road[a.hex, d]:
            s *= state.params["combat"]["river_attack"]
        total += s
    return total


def defence_power(state: GameState, defenders: list[UnitState], h: int) -> float:
    t = state.flags["tables"]
    return sum(strength(state, d, bool(t.mountainous[h])) * multiplier(state, d) * defence_factor(state, d, h) for d in defenders)


def odds(state: GameState, attackers: list[UnitState], h: int) -> float:
    """The power ratio the engine would use (before the random spread); shown to players."""
    defenders = [u for u in state.units_at(h) if attackers and u.side != attackers[0].side]
    dp = defence_power(state, defenders, h)
    ap = attack_power(state, attackers, h)
    return ap / dp if dp > 0 else math.inf


def resolve_combat(state: GameState, orders: list[list[Order]]) -> None:
    m = state.theatre
    attacks: dict[int, list[UnitState]] = {}
    for side in (0, 1):
        for o in orders[side]:
            if o.kind != "AT":
                continue
            u = state.units[o.unit]  # type: ignore[index]
            if not u.alive:
                continue
            h = m.index(o.target)  # type: ignore[arg-type]
            attacks.setdefault(h, []).append(u)
    for h in sorted(attacks):
        attackers = [a for a in attacks[h] if a.alive and _adjacent(state, a.hex, h)]
        if not attackers:
            continue
        side = attackers[0].side
        attackers = [a for a in attackers if a.side == side]
        # Frontage: only so many battalions can fight on a 2.5 km front at once; the strongest on that
        # ground go in (in mountains and forest the infantry before the tanks, which count for less there).
        cap = int(state.params["combat"]["max_attackers"])
        if len(attackers) > cap:
            rough = bool(state.flags["tables"].mountainous[h])
            attackers = sorted(attackers, key=lambda a: (-strength(state, a, rough), a.id))[:cap]
        _battle(state, attackers, h)


def _adjacent(state: GameState, a: int, b: int) -> bool:
    return b in state.theatre.neighbour_lists[a]


def _battle(state: GameState, attackers: list[UnitState], h: int) -> None:
    p = state.params["combat"]
    rng = state.rng
    side = attackers[0].side
    defenders = [u for u in state.units_at(h) if u.side != side]
    if not defenders:
        _advance(state, attackers, h)
        return
    ap = attack_power(state, attackers, h)
    dp = defence_power(state, defenders, h)
    ratio = ap / max(dp, 1e-6)
    eff = ratio * math.exp(rng.normal(0.0, p["advance_spread"]))
    e = p["ratio_exponent"]
    att_share = min(p["rate_cap"], p["attacker_rate"] * (1.0 / max(eff, 1e-3)) ** e)
    def_share = min(p["rate_cap"], p["defender_rate"] * eff**e)
    won = eff >= p["advance_ratio"]
    for a in attackers:
        _attrit(state, a, att_share, f"attack on {_place(state, h)}")
    for d in defenders:
        _attrit(state, d, def_share, f"defence of {_place(state, h)}")
    town = _place(state, h)
    state.log("combat", "battle", f"{label(side)} attacked {town} at {ratio:.1f}:1 with {len(attackers)} unit(s): "
              + ("the defenders were forced back" if won else "the defence held"),
              side=side, hex=h, ratio=round(ratio, 3), attackers=[a.id for a in attackers], defenders=[d.id for d in defenders], won=won)
    if won:
        for d in defenders:
            if d.alive:
                retreat(state, d, side, reason="forced back")
        if not [u for u in state.units_at(h) if u.side != side]:
            _advance(state, [a for a in attackers if a.alive], h)


def _attrit(state: GameState, u: UnitState, share: float, cause: str) -> None:
    p = state.params["combat"]
    inflict(state, u, personnel_share=share, vehicle_share=min(0.6, share * p["armour_loss_factor"]),
            equipment_share=share * 0.5, cause=cause, phase="combat")
    u.cohesion = max(0.0, u.cohesion - share * p["cohesion_loss_per_casualty_share"])


def _place(state: GameState, h: int) -> str:
    idx = int(state.theatre.town[h])
    if idx >= 0:
        return state.theatre.towns[idx].display_name
    return f"hex {state.theatre.hex_at(h)}"


def _advance(state: GameState, attackers: list[UnitState], h: int) -> None:
    if not attackers or not state.theatre.passable[h]:
        return
    from game.rules.control import set_control

    lead = max(attackers, key=lambda a: (strength(state, a), a.id))
    old, lead.hex = lead.hex, h
    state.unit_moved(lead, old)
    lead.moved_turn = state.turn
    lead.posture = "hasty"
    lead.dug_in_days = 0
    set_control(state, h, lead.side, by=lead)


def retreat(state: GameState, u: UnitState, enemy: int, reason: str) -> bool:
    """Fall back one hex away from the enemy; surrender if there is nowhere to go. True if it got away."""
    m = state.theatre
    occ = state.occupancy()
    nb = m.neighbour_lists
    best = None
    best_key: tuple[int, int, int] | None = None
    for n in nb[u.hex]:
        if not m.passable[n] or occ[n] == enemy or state.control[n] == enemy:
            continue
        if len(state.units_at(n)) >= state.params["movement"]["stack_limit"]:
            continue
        threat = sum(1 for x in nb[n] if occ[x] == enemy)
        key = (threat, -int(state.control[n] == u.side), n)
        if best_key is None or key < best_key:
            best, best_key = n, key
    if best is None:
        if u.cohesion < state.params["morale"]["break_threshold"] and u.supply <= 0:
            capture_unit(state, u, enemy, phase="combat", reason="surrounded, no line of retreat")
        else:
            # Nowhere to go but still a fighting unit: it holds and pays for it.
            inflict(state, u, personnel_share=0.08, vehicle_share=0.12, cause="holding without a line of retreat", phase="combat")
            u.cohesion = max(0.0, u.cohesion - 0.1)
        return False
    before = {e: n for e, n in u.equipment.items()}
    old, u.hex = u.hex, best
    state.unit_moved(u, old)
    u.posture = "hasty"
    u.dug_in_days = 0
    u.cohesion = max(0.0, u.cohesion - 0.08)
    state.log("combat", "retreat", f"{u.name} fell back ({reason})", side=u.side, hex=best, unit=u.id)
    # Vehicles that cannot be recovered in a retreat are abandoned: some of them are captured.
    _abandon(state, u, enemy, before)
    return True


def _abandon(state: GameState, u: UnitState, enemy: int, before: dict[str, int]) -> None:
    from game.rules.losses import category_of
    from game.state import CATEGORY_KEYS

    share = state.params["combat"]["capture_share"] * 0.15
    side = state.sides[u.side]
    for eid in sorted(before):
        n = u.equipment.get(eid, 0)
        cat = category_of(state, eid)
        if n <= 0 or cat not in ("tank", "afv", "artillery", "truck"):
            continue
        k = int(state.rng.binomial(n, share))
        if k:
            u.equipment[eid] = n - k
            key = CATEGORY_KEYS[cat]
            side.losses[key] += k
            side.captured_equipment[key] = side.captured_equipment.get(key, 0) + k
