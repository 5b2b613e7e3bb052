"""Pixel maths for drawing the hex map (Red Blob Games' ``Layout``), pointy-top hexes.

Screen pixels grow right and down, matching the map's axial convention (``r``
grows southwards). ``size`` is the centre-to-corner radius in pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .hexgrid import Hex, axial_round

__all__ = ["Layout"]

SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True)
class Layout:
    """Hex <-> pixel for hexes of ``size`` pixels, hex ``(0, 0)`` centred at ``origin``."""

    size: float
    origin: tuple[float, float] = (0.0, 0.0)

    @property
    def spacing(self) -> float:
        """Pixels between adjacent hex centres."""
        return SQRT3 * self.size

    def hex_to_pixel(self, h: Hex) -> tuple[float, float]:
        x = self.size * (SQRT3 * h.q + SQRT3 / 2.0 * h.r)
        y = self.size * 1.5 * h.r
        return x + self.origin[0], y + self.origin[1]

    def pixel_to_fractional(self, x: float, y: float) -> tuple[float, float]:
        px, py = x - self.origin[0], y - self.origin[1]
        q = (SQRT3 / 3.0 * px - py / 3.0) / self.size
        r = (2.0 / 3.0 * py) / self.size
        return q, r

    def pixel_to_hex(self, x: float, y: float) -> Hex:
        return axial_round(*self.pixel_to_fractional(x, y))

    def corner_offset(self, corner: int) -> tuple[float, float]:
        """Corner ``i`` of a pointy-top hex: i = 0 is the lower-right corner, then counter-clockwise on screen."""
        angle = math.radians(60.0 * corner - 30.0)
        return self.size * math.cos(angle), -self.size * math.sin(angle)

    def polygon_corners(self, h: Hex) -> list[tuple[float, float]]:
        cx, cy = self.hex_to_pixel(h)
        return [(cx + dx, cy + dy) for dx, dy in (self.corner_offset(i) for i in range(6))]

    def hexside(self, h: Hex, direction: int) -> tuple[tuple[float, float], tuple[float, float]]:
        """End points of the side of ``h`` facing ``direction`` (E, NE, NW, W, SW, SE = 0..5)."""
        corners = self.polygon_corners(h)
        return corners[direction % 6], corners[(direction + 1) % 6]
