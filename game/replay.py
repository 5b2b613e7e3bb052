"""Replays: step through a recorded game from its record (a JSON file or a line of a batch's results.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.engine import Game


class ReplayError(ValueError):
    pass


def read_record(path: str | Path, index: int = 0) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReplayError(f"{p}: no such file") from None
    if p.suffix == ".jsonl":
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if not 0 <= index < len(lines):
            raise ReplayError(f"{p}: has {len(lines)} games; there is no game {index}")
        text = lines[index]
    try:
        rec = json.loads(text)
    except json.JSONDecodeError as e:
        raise ReplayError(f"{p}: not a game record ({e})") from None
    if not isinstance(rec, dict) or "orders" not in rec or "seed" not in rec:
        raise ReplayError(f"{p}: not a game record (no orders or seed)" + (f": {rec.get('error')}" if isinstance(rec, dict) and rec.get("error") else ""))
    return rec


class Replay:
    """A game rebuilt from its record, advanced one turn at a time."""

    def __init__(self, record: dict[str, Any], scenario: Any | None = None) -> None:
        from game.scenario.loader import load_scenario

        self.record = record
        self.scenario = scenario or load_scenario(record.get("scenario_path") or record["scenario"], overrides=record.get("overrides") or None)
        self.game = Game(self.scenario, record["seed"])
        self.game.players = dict(record.get("players", {}))  # type: ignore[attr-defined]
        self.orders = record["orders"]

    @property
    def turns(self) -> int:
        return len(self.orders)

    def step(self) -> list[Any]:
        t = self.game.state.turn - 1
        if self.game.is_over() or t >= len(self.orders):
            return []
        o = self.orders[t]
        return self.game.resolve_turn(o.get("azerbaijan", []), o.get("armenia", []))

    def run_to_end(self) -> Game:
        while not self.game.is_over() and self.game.state.turn - 1 < len(self.orders):
            self.step()
        return self.game
