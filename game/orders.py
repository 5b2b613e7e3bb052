"""Orders and their short text notation.

Every order has a one-line text form that parses back to the same order, in the
spirit of chess notation (python-chess's ``Move.from_uci``)::

    MV az.1ac.mech1 41,12        move towards hex q=41, r=12
    AT az.1ac.mech1 42,12        attack the adjacent hex
    FR am.art.d30a 44,10         fire mission on a hex
    FR am.msl.scud @ganja        missile strike on an off-map city
    AIR TB2x4 STRIKE 44,10       four TB2 sorties striking targets around a hex
    AIR An-2x3 DECOY 40,20       three decoy sorties over a hex
    PO am.n.rifle3 MOBILE        posture: MOBILE or DEFEND (digs in over days)
    EM am.ad.osa2 OFF            air-defence radar emission ON or OFF
    CF hc1 ACCEPT                answer a ceasefire proposal (ACCEPT or REFUSE)

A side's orders for a turn are a list of these lines. Orders that are
well-formed but illegal in the position (unit not yours, target out of range)
are refused by the engine with a reason (:class:`IllegalOrderError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.hexmap.hexgrid import Hex

__all__ = [
    "AIR_MISSIONS",
    "IllegalOrderError",
    "Order",
    "OrderSyntaxError",
    "format_orders",
    "parse_order",
    "parse_orders",
]

AIR_MISSIONS = ("ISR", "STRIKE", "SEAD", "DECOY")
POSTURES = ("MOBILE", "DEFEND")
KINDS = ("MV", "AT", "FR", "AIR", "PO", "EM", "CF")


class OrderSyntaxError(ValueError):
    """The text is not an order."""


class IllegalOrderError(ValueError):
    """A well-formed order that the position does not allow; ``reason`` says why."""

    def __init__(self, order: Order, reason: str) -> None:
        super().__init__(f"{order}: {reason}")
        self.order = order
        self.reason = reason


@dataclass(frozen=True, order=True)
class Order:
    kind: str
    unit: str | None = None  # unit id (MV, AT, FR, PO, EM)
    target: Hex | None = None  # hex target (MV, AT, FR, AIR)
    city: str | None = None  # off-map city (FR @city)
    air_type: str | None = None
    count: int = 0
    mission: str | None = None  # AIR mission, PO posture, EM ON/OFF, CF ACCEPT/REFUSE
    proposal: str | None = None  # CF

    def __str__(self) -> str:
        k = self.kind
        if k in ("MV", "AT"):
            return f"{k} {self.unit} {self.target}"
        if k == "FR":
            return f"FR {self.unit} {'@' + self.city if self.city else self.target}"
        if k == "AIR":
            return f"AIR {self.air_type}x{self.count} {self.mission} {self.target}"
        if k in ("PO", "EM"):
            return f"{k} {self.unit} {self.mission}"
        if k == "CF":
            return f"CF {self.proposal} {self.mission}"
        raise ValueError(f"unknown order kind {k!r}")

    # --- constructors -------------------------------------------------------
    @classmethod
    def move(cls, unit: str, target: Hex) -> Order:
        return cls("MV", unit=unit, target=target)

    @classmethod
    def attack(cls, unit: str, target: Hex) -> Order:
        return cls("AT", unit=unit, target=target)

    @classmethod
    def fire(cls, unit: str, target: Hex | None = None, city: str | None = None) -> Order:
        return cls("FR", unit=unit, target=target, city=city)

    @classmethod
    def air(cls, air_type: str, count: int, mission: str, target: Hex) -> Order:
        return cls("AIR", air_type=air_type, count=count, mission=mission, target=target)

    @classmethod
    def posture(cls, unit: str, posture: str) -> Order:
        return cls("PO", unit=unit, mission=posture)

    @classmethod
    def emit(cls, unit: str, on: bool) -> Order:
        return cls("EM", unit=unit, mission="ON" if on else "OFF")

    @classmethod
    def ceasefire(cls, proposal: str, accept: bool) -> Order:
        return cls("CF", proposal=proposal, mission="ACCEPT" if accept else "REFUSE")


_ID = r"[A-Za-z0-9_.\-]+"
_HEX = r"(-?\d+),(-?\d+)"
_PATTERNS = {
    "MV": re.compile(rf"^MV\s+({_ID})\s+{_HEX}$"),
    "AT": re.compile(rf"^AT\s+({_ID})\s+{_HEX}$"),
    "FR": re.compile(rf"^FR\s+({_ID})\s+(?:@({_ID})|{_HEX})$"),
    "AIR": re.compile(rf"^AIR\s+({_ID})x(\d+)\s+([A-Z]+)\s+{_HEX}$"),
    "PO": re.compile(rf"^PO\s+({_ID})\s+([A-Z]+)$"),
    "EM": re.compile(rf"^EM\s+({_ID})\s+(ON|OFF)$"),
    "CF": re.compile(rf"^CF\s+({_ID})\s+(ACCEPT|REFUSE)$"),
}
_USAGE = {
    "MV": "MV <unit> <q,r>",
    "AT": "AT <unit> <q,r>",
    "FR": "FR <unit> <q,r> | FR <unit> @<city>",
    "AIR": f"AIR <type>x<count> <{'|'.join(AIR_MISSIONS)}> <q,r>",
    "PO": f"PO <unit> <{'|'.join(POSTURES)}>",
    "EM": "EM <unit> ON|OFF",
    "CF": "CF <proposal> ACCEPT|REFUSE",
}


def parse_order(text: str) -> Order:
    """Parse one order line; raises :class:`OrderSyntaxError` with the expected form."""
    line = " ".join(text.strip().split())
    if not line:
        raise OrderSyntaxError("empty order")
    head = line.split(" ", 1)[0].upper()
    if head not in _PATTERNS:
        raise OrderSyntaxError(f"unknown order {head!r} in {text!r}; orders are {', '.join(KINDS)}")
    line = head + line[len(head):]
    m = _PATTERNS[head].match(line)
    if not m:
        raise OrderSyntaxError(f"cannot read {text!r}; expected {_USAGE[head]}")
    g = m.groups()
    if head in ("MV", "AT"):
        return Order(head, unit=g[0], target=Hex(int(g[1]), int(g[2])))
    if head == "FR":
        if g[1]:
            return Order.fire(g[0], city=g[1])
        return Order.fire(g[0], target=Hex(int(g[2]), int(g[3])))
    if head == "AIR":
        if g[2] not in AIR_MISSIONS:
            raise OrderSyntaxError(f"unknown air mission {g[2]!r}; expected one of {', '.join(AIR_MISSIONS)}")
        count = int(g[1])
        if count < 1:
            raise OrderSyntaxError("an air order needs at least one sortie")
        return Order.air(g[0], count, g[2], Hex(int(g[3]), int(g[4])))
    if head == "PO":
        if g[1] not in POSTURES:
            raise OrderSyntaxError(f"unknown posture {g[1]!r}; expected one of {', '.join(POSTURES)}")
        return Order.posture(g[0], g[1])
    if head == "EM":
        return Order("EM", unit=g[0], mission=g[1])
    return Order("CF", proposal=g[0], mission=g[1])


def parse_orders(text: str) -> list[Order]:
    """Parse several orders, one per line; blank lines and ``#`` comments are skipped."""
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            out.append(parse_order(line))
        except OrderSyntaxError as e:
            raise OrderSyntaxError(f"line {n}: {e}") from None
    return out


def format_orders(orders: list[Order]) -> str:
    return "\n".join(str(o) for o in orders)
