"""Small parts: input translation, settings file, scene stack, camera round trips, counters."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.ui.camera import ZOOMS, Camera, Grid
from game.ui.input import Input, InputTranslator
from game.ui.scene import Scene, SceneStack
from game.ui.settings import Settings


def _ev(t: int, **kw: object) -> pygame.event.Event:
    return pygame.event.Event(t, **kw)


def test_click_versus_drag() -> None:
    tr = InputTranslator()
    kinds = [i.kind for e in (_ev(pygame.MOUSEBUTTONDOWN, pos=(10, 10), button=1), _ev(pygame.MOUSEBUTTONUP, pos=(11, 10), button=1)) for i in tr.translate(e)]
    assert kinds == ["press", "release", "click"]
    out = []
    for e in (_ev(pygame.MOUSEBUTTONDOWN, pos=(10, 10), button=1), _ev(pygame.MOUSEMOTION, pos=(40, 10), rel=(30, 0), buttons=(1, 0, 0)),
              _ev(pygame.MOUSEBUTTONUP, pos=(40, 10), button=1)):
        out += tr.translate(e)
    assert [i.kind for i in out] == ["press", "drag", "release"]
    acts = tr.translate(_ev(pygame.KEYDOWN, key=pygame.K_z, mod=pygame.KMOD_CTRL, unicode="\x1a"))
    assert [a.action for a in acts] == ["undo"]
    tr.translate(_ev(pygame.KEYDOWN, key=pygame.K_w, mod=0, unicode="w"))
    assert tr.pan_vector() == (0, -1)


def test_settings_round_trip_and_damaged_file(tmp_path: Path) -> None:
    p = tmp_path / "k" / "settings.json"
    s = Settings(width=1280, height=800, animation_speed=2.0)
    s.save(p)
    assert Settings.load(p) == s
    assert not list(p.parent.glob("*.tmp"))
    p.write_text("{not json")
    assert Settings.load(p) == Settings()


def test_scene_stack_passes_unconsumed_input_down() -> None:
    seen: list[str] = []

    class A(Scene):
        def process_event(self, event: Input) -> bool:
            seen.append("A")
            return True

    class B(Scene):
        opaque = False

        def process_event(self, event: Input) -> bool:
            seen.append("B")
            return False

    st = SceneStack()
    st.push(A(None))  # type: ignore[arg-type]
    st.push(B(None))  # type: ignore[arg-type]
    assert st.dispatch(Input("click"))
    assert seen == ["B", "A"]


def test_pixel_hex_round_trip() -> None:
    for size in ZOOMS:
        g = Grid(98, 76, size)
        for idx in (0, 75, 76, 77, 5000, 98 * 76 - 1):
            x, y = g.centre(idx)
            assert g.index_at(x, y) == idx
            assert g.index_at(x + size * 0.5, y + size * 0.3) == idx


def test_zoom_keeps_the_point_under_the_pointer() -> None:
    cam = Camera(98, 76, 1200, 800, zoom=2)
    cam.centre_on(3800)
    before = cam.hex_at_screen(700, 300)
    cam.set_zoom(3, (700, 300))
    assert cam.hex_at_screen(700, 300) == before


def test_counters_for_every_symbol() -> None:
    from game.ui.counters import counter

    pygame.font.init()
    for sym in ("infantry", "mechanised", "motorised", "armour", "artillery", "rocket_artillery", "air_defence", "headquarters",
                "special_forces", "engineer", "missile", "reconnaissance", "electronic_warfare"):
        for size in (12, 22, 40):
            s = counter(sym, 0, size, 7, 5, 0, 2)
            assert s.get_width() == size + 2


def test_event_log_fog() -> None:
    from game.engine import Game
    from game.events import Event
    from game.ui.session import visible_events
    from tests.engine.synthetic import make_scenario

    g = Game(make_scenario(), 1)
    v = g.view(1)
    own = v.units[0]
    evs = [
        Event(1, "orders", "order_refused", "Order 'MV az.mech1 1,1' refused", "azerbaijan"),
        Event(1, "orders", "order_refused", "Order 'MV am.rifle1 1,1' refused", "armenia"),
        Event(1, "control", "capture", "Easttown taken", "azerbaijan", 5),
        Event(1, "artillery", "fire", "az.art1 fired on a unit", "azerbaijan", own.hex, {"unit": "az.art1", "target": own.id}),
        Event(1, "air", "strike", "a strike far away", "azerbaijan", 0, {"target": "nobody"}),
    ]
    seen = visible_events(evs, v)
    assert [e.text for e in seen] == [evs[1].text, evs[2].text, evs[3].text]
    assert visible_events(evs, None) == evs


def test_overview_tiles_prepared_while_idle() -> None:
    from game.ui.terrain import TerrainRenderer
    from tests.engine.synthetic import make_map

    r = TerrainRenderer(make_map())
    n = 0
    while r.prefetch((0, 1), 3):
        n += 1
    assert r.tiles and all(r.fresh(*k) for k in r.tiles)
    assert r.prefetch((0, 1), 3) == 0
    import numpy as np

    r.set_control(np.zeros(r.tm.n, dtype=np.int8))
    assert not any(r.fresh(*k) for k in r.tiles)  # a change of control makes every tile stale
    assert r.prefetch((0,), 100) > 0
