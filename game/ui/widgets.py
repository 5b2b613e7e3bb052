"""Small interface pieces drawn with pygame primitives: panels, buttons, wrapped text, selectable lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game.ui import palette as P
from game.ui import resources as R
from game.ui.input import Input


def panel(surface: pygame.Surface, rect: pygame.Rect, alpha: int = 235) -> None:
    s = pygame.Surface(rect.size, pygame.SRCALPHA)
    s.fill((*P.PANEL, alpha))
    surface.blit(s, rect.topleft)
    pygame.draw.rect(surface, P.PANEL_EDGE, rect, 1)


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    f = R.font(size, bold)
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for word in para.split(" "):
            trial = f"{cur} {word}".strip()
            if f.size(trial)[0] <= width or not cur:
                cur = trial
            else:
                lines.append(cur)
                cur = word
        lines.append(cur)
    return lines


def draw_lines(surface: pygame.Surface, lines: list[str], pos: tuple[int, int], size: int = 14,
               colour: tuple[int, int, int] = P.TEXT, spacing: int = 3, bold: bool = False) -> int:
    """Draw lines of text from ``pos`` downwards; returns the y below the last line."""
    x, y = pos
    for ln in lines:
        t = R.text(ln, size, colour, bold)
        surface.blit(t, (x, y))
        y += t.get_height() + spacing
    return y


@dataclass
class Button:
    rect: pygame.Rect
    label: str
    on_click: Callable[[], object]
    enabled: bool = True
    toggled: bool = False
    tooltip: str = ""
    size: int = 14

    def handle(self, ev: Input) -> bool:
        if ev.kind == "click" and self.enabled and self.rect.collidepoint(ev.pos):
            self.on_click()
            return True
        return ev.kind in ("press", "release") and self.rect.collidepoint(ev.pos)

    def draw(self, surface: pygame.Surface, hover: tuple[int, int] | None = None) -> None:
        over = hover is not None and self.rect.collidepoint(hover) and self.enabled
        bg = P.ACCENT if self.toggled else (P.PANEL_EDGE if over else P.PANEL_LIGHT)
        pygame.draw.rect(surface, bg, self.rect, border_radius=4)
        pygame.draw.rect(surface, P.PANEL_EDGE, self.rect, 1, border_radius=4)
        col = (20, 20, 20) if self.toggled else (P.TEXT if self.enabled else P.TEXT_DIM)
        t = R.text(self.label, self.size, col, True)
        surface.blit(t, t.get_rect(center=self.rect.center))


@dataclass
class ListBox:
    """A list of rows, one selected; the wheel scrolls it."""

    rect: pygame.Rect
    items: list[str] = field(default_factory=list)
    selected: int = 0
    scroll: int = 0
    row_h: int = 26
    size: int = 15
    on_select: Callable[[int], None] | None = None

    def handle(self, ev: Input) -> bool:
        if not self.rect.collidepoint(ev.pos):
            return False
        if ev.kind == "click":
            i = self.scroll + (ev.pos[1] - self.rect.y - 4) // self.row_h
            if 0 <= i < len(self.items):
                self.selected = i
                if self.on_select:
                    self.on_select(i)
            return True
        if ev.kind == "wheel":
            rows = max(1, (self.rect.h - 8) // self.row_h)
            self.scroll = max(0, min(max(0, len(self.items) - rows), self.scroll - ev.wheel))
            return True
        return ev.kind in ("press", "release")

    def draw(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, P.PANEL_LIGHT, self.rect)
        pygame.draw.rect(surface, P.PANEL_EDGE, self.rect, 1)
        rows = max(1, (self.rect.h - 8) // self.row_h)
        for k, item in enumerate(self.items[self.scroll: self.scroll + rows]):
            i = self.scroll + k
            r = pygame.Rect(self.rect.x + 4, self.rect.y + 4 + k * self.row_h, self.rect.w - 8, self.row_h - 2)
            if i == self.selected:
                pygame.draw.rect(surface, P.ACCENT, r, border_radius=3)
            t = R.text(item, self.size, (20, 20, 20) if i == self.selected else P.TEXT)
            surface.blit(t, (r.x + 6, r.centery - t.get_height() // 2))
