"""Invariants that must hold after every turn of every game.

Used by the test suite and by ``karabakh soak``, which plays many games with
random legal orders and checks them after every turn:

- equipment is conserved per side and category: alive + lost = initial + reinforcements;
- personnel likewise: present + killed + wounded + captured = initial + reinforcements;
- no negative strengths, cohesion, supply or ammunition outside 0..1;
- no unit on an impassable hex; no hex held by units of both sides;
- air pools never negative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.state import CATEGORY_KEYS

if TYPE_CHECKING:
    from game.engine import Game

PERSONNEL_LOSSES = ("personnel_killed", "personnel_wounded", "personnel_captured")


class InvariantError(AssertionError):
    pass


def check(game: Game) -> None:
    """Raise :class:`InvariantError` naming the first broken invariant."""
    st = game.state
    m = st.theatre
    lib = st.library.equipment
    for s in (0, 1):
        now: dict[str, int] = {}
        people = 0
        for u in st.units.values():
            if u.side != s:
                continue
            people += u.personnel
            for eid, n in u.equipment.items():
                k = CATEGORY_KEYS[lib[eid].category]
                now[k] = now.get(k, 0) + n
        book = st.flags["in_play"][s]
        for k, n0 in book.items():
            if k == "personnel":
                continue
            if now.get(k, 0) + st.sides[s].losses[k] != n0:
                raise InvariantError(f"turn {st.turn}: side {s} {k}: {now.get(k, 0)} present + {st.sides[s].losses[k]} lost != {n0} in play")
        lost = sum(st.sides[s].losses[k] for k in PERSONNEL_LOSSES)
        if people + lost != book["personnel"]:
            raise InvariantError(f"turn {st.turn}: side {s} personnel: {people} present + {lost} lost != {book['personnel']}")
        if any(v < 0 for v in st.sides[s].air.values()):
            raise InvariantError(f"turn {st.turn}: side {s} has a negative air pool")
    holder: dict[int, int] = {}
    for u in st.units.values():
        if u.personnel < 0 or any(n < 0 for n in u.equipment.values()):
            raise InvariantError(f"turn {st.turn}: {u.id} has negative strength")
        if not (0.0 <= u.cohesion <= 1.0 and 0.0 <= u.supply <= 1.0 and 0.0 <= u.ammo <= 1.0):
            raise InvariantError(f"turn {st.turn}: {u.id} has cohesion/supply/ammo outside 0..1")
        if u.alive:
            if not m.passable[u.hex]:
                raise InvariantError(f"turn {st.turn}: {u.id} stands on impassable hex {m.hex_at(u.hex)}")
            if holder.setdefault(u.hex, u.side) != u.side:
                raise InvariantError(f"turn {st.turn}: hex {m.hex_at(u.hex)} held by both sides")
