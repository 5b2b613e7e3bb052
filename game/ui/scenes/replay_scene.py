"""The replay viewer: a recorded game on the board, day by day, forwards, backwards or playing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.ui import palette as P
from game.ui import resources as R
from game.ui.scenes.game_scene import GameScene
from game.ui.scenes.panels import RIGHT_W
from game.ui.session import ReplaySession
from game.ui.widgets import Button

if TYPE_CHECKING:
    from game.ui.app import App


class ReplayScene(GameScene):
    def __init__(self, app: App, record: dict[str, Any]) -> None:
        self.replay = ReplaySession(record, app.loader)
        self.playing = False
        self._timer = 0.0
        super().__init__(app, self.replay)

    def _layout(self) -> None:
        super()._layout()
        w, h = self.app.screen.get_size()
        x0 = w - RIGHT_W + 12
        bw = (RIGHT_W - 36) // 3
        y = h - 52
        self.buttons = [
            Button(pygame.Rect(x0, y - 44, bw, 34), "< Back (,)", self.step_back),
            Button(pygame.Rect(x0 + bw + 6, y - 44, bw, 34), "Play (Space)", self.toggle_play),
            Button(pygame.Rect(x0 + 2 * (bw + 6), y - 44, bw, 34), "Next (.) >", self.step_forward),
            Button(pygame.Rect(x0 + 2 * (bw + 6), y, bw, 40), "Menu (Esc)", lambda: self.action("back")),
        ]

    def toggle_play(self) -> None:
        self.playing = not self.playing
        self._timer = 0.0

    def step_forward(self) -> None:
        if self.replay.at_end():
            self.playing = False
            self.say("End of the recorded game.")
            return
        self.end_turn()

    def step_back(self) -> None:
        if self.replay.played == 0:
            self.say("This is the first day.")
            return
        self.replay.back()
        self.log = [e for e in self.log if e.turn < self.replay.game.turn]
        self.refresh()
        self.say(f"Back to day {self.replay.game.turn}.")

    def end_turn(self) -> None:
        if self.replay.at_end():
            return
        super().end_turn()

    def after_animation(self) -> None:
        self.refresh()
        self._timer = 0.0

    def show_end(self) -> None:
        pass

    def action(self, name: str) -> bool:
        if name == "skip":
            self.toggle_play()
            return True
        if name == "step_forward" or name == "end_turn":
            self.step_forward()
            return True
        if name == "step_back":
            self.step_back()
            return True
        if name == "back":
            self.app.main_menu()
            return True
        return super().action(name)

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.playing and self.active():
            self._timer += dt
            if self._timer > 0.6 / max(0.1, self.app.settings.animation_speed):
                self._timer = 0.0
                self.step_forward()

    def _draw_right(self, surface: pygame.Surface) -> None:
        super()._draw_right(surface)
        w, h = surface.get_size()
        rec = self.replay.record
        x, y = w - RIGHT_W + 12, h - 200
        lines = [f"Replay: {rec.get('scenario')} seed {rec.get('seed')}",
                 f"Day {self.replay.played} of {self.replay.turns} recorded" + ("  (playing)" if self.playing else ""),
                 f"Result: {rec.get('winner', '?')} ({rec.get('outcome', '?')})"]
        for ln in lines:
            surface.blit(R.text(ln, 13, P.ACCENT), (x, y))
            y += 18
