"""The map key: what each colour, line and counter on the board means (K toggles it)."""

from __future__ import annotations

import numpy as np
import pygame

from game.ui import palette as P
from game.ui import resources as R
from game.ui.counters import counter
from game.ui.input import Input
from game.ui.scene import Scene
from game.ui.terrain import tint
from game.ui.widgets import panel

SYMBOLS = ("infantry", "mechanised", "motorised", "armour", "artillery", "rocket_artillery", "air_defence", "headquarters",
           "special_forces", "engineer", "missile", "reconnaissance", "electronic_warfare")


class LegendOverlay(Scene):
    """Drawn over the board's lower left; input passes through to the game."""

    modal = False
    opaque = False

    def process_event(self, event: Input) -> bool:
        if event.kind == "action" and event.action in ("legend", "back"):
            self.close()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        board = getattr(self.app.stack.scenes[0], "board", None)
        area = board.rect if board is not None else surface.get_rect()
        r = pygame.Rect(area.x + 8, 0, 600, 420)
        r.bottom = area.bottom - 8
        panel(surface, r, 238)
        x, y = r.x + 14, r.y + 10
        surface.blit(R.text("Map key", 16, P.ACCENT, True), (x, y))
        y += 28
        for i, (z, lab) in enumerate(((100, "0-300 m"), (700, "500-900 m"), (1700, "1,400-2,000 m"), (2900, "2,600-3,200 m"), (3600, "> 3,200 m"))):
            c = tuple(int(v * 255) for v in tint(np.array([float(z)]))[0])
            pygame.draw.rect(surface, c, (x + (i % 3) * 190, y + (i // 3) * 22, 18, 16))
            surface.blit(R.text(lab, 12, P.TEXT), (x + 24 + (i % 3) * 190, y + 1 + (i // 3) * 22))
        pygame.draw.rect(surface, P.WATER, (x + 380, y + 22, 18, 16))
        surface.blit(R.text("lake, reservoir", 12, P.TEXT), (x + 404, y + 23))
        y += 54
        lines = [
            (P.LOC, 5, "line of contact, 1994-2020"), (P.FRONT, 3, "today's front (where control changes)"),
            (P.BORDER, 3, "international border"), (P.DISTRICT, 1, "district boundary"),
            (P.RIVER, 4, "major river (Aras, Kura)"), (P.RIVER, 2, "river / stream"),
            (P.MAIN_ROAD, 3, "main road"), (P.ROAD, 2, "road"),
        ]
        for i, (col, w, lab) in enumerate(lines):
            xx, yy = x + (i % 2) * 290, y + (i // 2) * 22
            pygame.draw.rect(surface, (214, 205, 160), (xx - 3, yy + 1, 36, 15))  # a patch of map behind the line
            if col in (P.MAIN_ROAD, P.ROAD):
                pygame.draw.line(surface, P.ROAD_CASING, (xx, yy + 8), (xx + 30, yy + 8), w + 2)
            pygame.draw.line(surface, col, (xx, yy + 8), (xx + 30, yy + 8), w)
            surface.blit(R.text(lab, 12, P.TEXT), (xx + 38, yy + 1))
        y += 4 * 22 + 8
        for side in (0, 1):
            c = tuple(int(0.6 * 205 + 0.4 * v) for v in P.SIDE[side])
            pygame.draw.rect(surface, c, (x + side * 290, y, 18, 16))
            surface.blit(R.text(f"held by {P.SIDE_LABEL[side]}", 12, P.TEXT), (x + 24 + side * 290, y + 1))
        y += 22
        hatch = pygame.Surface((18, 16))
        hatch.fill((200, 190, 150))
        for k in range(-16, 18, 5):
            pygame.draw.line(hatch, (90, 60, 45), (k, 16), (k + 16, 0))
        surface.blit(hatch, (x, y))
        surface.blit(R.text("fortified belt", 12, P.TEXT), (x + 24, y + 1))
        for k in range(2):
            cx = x + 210 + k * 12
            pygame.draw.line(surface, (120, 20, 20), (cx - 3, y + 5), (cx + 3, y + 11), 2)
            pygame.draw.line(surface, (120, 20, 20), (cx - 3, y + 11), (cx + 3, y + 5), 2)
        surface.blit(R.text("known minefield", 12, P.TEXT), (x + 234, y + 1))
        pygame.draw.circle(surface, (255, 255, 255), (x + 349, y + 8), 6)
        pygame.draw.circle(surface, (0, 0, 0), (x + 349, y + 8), 5)
        surface.blit(R.text("key town (both names)", 12, P.TEXT), (x + 364, y + 1))
        y += 28
        for i, sym in enumerate(SYMBOLS):
            xx, yy = x + (i % 5) * 116, y + (i // 5) * 32
            surface.blit(counter(sym, i % 2, 26), (xx, yy))
            surface.blit(R.text(sym.replace("_", " "), 11, P.TEXT), (xx + 32, yy + 8))
        y += 3 * 32 + 4
        surface.blit(counter("infantry", 0, 26, stale_turn=3), (x, y - 6))
        surface.blit(R.text("grey: enemy last seen on an earlier turn", 12, P.TEXT_DIM), (x + 34, y + 2))
        surface.blit(R.text("bars: strength, cohesion", 12, P.TEXT_DIM), (x + 340, y + 2))
