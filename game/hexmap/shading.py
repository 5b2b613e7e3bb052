"""Shaded relief from per-hex elevations, shared by the map renderer and the desktop board."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .theatre import TheatreMap

__all__ = ["hillshade", "tint"]


def tint(z: NDArray[np.float64], stops: Sequence[tuple[float, tuple[float, float, float]]]) -> NDArray[np.float64]:
    """(n, 3) hypsometric tint: RGB interpolated between ``(metres, rgb)`` stops."""
    heights = np.array([s for s, _ in stops], dtype=np.float64)
    cols = np.array([c for _, c in stops], dtype=np.float64)
    return np.stack([np.interp(z, heights, cols[:, k]) for k in range(3)], axis=1)


def hillshade(tm: TheatreMap, z: NDArray[np.float64], exaggeration: float = 3.0) -> NDArray[np.float64]:
    """Lambertian shade, light from the north-west 45 degrees up, from neighbouring hex heights."""
    nb = tm.neighbours
    zn = np.where(nb >= 0, z[np.maximum(nb, 0)], z[:, None])
    s = tm.projection.spacing_km * 1000.0
    # E/W differences for x; (NE + NW) - (SE + SW) for the northward slope.
    dzdx = (zn[:, 0] - zn[:, 3]) / (2 * s)
    dzdn = ((zn[:, 1] + zn[:, 2]) - (zn[:, 4] + zn[:, 5])) / 2 / (2 * s * math.sqrt(3) / 2)
    nx, ny, nz = -dzdx * exaggeration, -dzdn * exaggeration, np.ones_like(z)
    norm = np.sqrt(nx * nx + ny * ny + nz * nz)
    light = np.array([-0.5, 0.5, math.sqrt(0.5)])
    out: NDArray[np.float64] = np.clip((nx * light[0] + ny * light[1] + nz * light[2]) / norm, 0.0, 1.0)
    return out
