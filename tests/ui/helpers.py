"""Driving the interface with real pygame events, as a player would."""

from __future__ import annotations

from typing import Any

import pygame


def click(app: Any, pos: tuple[int, int], button: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    app.step(0.016)


def key(app: Any, k: int, mod: int = 0, unicode: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=unicode, scancode=0))
    app.step(0.016)


def settle(app: Any, frames: int = 3) -> None:
    """Run frames until the board's terrain tiles are all drawn (they are rasterised a few per frame)."""
    for _ in range(frames):
        app.step(0.016)
    for _ in range(30):
        scene = app.stack.scenes[0] if app.stack.scenes else None
        board = getattr(scene, "board", None)
        if board is None or not board.terrain.incomplete:
            return
        app.step(0.016)


def finish_animation(app: Any) -> None:
    from game.ui.scenes.animation import TurnAnimation

    for _ in range(400):
        if not any(isinstance(s, TurnAnimation) for s in app.stack.scenes):
            return
        key(app, pygame.K_SPACE, unicode=" ")
    raise AssertionError("the turn animation did not finish")


def close_dialogs(app: Any) -> None:
    """Answer or dismiss whatever dialog sits over the game (ceasefire proposals at the start, messages)."""
    from game.ui.scenes.game_scene import GameScene

    for _ in range(10):
        if isinstance(app.stack.top, GameScene):
            return
        key(app, pygame.K_ESCAPE)
