"""Hex-grid laws (Red Blob Games' identities) as property tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.hexmap.hexgrid import (
    Hex,
    axial_to_offset,
    hex_direction_between,
    hex_distance,
    hex_line,
    hex_neighbours,
    hex_range,
    hex_ring,
    offset_to_axial,
    opposite,
)

coord = st.integers(min_value=-200, max_value=200)
hexes = st.builds(Hex, coord, coord)


@given(coord, coord)
def test_offset_axial_offset_round_trip(col: int, row: int) -> None:
    assert axial_to_offset(offset_to_axial(col, row)) == (col, row)


@given(hexes)
def test_axial_offset_axial_round_trip(h: Hex) -> None:
    assert offset_to_axial(*axial_to_offset(h)) == h


@given(hexes)
def test_text_form_round_trips(h: Hex) -> None:
    assert Hex.parse(str(h)) == h


@given(hexes, hexes)
def test_distance_symmetric_and_zero_only_on_equal(a: Hex, b: Hex) -> None:
    assert hex_distance(a, b) == hex_distance(b, a)
    assert (hex_distance(a, b) == 0) == (a == b)


@given(hexes, hexes, hexes)
def test_triangle_inequality(a: Hex, b: Hex, c: Hex) -> None:
    assert hex_distance(a, c) <= hex_distance(a, b) + hex_distance(b, c)


@given(hexes)
def test_neighbours_at_distance_one_and_directions_invert(h: Hex) -> None:
    for d, nb in enumerate(hex_neighbours(h)):
        assert hex_distance(h, nb) == 1
        assert hex_direction_between(h, nb) == d
        assert hex_direction_between(nb, h) == opposite(d)


@given(hexes, st.integers(min_value=1, max_value=12))
def test_ring_has_6k_hexes_at_distance_k(h: Hex, k: int) -> None:
    ring = hex_ring(h, k)
    assert len(ring) == 6 * k == len(set(ring))
    assert all(hex_distance(h, x) == k for x in ring)


@given(hexes, st.integers(min_value=0, max_value=8))
def test_range_is_the_filled_disc(h: Hex, k: int) -> None:
    disc = list(hex_range(h, k))
    assert len(disc) == 1 + 3 * k * (k + 1) == len(set(disc))


@given(hexes, hexes)
def test_line_length_and_adjacency(a: Hex, b: Hex) -> None:
    line = hex_line(a, b)
    assert len(line) == hex_distance(a, b) + 1
    assert line[0] == a and line[-1] == b
    assert all(hex_distance(p, q) == 1 for p, q in zip(line, line[1:], strict=False))


@given(hexes, hexes, hexes)
def test_line_is_translation_invariant(a: Hex, b: Hex, shift: Hex) -> None:
    moved = hex_line(Hex(a.q + shift.q, a.r + shift.r), Hex(b.q + shift.q, b.r + shift.r))
    assert moved == [Hex(h.q + shift.q, h.r + shift.r) for h in hex_line(a, b)]
