"""Round trips between lat/lon, hexes and pixels."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from game.hexmap.hexgrid import Hex
from game.hexmap.layout import Layout
from game.hexmap.projection import THEATRE

lats = st.floats(min_value=38.7, max_value=40.6, allow_nan=False)
lons = st.floats(min_value=45.4, max_value=47.6, allow_nan=False)


@given(lats, lons)
def test_latlon_hex_latlon_within_half_a_hex(lat: float, lon: float) -> None:
    h = THEATRE.latlon_to_hex(lat, lon)
    clat, clon = THEATRE.hex_to_latlon(h)
    dx = (clon - lon) * THEATRE.kx
    dy = (clat - lat) * THEATRE.ky
    assert math.hypot(dx, dy) <= THEATRE.hex_size_km + 1e-9  # centre-to-corner radius


@given(st.integers(-100, 100), st.integers(-100, 100))
def test_hex_centre_maps_back_to_its_hex(q: int, r: int) -> None:
    h = Hex(q, r)
    assert THEATRE.latlon_to_hex(*THEATRE.hex_to_latlon(h)) == h


@given(st.integers(-60, 60), st.integers(-60, 60), st.floats(4, 64), st.floats(-500, 500), st.floats(-500, 500))
def test_hex_pixel_hex(q: int, r: int, size: float, ox: float, oy: float) -> None:
    layout = Layout(size, (ox, oy))
    h = Hex(q, r)
    assert layout.pixel_to_hex(*layout.hex_to_pixel(h)) == h


@given(st.integers(-30, 30), st.integers(-30, 30), st.floats(0.0, 0.8), st.floats(0, 2 * math.pi))
def test_points_inside_a_hex_map_to_it(q: int, r: int, frac: float, ang: float) -> None:
    layout = Layout(20.0)
    cx, cy = layout.hex_to_pixel(Hex(q, r))
    # Inside the inscribed circle (radius size * sqrt(3)/2) every point belongs to the hex.
    rad = frac * 20.0 * math.sqrt(3) / 2
    assert layout.pixel_to_hex(cx + rad * math.cos(ang), cy + rad * math.sin(ang)) == Hex(q, r)


def test_hexside_midpoints_face_the_neighbour() -> None:
    from game.hexmap.hexgrid import DIRECTIONS

    layout = Layout(10.0)
    for d, step in enumerate(DIRECTIONS):
        (ax, ay), (bx, by) = layout.hexside(Hex(0, 0), d)
        nx, ny = layout.hex_to_pixel(step)
        assert math.isclose((ax + bx) / 2, nx / 2, abs_tol=1e-9)
        assert math.isclose((ay + by) / 2, ny / 2, abs_tol=1e-9)
