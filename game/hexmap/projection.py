"""The one fixed projection of the theatre: latitude/longitude <-> km plane <-> hex.

An equirectangular projection with its standard parallel through the middle of
the theatre (39.65 N). Over a 2.2 x 1.9 degree box its scale error is below
1.5 % anywhere, far smaller than a 2.5 km hex. The plane's origin is the
north-west corner of the box; ``x`` grows east and ``y`` grows south, so that
offset rows run north to south like the rows of the elevation grid.

Kilometres per degree: 111.320 * cos(lat0) east-west and 110.574 north-south
(WGS84 mean values, as in any geodesy table).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .hexgrid import Hex, axial_round, axial_round_arrays

__all__ = ["THEATRE", "Projection"]

SQRT3 = math.sqrt(3.0)


@dataclass(frozen=True)
class Projection:
    """Theatre box and hex spacing. ``spacing_km`` is the distance between adjacent hex centres."""

    lon_min: float = 45.4
    lon_max: float = 47.6
    lat_min: float = 38.7
    lat_max: float = 40.6
    lat0: float = 39.65
    spacing_km: float = 2.5

    @property
    def kx(self) -> float:
        """km per degree of longitude at the standard parallel."""
        return 111.320 * math.cos(math.radians(self.lat0))

    @property
    def ky(self) -> float:
        """km per degree of latitude."""
        return 110.574

    @property
    def hex_size_km(self) -> float:
        """Centre-to-corner radius of a pointy-top hex."""
        return self.spacing_km / SQRT3

    @property
    def hex_area_km2(self) -> float:
        return 1.5 * SQRT3 * self.hex_size_km**2

    # --- lat/lon <-> plane -------------------------------------------------
    def to_plane(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.lon_min) * self.kx, (self.lat_max - lat) * self.ky

    def from_plane(self, x: float, y: float) -> tuple[float, float]:
        return self.lat_max - y / self.ky, self.lon_min + x / self.kx

    # --- plane <-> axial ------------------------------------------------------
    def plane_to_fractional(self, x: float, y: float) -> tuple[float, float]:
        s = self.hex_size_km
        fq = (SQRT3 / 3.0 * x - y / 3.0) / s
        fr = (2.0 / 3.0 * y) / s
        return fq, fr

    def hex_to_plane(self, h: Hex) -> tuple[float, float]:
        s = self.hex_size_km
        return s * (SQRT3 * h.q + SQRT3 / 2.0 * h.r), s * 1.5 * h.r

    # --- lat/lon <-> hex -------------------------------------------------
    def latlon_to_hex(self, lat: float, lon: float) -> Hex:
        return axial_round(*self.plane_to_fractional(*self.to_plane(lat, lon)))

    def hex_to_latlon(self, h: Hex) -> tuple[float, float]:
        return self.from_plane(*self.hex_to_plane(h))

    def latlon_to_hex_arrays(
        self, lat: NDArray[np.floating], lon: NDArray[np.floating]
    ) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
        x = (np.asarray(lon, dtype=np.float64) - self.lon_min) * self.kx
        y = (self.lat_max - np.asarray(lat, dtype=np.float64)) * self.ky
        s = self.hex_size_km
        fq = (SQRT3 / 3.0 * x - y / 3.0) / s
        fr = (2.0 / 3.0 * y) / s
        return axial_round_arrays(fq, fr)

    def hex_to_latlon_arrays(
        self, q: NDArray[np.integer], r: NDArray[np.integer]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        s = self.hex_size_km
        qf = np.asarray(q, dtype=np.float64)
        rf = np.asarray(r, dtype=np.float64)
        x = s * (SQRT3 * qf + SQRT3 / 2.0 * rf)
        y = s * 1.5 * rf
        lat: NDArray[np.float64] = self.lat_max - y / self.ky
        lon: NDArray[np.float64] = self.lon_min + x / self.kx
        return lat, lon

    # --- grid size ----------------------------------------------------------
    @property
    def ncols(self) -> int:
        width = (self.lon_max - self.lon_min) * self.kx
        return int(math.floor(width / self.spacing_km)) + 1

    @property
    def nrows(self) -> int:
        height = (self.lat_max - self.lat_min) * self.ky
        return int(math.floor(height / (self.hex_size_km * 1.5))) + 1


#: The projection every part of the game uses.
THEATRE = Projection()
