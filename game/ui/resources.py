"""One cache for fonts and rendered text, so that nothing is loaded or rasterised twice."""

from __future__ import annotations

import os
from functools import lru_cache

import pygame

_FONT_PATHS = {
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"),
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
}


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """DejaVu Sans where installed (clear at small sizes, covers Armenian and Azerbaijani letters), else pygame's own."""
    if not pygame.font.get_init():
        pygame.font.init()
    for p in _FONT_PATHS[bold]:
        if os.path.exists(p):
            return pygame.font.Font(p, size)
    f = pygame.font.Font(None, int(size * 1.3))
    f.set_bold(bold)
    return f


@lru_cache(maxsize=4096)
def text(s: str, size: int, colour: tuple[int, int, int], bold: bool = False) -> pygame.Surface:
    return font(size, bold).render(s, True, colour)


@lru_cache(maxsize=2048)
def halo_text(s: str, size: int, colour: tuple[int, int, int], halo: tuple[int, int, int] = (255, 255, 255),
              bold: bool = False) -> pygame.Surface:
    """Text with a one-pixel halo so that labels stay legible on any relief."""
    f = font(size, bold)
    inner = f.render(s, True, colour)
    ring = f.render(s, True, halo)
    w, h = inner.get_width() + 2, inner.get_height() + 2
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    for dx, dy in ((0, 1), (2, 1), (1, 0), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
        surf.blit(ring, (dx, dy))
    surf.blit(inner, (1, 1))
    return surf


def clear() -> None:
    """Drop cached surfaces (after the display is re-created)."""
    text.cache_clear()
    halo_text.cache_clear()
