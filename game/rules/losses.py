"""Loss accounting shared by every rule: personnel killed/wounded/captured and equipment by category.

Every loss goes through :func:`inflict`, so that ``alive + lost = initial +
reinforcements`` holds for every category and the game record can count losses
the way Oryx does (destroyed, damaged-and-abandoned and captured all count).
Losses are drawn as binomial trials from the game's generator, so a 3 % loss
share on a 31-tank battalion is usually 0 or 1 or 2 tanks, never 0.93 of one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.state import CATEGORY_KEYS

if TYPE_CHECKING:
    from game.state import GameState, UnitState

VEHICLE_CATEGORIES = ("tank", "afv", "truck")


def category_of(state: GameState, equipment_id: str) -> str:
    return str(state.library.equipment[equipment_id].category)


def inflict(
    state: GameState,
    u: UnitState,
    *,
    personnel_share: float = 0.0,
    personnel: int = 0,
    vehicle_share: float = 0.0,
    equipment_share: float = 0.0,
    kills: dict[str, int] | None = None,
    cause: str,
    phase: str,
    by: int | None = None,
    log: bool = False,
) -> dict[str, Any]:
    """Apply losses to a unit and book them to its side. Returns what was lost.

    ``personnel_share`` and ``personnel`` add up; ``vehicle_share`` applies to tanks, AFVs and
    trucks; ``equipment_share`` to every other category; ``kills`` removes named items.
    """
    if not u.alive:
        return {}
    rng = state.rng
    p = state.params["combat"]
    side = state.sides[u.side]
    cas = personnel
    if personnel_share > 0 and u.personnel > 0:
        cas += int(rng.binomial(u.personnel, min(1.0, personnel_share)))
    cas = min(cas, u.personnel)
    u.engaged_turn = state.turn
    killed = int(rng.binomial(cas, p["killed_share"])) if cas else 0
    wounded = cas - killed
    u.personnel -= cas
    side.losses["personnel_killed"] += killed
    side.losses["personnel_wounded"] += wounded
    if killed:
        _by_phase(state, u.side, phase, "personnel_killed", killed)
    lost: dict[str, int] = {}
    lib = state.library.equipment
    equipment = u.equipment
    p_vehicle, p_other = min(1.0, vehicle_share), min(1.0, equipment_share)
    for eid in sorted(equipment):
        n = equipment[eid]
        if n <= 0:
            continue
        cat = lib[eid].category
        if cat in VEHICLE_CATEGORIES:
            k = int(rng.binomial(n, p_vehicle)) if vehicle_share > 0 else 0
        else:
            k = int(rng.binomial(n, p_other)) if equipment_share > 0 else 0
        if kills and eid in kills:
            k += kills[eid]
        if k > n:
            k = n
        if k:
            equipment[eid] = n - k
            side.losses[CATEGORY_KEYS[cat]] += k
            lost[eid] = k
            _by_phase(state, u.side, phase, CATEGORY_KEYS[cat], k)
    out = {"killed": killed, "wounded": wounded, "equipment": lost}
    if log and (cas or lost):
        state.log(phase, "loss", f"{u.name} lost {describe(state, out)} ({cause})", side=u.side, hex=u.hex, unit=u.id, cause=cause, **out)
    _check_destroyed(state, u, cause, phase)
    return out


def _by_phase(state: GameState, side: int, phase: str, key: str, n: int) -> None:
    """Losses by the phase that caused them (air, artillery, combat, movement...), for analysis."""
    books = state.flags.get("losses_by_phase")
    if books is None:
        books = state.flags["losses_by_phase"] = [{}, {}]
    book = books[side]
    per = book.setdefault(phase, {})
    per[key] = per.get(key, 0) + n


def capture_unit(state: GameState, u: UnitState, by_side: int, phase: str, reason: str) -> None:
    """A unit surrenders: its people are captured; its vehicles are partly captured, the rest destroyed."""
    if not u.alive:
        return
    side = state.sides[u.side]
    side.losses["personnel_captured"] += u.personnel
    captured_people = u.personnel
    u.personnel = 0
    share = state.params["combat"]["capture_share"]
    taken: dict[str, int] = {}
    for eid in sorted(u.equipment):
        n = u.equipment[eid]
        if n <= 0:
            continue
        cat = category_of(state, eid)
        key = CATEGORY_KEYS[cat]
        side.losses[key] += n
        c = int(state.rng.binomial(n, share))
        if c:
            side.captured_equipment[key] = side.captured_equipment.get(key, 0) + c
            taken[eid] = c
        u.equipment[eid] = 0
    u.status = "surrendered"
    state.roster_changed()
    state.log(phase, "surrender", f"{u.name} surrendered ({reason}): {captured_people} taken prisoner" + (f", {sum(taken.values())} vehicles and weapons captured" if taken else ""),
              side=u.side, hex=u.hex, unit=u.id, prisoners=captured_people, captured=taken, by=by_side)


def _check_destroyed(state: GameState, u: UnitState, cause: str, phase: str) -> None:
    if u.personnel <= 0 or (u.personnel < 20 and not any(u.equipment.values())):
        side = state.sides[u.side]
        if u.personnel > 0:
            side.losses["personnel_wounded"] += u.personnel
            u.personnel = 0
        for eid in sorted(u.equipment):
            n = u.equipment[eid]
            if n:
                side.losses[CATEGORY_KEYS[category_of(state, eid)]] += n
                u.equipment[eid] = 0
        u.status = "destroyed"
        state.roster_changed()
        state.log(phase, "destroyed", f"{u.name} was destroyed as a fighting unit ({cause})", side=u.side, hex=u.hex, unit=u.id)


def describe(state: GameState, lost: dict[str, Any]) -> str:
    parts = []
    if lost.get("killed") or lost.get("wounded"):
        parts.append(f"{lost['killed']} killed, {lost['wounded']} wounded")
    for eid, k in lost.get("equipment", {}).items():
        parts.append(f"{k} {state.library.equipment[eid].name}")
    return ", ".join(parts) if parts else "nothing"
