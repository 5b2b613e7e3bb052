"""Test data shared by the scenario tests: a small synthetic theatre and the fixture folders.

The map is 20 x 20 hexes: Armenia proper in the three western columns, an Iranian
strip along the three southern rows, a lake in the middle, and four towns. It is
built in code so the tests never depend on the real map being present.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.hexmap.hexgrid import offset_to_axial
from game.hexmap.projection import Projection
from game.hexmap.theatre import Country, Terrain, TheatreMap, Town

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
CATALOGUE = HERE / "catalogue"

#: (id, English, Azerbaijani, Armenian, col, row)
TOWNS = (
    ("stepanakert", "Stepanakert", "Khankendi", "Stepanakert", 6, 5),
    ("shusha", "Shusha", "Shusha", "Shushi", 6, 8),
    ("barda", "Barda", "Barda", None, 16, 3),
    ("fuzuli", "Fuzuli", "Fuzuli", "Varanda", 14, 14),
)
LAKE = ((9, 9), (10, 9), (9, 10), (10, 10))  # (col, row)


def build_theatre() -> TheatreMap:
    """A 20 x 20 map whose projection box fits it exactly."""
    proj = Projection(lon_min=46.5, lon_max=47.055, lat_min=39.627, lat_max=40.0)
    nrows = ncols = 20
    n = nrows * ncols
    rows, cols = np.divmod(np.arange(n), ncols)
    terrain = np.full(n, Terrain.PLAIN, dtype=np.uint8)
    terrain[(cols >= 4) & (cols <= 8)] = Terrain.HILLS
    for c, r in LAKE:
        terrain[r * ncols + c] = Terrain.WATER
    country = np.full(n, Country.AZERBAIJAN, dtype=np.uint8)
    country[cols <= 2] = Country.ARMENIA
    country[rows >= 17] = Country.IRAN
    control0 = np.where(cols >= 12, 0, 1).astype(np.int8)
    control0[rows >= 17] = -1
    town = np.full(n, -1, dtype=np.int16)
    towns = []
    for i, (tid, en, az, hy, c, r) in enumerate(TOWNS):
        index = r * ncols + c
        town[index] = i
        terrain[index] = Terrain.URBAN
        lat, lon = proj.hex_to_latlon(offset_to_axial(c, r))
        towns.append(Town(tid, en, az, hy, round(lat, 5), round(lon, 5), index, 10_000, key=True))
    return TheatreMap(
        projection=proj,
        nrows=nrows,
        ncols=ncols,
        elev_mean=np.full(n, 500, dtype=np.int16),
        elev_max=np.full(n, 600, dtype=np.int16),
        roughness=np.zeros(n, dtype=np.float32),
        terrain=terrain,
        country=country,
        district=np.full(n, -1, dtype=np.int16),
        river=np.zeros((n, 6), dtype=np.uint8),
        road=np.zeros((n, 6), dtype=np.uint8),
        control0=control0,
        fort=np.zeros(n, dtype=np.uint8),
        mines=np.zeros(n, dtype=np.float32),
        town=town,
        towns=towns,
    )
