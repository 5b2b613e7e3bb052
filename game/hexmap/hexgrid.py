"""Hex grid mathematics on axial coordinates.

Axial ``(q, r)`` is the one canonical coordinate in the game (Red Blob Games,
"Hexagonal Grids", https://www.redblobgames.com/grids/hexagons/). Offset
coordinates ("odd-r", pointy-top rows) appear only at the edges: the map file
stores a rectangle of hexes row by row, and the screen draws them.

The hexes are pointy-topped. Direction ``i`` (0..5) runs counter-clockwise from
east: E, NE, NW, W, SW, SE. With ``r`` increasing southwards (screen
convention, north up), NE is ``(+1, -1)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DIRECTIONS",
    "Hex",
    "axial_round",
    "axial_to_offset",
    "hex_direction_between",
    "hex_distance",
    "hex_distance_arrays",
    "hex_line",
    "hex_neighbour",
    "hex_neighbours",
    "hex_range",
    "hex_ring",
    "offset_to_axial",
    "opposite",
]


class Hex(NamedTuple):
    """An axial hex coordinate. ``s = -q - r`` is implied."""

    q: int
    r: int

    @property
    def s(self) -> int:
        return -self.q - self.r

    def __str__(self) -> str:
        return f"{self.q},{self.r}"

    @classmethod
    def parse(cls, text: str) -> Hex:
        """Parse ``"q,r"`` (the form ``str`` writes) back into a Hex."""
        parts = text.strip().split(",")
        if len(parts) != 2:
            raise ValueError(f"hex must be written 'q,r', got {text!r}")
        try:
            return cls(int(parts[0]), int(parts[1]))
        except ValueError:
            raise ValueError(f"hex must be two integers 'q,r', got {text!r}") from None


#: Axial unit vectors, counter-clockwise from east (pointy-top, r grows southwards).
DIRECTIONS: tuple[Hex, ...] = (
    Hex(1, 0),   # E
    Hex(1, -1),  # NE
    Hex(0, -1),  # NW
    Hex(-1, 0),  # W
    Hex(-1, 1),  # SW
    Hex(0, 1),   # SE
)
DIRECTION_NAMES = ("E", "NE", "NW", "W", "SW", "SE")
DQ = np.array([d.q for d in DIRECTIONS], dtype=np.int32)
DR = np.array([d.r for d in DIRECTIONS], dtype=np.int32)


def opposite(direction: int) -> int:
    """The direction pointing back across the same hexside."""
    return (direction + 3) % 6


def hex_neighbour(h: Hex, direction: int) -> Hex:
    d = DIRECTIONS[direction]
    return Hex(h.q + d.q, h.r + d.r)


def hex_neighbours(h: Hex) -> list[Hex]:
    return [Hex(h.q + d.q, h.r + d.r) for d in DIRECTIONS]


def hex_direction_between(a: Hex, b: Hex) -> int | None:
    """Direction from ``a`` to an adjacent ``b``; None if they are not adjacent."""
    dq, dr = b.q - a.q, b.r - a.r
    for i, d in enumerate(DIRECTIONS):
        if d.q == dq and d.r == dr:
            return i
    return None


def hex_distance(a: Hex, b: Hex) -> int:
    """Number of steps between two hexes (cube distance / 2)."""
    dq, dr = a.q - b.q, a.r - b.r
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def hex_distance_arrays(
    q1: NDArray[np.integer] | int,
    r1: NDArray[np.integer] | int,
    q2: NDArray[np.integer] | int,
    r2: NDArray[np.integer] | int,
) -> NDArray[np.int32]:
    """Vectorised :func:`hex_distance` over numpy arrays (broadcasting)."""
    dq = np.asarray(q1, dtype=np.int32) - np.asarray(q2, dtype=np.int32)
    dr = np.asarray(r1, dtype=np.int32) - np.asarray(r2, dtype=np.int32)
    out: NDArray[np.int32] = ((np.abs(dq) + np.abs(dr) + np.abs(dq + dr)) // 2).astype(np.int32)
    return out


def hex_ring(center: Hex, radius: int) -> list[Hex]:
    """Hexes at exactly ``radius`` steps, in ring order (Red Blob's ``cube_ring``)."""
    if radius < 0:
        raise ValueError("radius must be >= 0")
    if radius == 0:
        return [center]
    results: list[Hex] = []
    d = DIRECTIONS[4]
    h = Hex(center.q + d.q * radius, center.r + d.r * radius)
    for i in range(6):
        for _ in range(radius):
            results.append(h)
            h = hex_neighbour(h, i)
    return results


def hex_range(center: Hex, radius: int) -> Iterator[Hex]:
    """All hexes within ``radius`` steps (the filled disc)."""
    for dq in range(-radius, radius + 1):
        for dr in range(max(-radius, -dq - radius), min(radius, -dq + radius) + 1):
            yield Hex(center.q + dq, center.r + dr)


def axial_round(fq: float, fr: float) -> Hex:
    """Round fractional axial coordinates to the containing hex (cube rounding)."""
    fs = -fq - fr
    q, r, s = round(fq), round(fr), round(fs)
    dq, dr, ds = abs(q - fq), abs(r - fr), abs(s - fs)
    if dq > dr and dq > ds:
        q = -r - s
    elif dr > ds:
        r = -q - s
    return Hex(int(q), int(r))


def axial_round_arrays(
    fq: NDArray[np.floating], fr: NDArray[np.floating]
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Vectorised :func:`axial_round`."""
    fq = np.asarray(fq, dtype=np.float64)
    fr = np.asarray(fr, dtype=np.float64)
    fs = -fq - fr
    q, r, s = np.rint(fq), np.rint(fr), np.rint(fs)
    dq, dr, ds = np.abs(q - fq), np.abs(r - fr), np.abs(s - fs)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int32), r.astype(np.int32)


def hex_line(a: Hex, b: Hex) -> list[Hex]:
    """Hexes on the straight line from ``a`` to ``b`` inclusive (Red Blob's ``cube_linedraw``).

    A tiny nudge keeps the line off hex edges deterministically. The line is
    drawn from the origin and then shifted to ``a``, so that lines are
    translation invariant: floating-point ties do not depend on where on the map
    the line lies (the precomputed viewshed relies on this).
    """
    n = hex_distance(a, b)
    if n == 0:
        return [a]
    eps = 1e-6
    dq, dr = b.q - a.q, b.r - a.r
    out = []
    for i in range(n + 1):
        t = i / n
        h = axial_round(eps + dq * t, eps + dr * t)
        out.append(Hex(a.q + h.q, a.r + h.r))
    return out


def axial_to_offset(h: Hex) -> tuple[int, int]:
    """Axial -> odd-r offset ``(col, row)`` (odd rows shoved right)."""
    col = h.q + (h.r - (h.r & 1)) // 2
    return col, h.r


def offset_to_axial(col: int, row: int) -> Hex:
    """Odd-r offset ``(col, row)`` -> axial."""
    q = col - (row - (row & 1)) // 2
    return Hex(q, row)
