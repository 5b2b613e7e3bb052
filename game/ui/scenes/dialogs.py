"""Modal dialogs and overlays: messages, confirmations, ceasefire answers, air missions, the hand-over screen, help."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.orders import AIR_MISSIONS
from game.ui import palette as P
from game.ui import resources as R
from game.ui.input import Input
from game.ui.scene import Scene
from game.ui.widgets import Button, draw_lines, panel, wrap

if TYPE_CHECKING:
    from game.ui.app import App


class Dialog(Scene):
    """A centred modal box over whatever is below it."""

    modal = True
    opaque = False
    width = 560

    def __init__(self, app: App, title: str, body: str = "") -> None:
        super().__init__(app)
        self.title = title
        self.body = body
        self.buttons: list[Button] = []

    def box(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        lines = wrap(self.body, 15, self.width - 40)
        height = 110 + len(lines) * 21 + self.extra_height()
        r = pygame.Rect(0, 0, self.width, height)
        r.center = (w // 2, h // 2)
        return r

    def extra_height(self) -> int:
        return 0

    def layout_buttons(self) -> None:
        r = self.box()
        x = r.right - 20
        for b in reversed(self.buttons):
            b.rect.size = (max(100, R.font(14, True).size(b.label)[0] + 24), 34)
            b.rect.bottomright = (x, r.bottom - 16)
            x = b.rect.left - 10

    def process_event(self, event: Input) -> bool:
        self.layout_buttons()
        for b in self.buttons:
            if b.handle(event):
                return True
        if event.kind == "action" and event.action == "back":
            self.cancel()
            return True
        if event.kind == "action" and event.action == "end_turn" and self.buttons:
            self.buttons[-1].on_click()
            return True
        return True

    def cancel(self) -> None:
        self.close()

    def draw(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 120))
        surface.blit(shade, (0, 0))
        r = self.box()
        panel(surface, r, 250)
        surface.blit(R.text(self.title, 19, P.ACCENT, True), (r.x + 20, r.y + 16))
        y = draw_lines(surface, wrap(self.body, 15, self.width - 40), (r.x + 20, r.y + 54), 15)
        self.draw_extra(surface, r, y)
        self.layout_buttons()
        for b in self.buttons:
            b.draw(surface, self.app.translator.pointer)

    def draw_extra(self, surface: pygame.Surface, r: pygame.Rect, y: int) -> None:
        pass


class MessageDialog(Dialog):
    def __init__(self, app: App, title: str, body: str, on_close: Callable[[], None] | None = None) -> None:
        super().__init__(app, title, body)
        self.on_close = on_close
        self.buttons = [Button(pygame.Rect(0, 0, 100, 34), "OK", self.cancel)]

    def cancel(self) -> None:
        self.close()
        if self.on_close:
            self.on_close()


class ConfirmDialog(Dialog):
    def __init__(self, app: App, title: str, body: str, on_yes: Callable[[], None], yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__(app, title, body)
        self.on_yes = on_yes
        self.buttons = [Button(pygame.Rect(0, 0, 100, 34), no, self.cancel), Button(pygame.Rect(0, 0, 100, 34), yes, self._yes)]

    def _yes(self) -> None:
        self.close()
        self.on_yes()


class CeasefireDialog(Dialog):
    """A mediator's proposal: the player accepts or refuses (a ``CF`` order for this turn)."""

    def __init__(self, app: App, proposal: dict[str, Any], on_answer: Callable[[bool], None]) -> None:
        kind = proposal.get("kind", "humanitarian")
        eff = proposal.get("effective") or ""
        body = (f"{proposal.get('mediator', 'A mediator')} proposes a {kind} ceasefire ({proposal.get('id')})"
                + (f", to take effect {eff}" if eff else "") + ".\n\nIf both sides accept, it takes effect; "
                "orders that break it are counted as violations. Refusing adds to international pressure.")
        super().__init__(app, "Ceasefire proposal", body)
        self.on_answer = on_answer
        self.buttons = [Button(pygame.Rect(0, 0, 100, 34), "Refuse", lambda: self._answer(False)),
                        Button(pygame.Rect(0, 0, 100, 34), "Accept", lambda: self._answer(True))]

    def _answer(self, accept: bool) -> None:
        self.close()
        self.on_answer(accept)

    def cancel(self) -> None:
        """Closing without an answer leaves it open; the engine counts no answer as a refusal."""
        self.close()


