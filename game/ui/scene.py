"""Scenes and the scene stack (the Tuxemon pattern).

Each screen is a :class:`Scene` with ``process_event`` (returns True when it
consumed the input), ``update(dt)`` and ``draw(surface)``. Input goes to the
top scene first and down the stack until one consumes it, unless a scene is
modal. Everything visible is drawn bottom-up, so dialogs sit over the board.
``draw`` must never change game state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.ui.input import Input

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    """Base class. ``modal`` scenes swallow all input; ``opaque`` scenes hide the scenes below them."""

    modal = False
    opaque = True

    def __init__(self, app: App) -> None:
        self.app = app

    def process_event(self, event: Input) -> bool:
        return False

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    def on_resume(self) -> None:
        """Called when the scene above it closes."""

    def close(self) -> None:
        self.app.stack.remove(self)

    def button_panel_event(self, event: Input, buttons: list[Any]) -> bool:
        """Input for a panel of buttons: a button takes it, or "back" closes the panel; nothing passes below."""
        for b in buttons:
            if b.handle(event):
                return True
        if event.kind == "action" and event.action == "back":
            self.close()
        return True


class SceneStack:
    def __init__(self) -> None:
        self.scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> Scene:
        self.scenes.append(scene)
        return scene

    def pop(self) -> Scene | None:
        s = self.scenes.pop() if self.scenes else None
        if self.top is not None:
            self.top.on_resume()
        return s

    def remove(self, scene: Scene) -> None:
        if scene in self.scenes:
            was_top = scene is self.top
            self.scenes.remove(scene)
            if was_top and self.top is not None:
                self.top.on_resume()

    def replace(self, scene: Scene) -> Scene:
        """Swap the whole stack for one scene (e.g. from the menu into a game)."""
        self.scenes = [scene]
        return scene

    def find(self, cls: type) -> Scene | None:
        return next((s for s in reversed(self.scenes) if isinstance(s, cls)), None)

    def dispatch(self, event: Input) -> bool:
        for scene in reversed(list(self.scenes)):
            if scene.process_event(event):
                return True
            if scene.modal:
                return True
        return False

    def update(self, dt: float) -> None:
        top = self.top
        for scene in list(self.scenes):
            if scene is top or not scene.modal:
                scene.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        start = 0
        for i in range(len(self.scenes) - 1, -1, -1):
            if self.scenes[i].opaque:
                start = i
                break
        for scene in self.scenes[start:]:
            scene.draw(surface)
