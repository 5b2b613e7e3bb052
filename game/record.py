"""The game record: the JSON contract that batches, calibration, replays and the UI read.

See ``docs/record.md`` for every field. The record holds the scenario, seed,
overrides and every turn's orders, which is enough to replay the game exactly;
its ``record_version`` changes only when a field changes meaning.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.sides import SIDES
from game.state import LOSS_KEYS

if TYPE_CHECKING:
    from game.engine import Game

RECORD_VERSION = 1


def build_record(game: Game) -> dict[str, Any]:
    st = game.state
    losses = {}
    for s, name in enumerate(SIDES):
        side = st.sides[s]
        d: dict[str, Any] = {k: int(side.losses[k]) for k in LOSS_KEYS}
        d["civilians_killed"] = int(side.civilians_killed)
        d["captured_equipment"] = {k: int(v) for k, v in sorted(side.captured_equipment.items())}
        d["air_lost_by_type"] = {k: int(v) for k, v in sorted(side.air_lost.items())}
        d["air_expended_by_type"] = {k: int(v) for k, v in sorted(side.air_expended.items())}
        by_phase = st.flags.get("losses_by_phase", [{}, {}])[s]
        d["by_phase"] = {ph: {k: int(v) for k, v in sorted(c.items())} for ph, c in sorted(by_phase.items())}
        losses[name] = d
    end_turn = st.end_turn if st.end_turn is not None else st.turn
    end_date = st.start_date.toordinal() + end_turn - 1
    import datetime as dt

    return {
        "record_version": RECORD_VERSION,
        "scenario": st.scenario_id,
        "overrides": dict(getattr(game.scenario, "overrides", None) or {}),
        "seed": int(game.seed),
        "players": dict(game.__dict__.get("players", {})),
        "effectiveness": {SIDES[s]: round(float(e), 4) for s, e in enumerate(st.flags["effectiveness"])},
        "winner": st.winner or "draw",
        "outcome": st.flags.get("outcome_class", "draw"),
        "end_turn": int(end_turn),
        "end_date": dt.date.fromordinal(end_date).isoformat(),
        "end_reason": st.end_reason or "not finished",
        "war_days": int(_war_days(st, end_turn)),
        "captures": {k: dict(v) for k, v in sorted(st.captures.items(), key=lambda kv: (kv[1]["turn"], kv[0]))},
        "losses": losses,
        "forces_start": game.forces_start,
        "forces_end": game.force_summary(),
        "pressure": {SIDES[s]: round(st.sides[s].pressure, 3) for s in (0, 1)},
        "ceasefires": [dict(c) for c in st.ceasefires],
        "agreement": st.flags.get("agreement"),
        # --- politics (docs/diplomacy.md) ---
        "exchanges": [dict(x) for x in st.flags.get("exchanges", [])],
        "prisoners_exchanged": {k: dict(v) for k, v in sorted(st.flags.get("exchanged", {}).items())},
        "pressure_history": [list(x) for x in st.flags.get("pressure_history", [])],
        "triggers_fired": [dict(x) for x in st.flags.get("triggers_fired", [])],
        "victory": st.flags.get("victory"),
        "territory": [list(t) for t in st.territory],
        "orders": [dict(t) for t in game.history],
        "digest": st.digest(),
    }


def _war_days(st: Any, end_turn: int) -> int:
    """Days of fighting: up to the day an agreement took effect, else to the last day played."""
    ag = st.flags.get("agreement")
    if isinstance(ag, dict) and ag.get("effective_turn"):
        return int(ag["effective_turn"])
    return end_turn


def dumps(record: dict[str, Any]) -> str:
    """Canonical JSON text: sorted keys, no floats that depend on formatting quirks."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def write_record(record: dict[str, Any], path: str | Path) -> None:
    """Write atomically: a temporary file beside the target, then rename."""
    from game.fileio import atomic_write_text

    atomic_write_text(Path(path), json.dumps(record, sort_keys=True, ensure_ascii=False, indent=1) + "\n")


# --- the record's schema (validated by tests and by `karabakh soak`) ----------------------------
from pydantic import BaseModel, ConfigDict, Field  # noqa: E402


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


class SideLosses(_Loose):
    personnel_killed: int = Field(ge=0)
    personnel_wounded: int = Field(ge=0)
    personnel_captured: int = Field(ge=0)
    tanks: int = Field(ge=0)
    afv: int = Field(ge=0)
    artillery: int = Field(ge=0)
    mlrs: int = Field(ge=0)
    air_defence: int = Field(ge=0)
    drones: int = Field(ge=0)
    aircraft: int = Field(ge=0)
    civilians_killed: int = Field(ge=0)


class Capture(_Loose):
    turn: int = Field(ge=1)
    date: str
    by: str


class RecordModel(BaseModel):
    """The game record (docs/record.md). Extra fields are allowed so that readers stay compatible."""

    model_config = ConfigDict(extra="allow")
    record_version: int
    scenario: str
    seed: int
    winner: str = Field(pattern="^(azerbaijan|armenia|draw)$")
    outcome: str
    end_turn: int = Field(ge=1)
    end_date: str
    end_reason: str
    captures: dict[str, Capture]
    losses: dict[str, SideLosses]
    forces_start: dict[str, dict[str, int]]
    forces_end: dict[str, dict[str, int]]
    ceasefires: list[dict[str, Any]]
    orders: list[dict[str, list[str]]]
    territory: list[list[int]]


def validate_record(record: dict[str, Any]) -> RecordModel:
    return RecordModel.model_validate(record)
