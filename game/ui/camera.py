"""Pixel maths for the board: hex index <-> map pixels at a zoom level, and the view window onto them.

"Map pixels" are the pixels of the whole theatre drawn at the current zoom,
with hex index 0 (offset column 0, row 0) centred at ``origin``. The camera
holds the map-pixel coordinate of the board's top-left corner. Conversions are
pure functions of the map shape and the hex size, as in Red Blob Games' Layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from game.hexmap.hexgrid import axial_round_arrays

SQRT3 = math.sqrt(3.0)
#: Hex radius (centre to corner) in pixels at each zoom level, from the whole theatre to a close look.
ZOOMS = (5, 9, 14, 20, 28)


@dataclass(frozen=True)
class Grid:
    """Hex geometry of one zoom level: where hexes sit in map pixels."""

    nrows: int
    ncols: int
    size: float

    @property
    def origin(self) -> tuple[float, float]:
        return SQRT3 / 2 * self.size + 2, self.size + 2

    @property
    def width(self) -> int:
        return int(math.ceil(SQRT3 * self.size * (self.ncols + 0.5))) + 4

    @property
    def height(self) -> int:
        return int(math.ceil(self.size * (1.5 * self.nrows + 0.5))) + 4

    def centre(self, index: int) -> tuple[float, float]:
        row, col = divmod(int(index), self.ncols)
        ox, oy = self.origin
        return ox + SQRT3 * self.size * (col + 0.5 * (row & 1)), oy + 1.5 * self.size * row

    def centres(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        idx = np.arange(self.nrows * self.ncols)
        row, col = np.divmod(idx, self.ncols)
        ox, oy = self.origin
        return ox + SQRT3 * self.size * (col + 0.5 * (row & 1)), oy + 1.5 * self.size * row

    def fractional(self, px: NDArray[np.float64], py: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        ox, oy = self.origin
        x, y = (px - ox) / self.size, (py - oy) / self.size
        return SQRT3 / 3.0 * x - y / 3.0, 2.0 / 3.0 * y

    def index_arrays(self, px: NDArray[np.float64], py: NDArray[np.float64]) -> NDArray[np.int32]:
        """Hex index under each map pixel, -1 off the map."""
        fq, fr = self.fractional(px, py)
        q, r = axial_round_arrays(fq, fr)
        col = q + (r - (r & 1)) // 2
        ok = (r >= 0) & (r < self.nrows) & (col >= 0) & (col < self.ncols)
        return np.where(ok, r * self.ncols + col, -1).astype(np.int32)

    def index_at(self, px: float, py: float) -> int:
        return int(self.index_arrays(np.array([px], dtype=np.float64), np.array([py], dtype=np.float64))[0])

    def corners(self, index: int) -> list[tuple[float, float]]:
        cx, cy = self.centre(index)
        out = []
        for i in range(6):
            a = math.radians(60 * i - 30)
            out.append((cx + self.size * math.cos(a), cy + self.size * math.sin(a)))
        return out


class Camera:
    """The board's window onto the map: zoom level and scroll position, clamped to the map."""

    def __init__(self, nrows: int, ncols: int, view_w: int, view_h: int, zoom: int = 1) -> None:
        self.nrows, self.ncols = nrows, ncols
        self.view_w, self.view_h = view_w, view_h
        self.zoom = max(0, min(len(ZOOMS) - 1, zoom))
        self.x = 0.0
        self.y = 0.0
        self._grids = {z: Grid(nrows, ncols, ZOOMS[z]) for z in range(len(ZOOMS))}

    @property
    def grid(self) -> Grid:
        return self._grids[self.zoom]

    @property
    def size(self) -> float:
        return float(ZOOMS[self.zoom])

    def resize(self, view_w: int, view_h: int) -> None:
        self.view_w, self.view_h = view_w, view_h
        self.clamp()

    def clamp(self) -> None:
        g = self.grid
        margin = 80
        lo_x, hi_x = -margin, g.width - self.view_w + margin
        lo_y, hi_y = -margin, g.height - self.view_h + margin
        self.x = (lo_x + hi_x) / 2 if hi_x < lo_x else min(max(self.x, lo_x), hi_x)
        self.y = (lo_y + hi_y) / 2 if hi_y < lo_y else min(max(self.y, lo_y), hi_y)

    def pan(self, dx: float, dy: float) -> None:
        self.x += dx
        self.y += dy
        self.clamp()

    def to_screen(self, index: int) -> tuple[int, int]:
        cx, cy = self.grid.centre(index)
        return int(round(cx - self.x)), int(round(cy - self.y))

    def hex_at_screen(self, sx: float, sy: float) -> int:
        return self.grid.index_at(sx + self.x, sy + self.y)

    def centre_on(self, index: int) -> None:
        cx, cy = self.grid.centre(index)
        self.x, self.y = cx - self.view_w / 2, cy - self.view_h / 2
        self.clamp()

    def centre_on_fraction(self, fx: float, fy: float) -> None:
        """Centre on a point given as fractions of the whole map (for minimap clicks)."""
        g = self.grid
        self.x, self.y = fx * g.width - self.view_w / 2, fy * g.height - self.view_h / 2
        self.clamp()

    def set_zoom(self, zoom: int, anchor: tuple[float, float] | None = None) -> bool:
        """Change zoom keeping the map point under ``anchor`` (screen pixels) where it is."""
        zoom = max(0, min(len(ZOOMS) - 1, zoom))
        if zoom == self.zoom:
            return False
        ax, ay = anchor if anchor is not None else (self.view_w / 2, self.view_h / 2)
        old = self.grid
        fx, fy = (self.x + ax - old.origin[0]) / old.size, (self.y + ay - old.origin[1]) / old.size
        self.zoom = zoom
        new = self.grid
        self.x = fx * new.size + new.origin[0] - ax
        self.y = fy * new.size + new.origin[1] - ay
        self.clamp()
        return True

    def visible_rect(self) -> tuple[float, float, float, float]:
        """The viewport in map-pixel coordinates (x, y, w, h)."""
        return self.x, self.y, float(self.view_w), float(self.view_h)
