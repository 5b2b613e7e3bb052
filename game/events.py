"""Events: what happened in a turn, in words a player understands, with data for replays and plots."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    turn: int
    phase: str  # weather, reinforcements, orders, recon, air, artillery, movement, combat, supply, morale, control, diplomacy, end
    kind: str  # e.g. "drone_lost", "strike", "capture", "order_refused"
    text: str
    side: str | None = None
    hex: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"turn": self.turn, "phase": self.phase, "kind": self.kind, "text": self.text}
        if self.side is not None:
            d["side"] = self.side
        if self.hex is not None:
            d["hex"] = self.hex
        if self.data:
            d["data"] = self.data
        return d
