"""Line of sight: the model's behaviour on synthetic ground, and the stored viewshed."""

from __future__ import annotations

import numpy as np

from game.hexmap.hexgrid import Hex, hex_range
from game.hexmap.los import VIEWSHED_RADIUS, compute_viewshed, line_of_sight, sees, visible_hexes


def test_ridge_between_two_valleys_blocks(make_map) -> None:  # type: ignore[no-untyped-def]
    elev = np.full((5, 12), 500)
    elev[:, 5] = 1200  # a N-S ridge
    tm = make_map(elev)
    a = tm.index(Hex(1 - 1, 2))  # row 2, col 1
    b = tm.index(Hex(9 - 1, 2))  # row 2, col 9
    assert not line_of_sight(tm, a, b)
    assert not line_of_sight(tm, b, a)


def test_low_bump_does_not_block_and_flat_ground_is_clear(make_map) -> None:  # type: ignore[no-untyped-def]
    elev = np.full((5, 12), 500)
    tm = make_map(elev)
    a, b = tm.index(Hex(0, 2)), tm.index(Hex(4, 2))
    assert line_of_sight(tm, a, b)
    elev[:, 3] = 502  # a 2 m rise under a 10 m observer's line
    assert line_of_sight(make_map(elev), a, b)
    # The earth's curvature hides flat ground beyond a 10 m observer's horizon (about 13 km).
    assert not line_of_sight(tm, a, tm.index(Hex(8, 2)))


def test_summit_sees_the_plain_over_foothills(make_map) -> None:  # type: ignore[no-untyped-def]
    elev = np.full((5, 14), 200)
    elev[:, 0] = 2500  # summit
    elev[:, 3:5] = 600  # foothills between
    tm = make_map(elev)
    summit, plain = tm.index(Hex(-1, 2)), tm.index(Hex(10, 2))
    assert line_of_sight(tm, summit, plain)
    # ...but from the plain a 10 m mast cannot see past the foothills to the plain beyond them.
    assert not line_of_sight(tm, plain, tm.index(Hex(1, 2)), observer_height_m=10, target_height_m=0)


def test_ridge_uses_part_of_elev_max(make_map) -> None:  # type: ignore[no-untyped-def]
    elev = np.full((5, 12), 500)
    mx = elev.copy()
    mx[:, 5] = 1500  # a sharp crest inside an otherwise low hex
    tm = make_map(elev, mx)
    assert not line_of_sight(tm, tm.index(Hex(0, 2)), tm.index(Hex(8, 2)))


def test_viewshed_matches_line_of_sight(theatre) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    idx = rng.integers(0, theatre.n, 40)
    for a in idx:
        vis = set(visible_hexes(theatre, int(a)).tolist())
        h = theatre.hex_at(int(a))
        for nb in hex_range(h, VIEWSHED_RADIUS):
            if theatre.contains(nb):
                j = theatre.index(nb)
                assert (j in vis) == line_of_sight(theatre, int(a), j), (int(a), j)


def test_stored_viewshed_is_current(theatre) -> None:  # type: ignore[no-untyped-def]
    fresh = compute_viewshed(theatre.nrows, theatre.ncols, theatre.q, theatre.r, theatre.elev_mean,
                             theatre.elev_max, theatre.terrain, theatre.projection.spacing_km)
    assert theatre.viewshed is not None
    assert np.array_equal(fresh, theatre.viewshed)


def test_sees_is_vectorised_and_agrees_with_visible_hexes(theatre) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    units = rng.integers(0, theatre.n, 200)
    m = sees(theatre, units[:, None], units[None, :])
    assert m.shape == (200, 200)
    assert m[np.arange(200), np.arange(200)].all()  # everyone sees their own hex
    for a in units[:20]:
        vis = set(visible_hexes(theatre, int(a)).tolist())
        assert all(bool(sees(theatre, int(a), int(b))) == (int(b) in vis) for b in units)


def test_key_heights_see_far(theatre) -> None:  # type: ignore[no-untyped-def]
    shusha = theatre.find_town("shusha").hex_index
    horadiz = theatre.find_town("horadiz").hex_index
    # Shusha's clifftop sees Stepanakert below it.
    assert line_of_sight(theatre, shusha, theatre.find_town("stepanakert").hex_index)
    assert len(visible_hexes(theatre, shusha)) > 0 and len(visible_hexes(theatre, horadiz)) > 0
