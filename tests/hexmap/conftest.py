from __future__ import annotations

import numpy as np
import pytest

from game.hexmap.projection import THEATRE
from game.hexmap.theatre import TheatreMap, load_theatre


@pytest.fixture(scope="session")
def theatre() -> TheatreMap:
    return load_theatre()


@pytest.fixture()
def make_map():  # type: ignore[no-untyped-def]
    """Factory for small synthetic maps (see :func:`synthetic_map`)."""
    return synthetic_map


def synthetic_map(elev: np.ndarray, elev_max: np.ndarray | None = None) -> TheatreMap:
    """A small map with the given (nrows, ncols) elevations and nothing else on it."""
    nrows, ncols = elev.shape
    n = nrows * ncols
    mean = elev.reshape(n).astype(np.int16)
    mx = (elev_max if elev_max is not None else elev).reshape(n).astype(np.int16)
    return TheatreMap(
        projection=THEATRE, nrows=nrows, ncols=ncols, elev_mean=mean, elev_max=mx,
        roughness=np.zeros(n, np.float32), terrain=np.zeros(n, np.uint8), country=np.zeros(n, np.uint8),
        district=np.zeros(n, np.int16), river=np.zeros((n, 6), np.uint8), road=np.zeros((n, 6), np.uint8),
        control0=np.zeros(n, np.int8), fort=np.zeros(n, np.uint8), mines=np.zeros(n, np.float32),
        town=np.full(n, -1, np.int16),
    )
