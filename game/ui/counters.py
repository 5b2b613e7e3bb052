"""Unit counters: NATO-style symbols (APP-6 shapes) drawn with pygame primitives, cached per look.

A counter is a square in the side's colour with a light symbol frame, the
branch symbol inside it, and bars for strength (green to red) and cohesion
(amber) along the bottom. Stale contacts are grey with the turn they were
last seen. Nothing is loaded from image files, so counters scale to any zoom.
"""

from __future__ import annotations

from functools import lru_cache

import pygame

from game.ui import palette as P
from game.ui import resources as R

INK = (20, 20, 24)


def draw_symbol(surf: pygame.Surface, symbol: str, rect: pygame.Rect, colour: tuple[int, int, int] = INK) -> None:
    """Draw a branch symbol inside a NATO frame ``rect`` (the frame itself is drawn by the caller)."""
    x, y, w, h = rect
    lw = max(1, round(h / 10))
    cx, cy = x + w // 2, y + h // 2
    oval = pygame.Rect(0, 0, int(w * 0.56), int(h * 0.5))
    oval.center = (cx, cy)
    if symbol in ("infantry", "mechanised", "motorised"):
        pygame.draw.line(surf, colour, (x, y), (x + w - 1, y + h - 1), lw)
        pygame.draw.line(surf, colour, (x, y + h - 1), (x + w - 1, y), lw)
        if symbol == "mechanised":
            pygame.draw.ellipse(surf, colour, oval, lw)
        if symbol == "motorised":
            pygame.draw.line(surf, colour, (cx, y), (cx, y + h - 1), lw)
    elif symbol == "armour":
        pygame.draw.ellipse(surf, colour, oval, lw)
    elif symbol in ("artillery", "rocket_artillery"):
        r = max(2, h // 5)
        dy = h // 8 if symbol == "rocket_artillery" else 0
        pygame.draw.circle(surf, colour, (cx, cy + dy), r)
        if symbol == "rocket_artillery":
            top = y + max(1, h // 8)
            pygame.draw.line(surf, colour, (cx - w // 5, cy - h // 10), (cx, top), lw)
            pygame.draw.line(surf, colour, (cx + w // 5, cy - h // 10), (cx, top), lw)
    elif symbol == "air_defence":
        dome = pygame.Rect(x + w // 6, y + h // 3, w - w // 3, int(h * 1.2))
        pygame.draw.arc(surf, colour, dome, 0, 3.1416, lw)
    elif symbol == "headquarters":
        t = R.text("HQ", max(7, h // 2), colour, True)
        surf.blit(t, t.get_rect(center=(cx, cy)))
    elif symbol == "special_forces":
        t = R.text("SF", max(7, h // 2), colour, True)
        surf.blit(t, t.get_rect(center=(cx, cy)))
    elif symbol == "engineer":
        lft, r_, top, bot = x + w // 5, x + w - w // 5, cy - h // 6, cy + h // 6
        pygame.draw.line(surf, colour, (lft, top), (r_, top), lw)
        for xx in (lft, cx, r_):
            pygame.draw.line(surf, colour, (xx, top), (xx, bot), lw)
    elif symbol == "missile":
        body = pygame.Rect(0, 0, max(3, w // 7), int(h * 0.55))
        body.midbottom = (cx, y + h - max(1, h // 8))
        pygame.draw.rect(surf, colour, body)
        pygame.draw.polygon(surf, colour, [(body.left - 1, body.top), (body.right, body.top), (cx, y + max(1, h // 10))])
    elif symbol == "reconnaissance":
        pygame.draw.line(surf, colour, (x, y + h - 1), (x + w - 1, y), lw)
    elif symbol == "electronic_warfare":
        pts = [(x + w // 6, cy + h // 6), (cx - w // 10, cy - h // 5), (cx + w // 10, cy + h // 5), (x + w - w // 6, cy - h // 6)]
        pygame.draw.lines(surf, colour, False, pts, lw)
        pygame.draw.circle(surf, colour, pts[-1], max(1, lw))
    else:
        t = R.text("?", max(7, h // 2), colour, True)
        surf.blit(t, t.get_rect(center=(cx, cy)))


@lru_cache(maxsize=2048)
def counter(symbol: str, side: int, size: int, strength: int = 10, cohesion: int = 10, stale_turn: int = 0,
            stack: int = 1, hq_staff: bool = False, selected: bool = False) -> pygame.Surface:
    """A counter ``size`` pixels square. ``strength``/``cohesion`` are tenths (0..10), -1 for unknown; ``stale_turn`` > 0 greys it."""
    surf = pygame.Surface((size + 2, size + 2), pygame.SRCALPHA)
    body = pygame.Rect(1, 1, size, size)
    base = P.STALE if stale_turn else P.SIDE[side]
    if stack > 1:  # a second counter peeking out behind
        pygame.draw.rect(surf, tuple(max(0, c - 50) for c in base), body.move(2, -0), border_radius=max(1, size // 10))
        body = pygame.Rect(0, 1, size, size)
    pygame.draw.rect(surf, base, body, border_radius=max(1, size // 10))
    pygame.draw.rect(surf, P.SELECT if selected else (15, 15, 15), body, 2 if selected else 1, border_radius=max(1, size // 10))
    bars = size >= 18 and strength >= 0  # contacts (strength -1) carry no bars: their state is not known
    fh = int(size * (0.46 if bars else 0.56))
    fw = int(size * 0.74)
    frame = pygame.Rect(0, 0, fw, fh)
    frame.midtop = (body.centerx, body.top + int(size * (0.12 if size >= 18 else 0.2)))
    light = (225, 225, 225) if stale_turn else P.SIDE_LIGHT[side]
    pygame.draw.rect(surf, light, frame)
    pygame.draw.rect(surf, INK, frame, 1)
    if size >= 10:
        draw_symbol(surf, symbol, frame.inflate(-2, -2))
    if symbol == "headquarters" and size >= 14:  # the HQ staff hangs from the frame's lower left corner
        pygame.draw.line(surf, INK, frame.bottomleft, (frame.left, min(body.bottom - 3, frame.bottom + size // 3)), max(1, size // 14))
    if bars:
        bh = max(2, size // 12)
        bw = body.w - 6
        yb = body.bottom - 2 * bh - 4
        for i, (val, col) in enumerate(((strength, _strength_colour(strength)), (cohesion, (235, 185, 50)))):
            r = pygame.Rect(body.x + 3, yb + i * (bh + 1), bw, bh)
            pygame.draw.rect(surf, (25, 25, 25), r)
            pygame.draw.rect(surf, col, (r.x, r.y, max(0, int(bw * val / 10)), bh))
    if stale_turn and size >= 18:
        t = R.text(f"T{stale_turn}", max(8, size // 4), (30, 30, 30), True)
        surf.blit(t, t.get_rect(midbottom=(body.centerx, frame.bottom + t.get_height() + 1)))
    if stack > 1 and size >= 14:
        t = R.text(str(stack), max(8, size // 3), (255, 255, 255), True)
        badge = pygame.Rect(0, 0, t.get_width() + 4, t.get_height())
        badge.topright = (body.right + 1, body.top - 1)
        pygame.draw.rect(surf, (20, 20, 20), badge, border_radius=3)
        surf.blit(t, t.get_rect(center=badge.center))
    return surf.convert_alpha() if pygame.display.get_surface() is not None else surf


def _strength_colour(tenths: int) -> tuple[int, int, int]:
    if tenths >= 7:
        return P.GOOD
    if tenths >= 4:
        return (220, 200, 60)
    return P.BAD


def dot(side: int, size: int, stale: bool = False) -> pygame.Surface:
    """The far-zoom marker: a small square in the side's colour."""
    return counter("", side, size, stale_turn=1 if stale else 0)


def clear() -> None:
    counter.cache_clear()