class AirMissionDialog(Dialog):
    """Choose an air type, the number of sorties and the mission; the target is clicked on the board next."""

    width = 720

    def __init__(self, app: App, limits: dict[str, int], names: dict[str, str], on_choose: Callable[[str, int, str], None]) -> None:
        super().__init__(app, "Air and drone mission", "Choose the type, the sorties and the mission, then click the target hex.")
        self.types = [t for t in sorted(limits) if limits[t] > 0]
        self.limits = limits
        self.names = names
        self.on_choose = on_choose
        self.kind = 0
        self.count = 1
        self.mission = 1
        self.buttons = [Button(pygame.Rect(0, 0, 100, 34), "Cancel", self.cancel),
                        Button(pygame.Rect(0, 0, 100, 34), "Choose target", self._ok, enabled=bool(self.types))]

    def extra_height(self) -> int:
        return 60 + 26 * max(1, len(self.types))

    def _ok(self) -> None:
        if not self.types:
            return
        self.close()
        self.on_choose(self.types[self.kind], self.count, AIR_MISSIONS[self.mission])

    def _rows(self) -> tuple[list[pygame.Rect], list[pygame.Rect], pygame.Rect, pygame.Rect]:
        r = self.box()
        y0 = r.y + 84
        rows = [pygame.Rect(r.x + 20, y0 + 26 * i, 470, 24) for i in range(len(self.types))]
        ms = [pygame.Rect(r.x + 520, y0 + 30 * i, 120, 26) for i in range(len(AIR_MISSIONS))]
        minus = pygame.Rect(r.x + 520, y0 + 30 * 4 + 10, 30, 26)
        plus = pygame.Rect(r.x + 610, y0 + 30 * 4 + 10, 30, 26)
        return rows, ms, minus, plus

    def process_event(self, event: Input) -> bool:
        if event.kind == "click":
            rows, ms, minus, plus = self._rows()
            for i, rr in enumerate(rows):
                if rr.collidepoint(event.pos):
                    self.kind, self.count = i, min(self.count, self.limits[self.types[i]])
                    return True
            for i, rr in enumerate(ms):
                if rr.collidepoint(event.pos):
                    self.mission = i
                    return True
            if self.types and minus.collidepoint(event.pos):
                self.count = max(1, self.count - 1)
                return True
            if self.types and plus.collidepoint(event.pos):
                self.count = min(self.limits[self.types[self.kind]], self.count + 1)
                return True
        return super().process_event(event)

    def draw_extra(self, surface: pygame.Surface, r: pygame.Rect, y: int) -> None:
        rows, ms, minus, plus = self._rows()
        if not self.types:
            surface.blit(R.text("No sorties available today.", 15, P.TEXT_DIM), (r.x + 20, r.y + 84))
        for i, rr in enumerate(rows):
            t = self.types[i]
            if i == self.kind:
                pygame.draw.rect(surface, P.ACCENT, rr, border_radius=3)
            col = (20, 20, 20) if i == self.kind else P.TEXT
            label = _fit(f"{self.names.get(t, t)}", 14, rr.w - 110)
            surface.blit(R.text(label, 14, col), (rr.x + 6, rr.y + 3))
            n = R.text(f"{self.limits[t]} today", 14, col)
            surface.blit(n, (rr.right - n.get_width() - 6, rr.y + 3))
        for i, rr in enumerate(ms):
            pygame.draw.rect(surface, P.ACCENT if i == self.mission else P.PANEL_LIGHT, rr, border_radius=3)
            surface.blit(R.text(AIR_MISSIONS[i], 14, (20, 20, 20) if i == self.mission else P.TEXT, True), (rr.x + 8, rr.y + 4))
        if self.types:
            for rr, sign in ((minus, "-"), (plus, "+")):
                pygame.draw.rect(surface, P.PANEL_LIGHT, rr, border_radius=3)
                img = R.text(sign, 16, P.TEXT, True)
                surface.blit(img, img.get_rect(center=rr.center))
            img = R.text(f"x{self.count}", 16, P.TEXT, True)
            surface.blit(img, img.get_rect(center=((minus.right + plus.left) // 2, minus.centery)))


def _fit(text: str, size: int, width: int) -> str:
    """Shorten ``text`` with an ellipsis so that it fits ``width`` pixels."""
    f = R.font(size)
    if f.size(text)[0] <= width:
        return text
    while text and f.size(text + "...")[0] > width:
        text = text[:-1]
    return text.rstrip() + "..."


class TextDialog(Dialog):
    """Ask for one line of text (a file name)."""

    def __init__(self, app: App, title: str, body: str, initial: str, on_ok: Callable[[str], object]) -> None:
        super().__init__(app, title, body)
        self.value = initial
        self.on_ok = on_ok
        self.buttons = [Button(pygame.Rect(0, 0, 100, 34), "Cancel", self.cancel), Button(pygame.Rect(0, 0, 100, 34), "OK", self._ok)]

    def extra_height(self) -> int:
        return 50

    def _ok(self) -> None:
        if self.value.strip():
            self.close()
            self.on_ok(self.value.strip())

    def process_event(self, event: Input) -> bool:
        if event.kind == "text":
            self.value += event.text
            return True
        if event.kind == "action" and event.action == "undo":
            self.value = self.value[:-1]
            return True
        return super().process_event(event)

    def draw_extra(self, surface: pygame.Surface, r: pygame.Rect, y: int) -> None:
        box = pygame.Rect(r.x + 20, y + 6, r.w - 40, 30)
        pygame.draw.rect(surface, P.PANEL_LIGHT, box)
        pygame.draw.rect(surface, P.ACCENT, box, 1)
        surface.blit(R.text(self.value + "_", 15, P.TEXT), (box.x + 6, box.y + 6))


class PassScreen(Scene):
    """Hot-seat: hides the board until the next player is at the screen."""

    modal = True
    opaque = True

    def __init__(self, app: App, side_label: str, on_continue: Callable[[], None]) -> None:
        super().__init__(app)
        self.side_label = side_label
        self.on_continue = on_continue

    def process_event(self, event: Input) -> bool:
        if event.kind == "click" or (event.kind == "action" and event.action in ("end_turn", "skip")):
            self.close()
            self.on_continue()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((18, 20, 24))
        w, h = surface.get_size()
        rows = (("Hand the controls to", 22, P.TEXT_DIM), (self.side_label, 40, P.ACCENT),
                ("The board is hidden. Click or press Enter when ready.", 16, P.TEXT_DIM))
        for i, (line, size, col) in enumerate(rows):
            img = R.text(line, size, col, True)
            surface.blit(img, img.get_rect(center=(w // 2, h // 2 - 60 + i * 60)))


HELP = [
    ("Mouse", ""),
    ("Left click", "select a unit; click a stack again to cycle through it"),
    ("Right click", "move the selected unit there; attack an adjacent enemy; a gun fires on it"),
    ("Left drag", "pan the map"),
    ("Wheel", "zoom around the pointer"),
    ("Minimap", "click to jump there"),
    ("Keys", ""),
    ("Arrows / WASD", "pan"),
    ("+ / -", "zoom"),
    ("Tab", "next own unit"),
    ("F", "fire mission: click the target hex"),
    ("G", "air or drone mission: choose type, sorties, mission, then the target"),
    ("P", "posture of the selected unit: MOBILE or DEFEND"),
    ("E", "radar emission ON/OFF (air-defence units)"),
    ("Backspace, Ctrl+Z", "undo the last order"),
    ("C", "clear all orders"),
    ("/", "type an order in its text notation"),
    ("Enter", "end the turn"),
    ("Space / Esc", "skip the turn's animation"),
    ("L", "cycle the event-log filter"),
    ("H / M", "hex grid / minimap on or off"),
    ("K", "map key (legend)"),
    ("F5 / F9", "quick-save / quick-load"),
    ("Ctrl+S", "save as..."),
    ("F1", "this help"),
    ("Esc", "close a dialog; in the game, the game menu"),
    ("Replay", "'.' next day, ',' previous day, Space play / pause"),
]


class HelpOverlay(Scene):
    modal = True
    opaque = False

    def process_event(self, event: Input) -> bool:
        if event.kind in ("click", "action"):
            self.close()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        r = pygame.Rect(0, 0, 800, 40 + 22 * len(HELP) + 40)
        r.center = (w // 2, h // 2)
        panel(surface, r, 245)
        surface.blit(R.text("Keys and mouse", 20, P.ACCENT, True), (r.x + 20, r.y + 14))
        y = r.y + 50
        for k, v in HELP:
            if not v:
                surface.blit(R.text(k, 15, P.ACCENT, True), (r.x + 20, y))
            else:
                surface.blit(R.text(k, 14, P.TEXT, True), (r.x + 40, y))
                surface.blit(R.text(v, 14, P.TEXT_DIM), (r.x + 230, y))
            y += 22
        surface.blit(R.text("Any key or click closes this.", 13, P.TEXT_DIM), (r.x + 20, r.bottom - 28))
