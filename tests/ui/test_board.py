"""The board as drawn: relief colours where the map says, counters where the units stand."""

from __future__ import annotations

from typing import Any

import numpy as np

from game.ui import palette as P
from game.ui.board import counter_size
from tests.ui.conftest import SCENARIO
from tests.ui.helpers import close_dialogs, settle


def _open(make_app: Any) -> Any:
    app = make_app()
    assert app.new_game(SCENARIO, 1, "azerbaijan")
    settle(app)
    close_dialogs(app)
    return app, app.stack.top


def _plain_hex(tm: Any, lo: float, hi: float, occupied: set[int]) -> int:
    """A hex in an elevation band, of plain or hill terrain, with no town, road or river, whose neighbours share its band."""
    ok = (tm.elev_mean >= lo) & (tm.elev_mean <= hi) & np.isin(tm.terrain, (0, 1, 2, 3)) & (tm.town < 0)
    ok &= (tm.road.max(axis=1) == 0) & (tm.river.max(axis=1) == 0) & (tm.fort == 0)
    nb = tm.neighbours
    ok &= (nb >= 0).all(axis=1)
    z = tm.elev_mean[np.maximum(nb, 0)]
    ok &= ((z >= lo) & (z <= hi)).all(axis=1)
    cand = [int(i) for i in np.nonzero(ok)[0] if int(i) not in occupied and not (set(int(x) for x in nb[i]) & occupied)]
    assert cand, f"no clean hex between {lo} and {hi} m"
    return cand[len(cand) // 2]


def _sample(app: Any, scene: Any, h: int) -> np.ndarray:
    """Median colour of a small patch below the hex centre (clear of roads, which join centres)."""
    b = scene.board
    b.camera.centre_on(h)
    b.selected = None
    settle(app, 2)
    x, y = b.screen_of(h)
    dy = int(b.camera.size * 0.45)
    import pygame

    arr = pygame.surfarray.pixels3d(app.screen)
    patch = np.array(arr[x - 2: x + 3, y + dy - 2: y + dy + 3]).reshape(-1, 3)
    return np.median(patch, axis=0)


def test_lowland_is_greener_than_mountain(make_app: Any) -> None:
    app, scene = _open(make_app)
    tm = scene.tm
    occupied = {m.hex for m in scene.board.markers}
    if tm.elev_mean.max() > 1500:
        low, high = _plain_hex(tm, 0, 250, occupied), _plain_hex(tm, 1800, 2600, occupied)
    else:
        low, high = _plain_hex(tm, 0, 400, occupied), _plain_hex(tm, 1000, 1400, occupied)
    c_low, c_high = _sample(app, scene, low), _sample(app, scene, high)
    # Hypsometric tint: green lowlands, brown mountains.
    assert c_low[1] - c_low[0] > c_high[1] - c_high[0] + 15, (c_low, c_high)
    assert c_low[1] > c_low[0]


def test_counter_drawn_in_side_colour_at_the_unit(make_app: Any) -> None:
    app, scene = _open(make_app)
    v = scene.session.view(0)
    u = v.units[0]
    b = scene.board
    b.camera.centre_on(u.hex)
    settle(app, 2)
    x, y = b.screen_of(u.hex)
    cs = counter_size(b.camera.zoom)
    import pygame

    px = app.screen.get_at((x - cs // 2 + 1, y))[:3]  # left edge of the counter body, beside the symbol frame
    assert tuple(px) == P.SIDE[0], (px, P.SIDE[0])
    # Nowhere near the side colour one counter-width away from any unit.
    _ = pygame


def test_zoom_pan_and_minimap(make_app: Any) -> None:
    import pygame

    from tests.ui.helpers import click

    app, scene = _open(make_app)
    b = scene.board
    z = b.camera.zoom
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=b.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0, precise_y=-1.0))
    settle(app, 1)
    assert b.camera.zoom == max(0, z - 1)
    x0 = b.camera.x
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_d, mod=0, unicode="d", scancode=0))
    settle(app, 5)
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_d, mod=0, unicode="d", scancode=0))
    settle(app, 1)
    assert b.camera.x >= x0
    mr = b.minimap_rect()
    click(app, (mr.x + 3, mr.y + 3))
    click(app, (mr.right - 3, mr.bottom - 3))
    assert b.camera.x > 0 or b.camera.grid.width <= b.rect.w


def test_new_window_size_lays_the_game_out_again(make_app: Any) -> None:
    from game.ui.scenes.panels import RIGHT_W

    app, scene = _open(make_app)
    app.settings.width, app.settings.height = 1280, 800
    app.apply_display()
    settle(app, 2)
    assert app.screen.get_size() == (1280, 800)
    assert scene.board.rect.w == 1280 - RIGHT_W
    assert scene.board.camera.view_w == scene.board.rect.w
