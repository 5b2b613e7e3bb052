"""Saved games: versioned, checksummed, written atomically, restored by replaying the orders.

A save holds the scenario reference and overrides, the seed, the players and
every turn's orders. Loading replays them through the engine, which rebuilds
the position bit for bit (the engine is deterministic); the saved position
digest then confirms it. A truncated or corrupted file is refused with a
clear message and never overwrites anything.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from game.engine import Game
from game.fileio import atomic_write_text

SAVE_FORMAT = "karabakh-save"
SAVE_VERSION = 1


class SaveError(ValueError):
    pass


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _scenario_ref(sc: Any) -> str:
    """The scenario's id when it is one of the project's own, else its path (saves move between checkouts)."""
    from game.scenario.content import DEFAULT_ROOT

    path = Path(getattr(sc, "path", ""))
    try:
        if path.resolve() == (Path(DEFAULT_ROOT) / f"{sc.scenario.id}.yaml").resolve():
            return str(sc.scenario.id)
    except OSError:
        pass
    return str(path) if str(path) else str(sc.scenario.id)


def save_game(game: Game, path: str | Path, extra: dict[str, Any] | None = None) -> None:
    sc = game.scenario
    body = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "scenario": _scenario_ref(sc),
        "scenario_id": sc.scenario.id,
        "overrides": dict(getattr(sc, "overrides", None) or {}),
        "seed": game.seed,
        "players": dict(getattr(game, "players", {}) or {}),
        "turn": game.state.turn,
        "orders": game.history,
        "digest": game.state.digest(),
        "extra": extra or {},
    }
    doc = {"body": body, "sha256": _checksum(body)}
    atomic_write_text(Path(path), json.dumps(doc, indent=1, sort_keys=True) + "\n")


def read_save(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SaveError(f"{p}: no such saved game") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SaveError(f"{p}: not a readable saved game (damaged or truncated: {e})") from None
    if not isinstance(doc, dict) or "body" not in doc or "sha256" not in doc:
        raise SaveError(f"{p}: not a saved game of this program")
    body = doc["body"]
    if not isinstance(body, dict) or body.get("format") != SAVE_FORMAT:
        raise SaveError(f"{p}: not a saved game of this program")
    if _checksum(body) != doc["sha256"]:
        raise SaveError(f"{p}: the saved game is damaged (checksum mismatch)")
    if body.get("version") != SAVE_VERSION:
        raise SaveError(f"{p}: saved by an incompatible version ({body.get('version')}; this program reads {SAVE_VERSION})")
    return body


def load_game(path: str | Path) -> tuple[Game, dict[str, Any]]:
    """Rebuild the saved game; returns the game and the save's ``extra`` data (UI settings, side)."""
    from game.scenario.loader import load_scenario

    body = read_save(path)
    scenario = load_scenario(body["scenario"], overrides=body["overrides"] or None)
    game = replay_orders(scenario, body["seed"], body["orders"])
    game.players = body.get("players", {})  # type: ignore[attr-defined]
    if game.state.digest() != body["digest"]:
        raise SaveError(f"{path}: replaying the saved orders did not reach the saved position (the scenario or rules have changed since it was saved)")
    return game, body.get("extra", {})


def replay_orders(scenario: Any, seed: int, orders: list[dict[str, list[str]]], upto: int | None = None) -> Game:
    game = Game(scenario, seed)
    for turn in orders[: upto if upto is not None else len(orders)]:
        if game.is_over():
            break
        game.resolve_turn(turn.get("azerbaijan", []), turn.get("armenia", []))
    return game
