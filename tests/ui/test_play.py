"""Playing with the mouse and keys: select, order, end the turn, save, load, hot-seat, replay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pygame

from game.engine import Game
from game.orders import Order
from game.ui.scenes.dialogs import MessageDialog, PassScreen
from game.ui.scenes.game_scene import GameScene
from game.ui.scenes.menus import MainMenu
from game.ui.session import Session
from tests.ui.conftest import SCENARIO, lister, loader
from tests.ui.helpers import click, close_dialogs, finish_animation, key, settle


def _open(make_app: Any, mode: str = "azerbaijan", seed: int = 1) -> tuple[Any, GameScene]:
    app = make_app()
    assert app.new_game(SCENARIO, seed, mode)
    settle(app)
    close_dialogs(app)
    assert isinstance(app.stack.top, GameScene)
    return app, app.stack.top


def _movable(scene: GameScene, side: int) -> tuple[Any, int]:
    """An own manoeuvre unit and a free hex two or more steps away that it can reach today."""
    v = scene.session.view(side)
    tm = scene.tm
    from game.engine import reachable

    occupied = {u.hex for u in v.units} | {c.hex for c in v.contacts}
    for u in sorted(v.units, key=lambda u: u.id):
        if u.role != "manoeuvre":
            continue
        reach = reachable(scene.session.game, side, u.id)
        far = [h for h, c in sorted(reach.items()) if h not in occupied and h not in set(int(x) for x in tm.neighbours[u.hex]) and h != u.hex]
        if far:
            return u, far[len(far) // 2]
    raise AssertionError("no unit can move")


def test_mouse_move_order_reaches_the_engine(make_app: Any) -> None:
    app, scene = _open(make_app)
    u, target = _movable(scene, 0)
    b = scene.board
    b.camera.centre_on(u.hex)
    settle(app, 1)
    click(app, b.screen_of(u.hex))
    assert b.selected == u.id
    assert b.reach, "the movement range is shown"
    # Hovering shows the path the engine would take.
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=b.screen_of(target), rel=(1, 1), buttons=(0, 0, 0)))
    settle(app, 1)
    assert b.path and b.path[0] == u.hex
    click(app, b.screen_of(target), button=3)
    pending = scene.session.pending[0]
    assert pending and pending[-1].kind == "MV" and pending[-1].unit == u.id
    assert str(pending[-1]) == f"MV {u.id} {scene.tm.hex_at(target)}"
    key(app, pygame.K_RETURN)
    finish_animation(app)
    close_dialogs(app)
    assert scene.session.game.history[0]["azerbaijan"][0].startswith(f"MV {u.id}")
    moved = scene.session.view(0).unit(u.id)
    assert moved is not None and moved.hex != u.hex


def test_undo_and_clear(make_app: Any) -> None:
    app, scene = _open(make_app)
    u, target = _movable(scene, 0)
    s = scene.session
    assert s.add(0, Order.move(u.id, scene.tm.hex_at(target))) is None
    assert s.add(0, Order.posture(u.id, "DEFEND")) is None
    key(app, pygame.K_BACKSPACE)
    assert [o.kind for o in s.pending[0]] == ["MV"]
    key(app, pygame.K_z, mod=pygame.KMOD_CTRL)
    assert s.pending[0] == []
    s.add(0, Order.move(u.id, scene.tm.hex_at(target)))
    key(app, pygame.K_c, unicode="c")
    assert s.pending[0] == []
    assert s.add(0, "MV nobody 1,1") is not None  # refused with a reason, not added


def test_save_load_and_continue_identically(make_app: Any, tmp_path: Path) -> None:
    app, scene = _open(make_app, seed=4)
    s = scene.session
    u, target = _movable(scene, 0)
    s.add(0, Order.move(u.id, scene.tm.hex_at(target)))
    key(app, pygame.K_RETURN)
    finish_animation(app)
    close_dialogs(app)
    path = tmp_path / "game.json"
    s.save(path)
    loaded = Session.load(path, loader)
    assert loaded.game.state.digest() == s.game.state.digest()
    assert loaded.mode == "azerbaijan"
    u2, target2 = _movable(scene, 0)
    for sess in (s, loaded):
        sess.add(0, Order.move(u2.id, scene.tm.hex_at(target2)))
        sess.end_turn()
    assert loaded.game.state.digest() == s.game.state.digest()


def test_quicksave_quickload_and_damaged_save(make_app: Any, tmp_path: Path) -> None:
    app, scene = _open(make_app)
    key(app, pygame.K_F5)
    digest = scene.session.game.state.digest()
    key(app, pygame.K_F9)
    top = app.stack.top
    assert isinstance(top, GameScene) and top is not scene
    assert top.session.game.state.digest() == digest
    bad = tmp_path / "bad.json"
    text = app.quicksave_path().read_text()
    bad.write_text(text[: len(text) // 2])
    assert not app.load_game(bad)
    assert isinstance(app.stack.top, MessageDialog)
    settle(app, 2)  # drawn without error
    doc = json.loads(text)
    doc["body"]["seed"] += 1
    bad.write_text(json.dumps(doc))
    assert not app.load_game(bad)
    assert "damaged" in app.stack.top.body


def test_hotseat_hides_the_board(make_app: Any) -> None:
    app, scene = _open(make_app, mode="hotseat")
    assert scene.acting == 0
    key(app, pygame.K_RETURN)
    assert isinstance(app.stack.top, PassScreen)
    settle(app, 1)
    arr = pygame.surfarray.array3d(app.screen)
    b = scene.board.rect
    board = arr[b.x: b.right, b.y: b.bottom].reshape(-1, 3)
    assert (board == np.array([18, 20, 24])).all(axis=1).mean() > 0.95
    key(app, pygame.K_RETURN)
    close_dialogs(app)
    assert scene.acting == 1 and scene.viewer == 1
    assert all(m.side == 1 or m.stale_turn or m.uid in {c.id for c in scene.session.view(1).contacts} for m in scene.board.markers)
    key(app, pygame.K_RETURN)  # Armenia done: the day is resolved, then the board is hidden again for Azerbaijan
    assert isinstance(app.stack.top, PassScreen)
    assert len(scene.session.game.history) == 1
    key(app, pygame.K_RETURN)
    finish_animation(app)
    close_dialogs(app)
    assert scene.acting == 0


def test_watch_mode_shows_both_sides(make_app: Any) -> None:
    app, scene = _open(make_app, mode="watch")
    sides = {m.side for m in scene.board.markers}
    assert sides == {0, 1}
    key(app, pygame.K_RETURN)
    finish_animation(app)
    close_dialogs(app)
    assert len(scene.session.game.history) == 1
    assert scene.log


def test_replay_viewer_steps_forward_and_back(make_app: Any, tmp_path: Path) -> None:
    from game.run import make_agents
    from game.ui.scenes.replay_scene import ReplayScene

    g = Game(loader(SCENARIO), 9)
    agents = make_agents(g, ("greedy", "greedy"))
    digests = [g.state.digest()]
    for _ in range(3):
        g.resolve_turn(agents[0].orders(g.view(0)), agents[1].orders(g.view(1)))
        digests.append(g.state.digest())
    rec = g.record()
    rec["scenario_path"] = SCENARIO
    path = tmp_path / "results.jsonl"
    path.write_text("{}\n" + json.dumps(rec) + "\n")
    app = make_app()
    assert app.open_replay(path, 1)
    scene = app.stack.top
    assert isinstance(scene, ReplayScene)
    settle(app, 1)
    key(app, pygame.K_PERIOD, unicode=".")
    finish_animation(app)
    key(app, pygame.K_PERIOD, unicode=".")
    finish_animation(app)
    assert scene.replay.played == 2
    assert scene.replay.game.state.digest() == digests[2]
    key(app, pygame.K_COMMA, unicode=",")
    assert scene.replay.played == 1
    assert scene.replay.game.state.digest() == digests[1]
    assert not app.open_replay(tmp_path / "results.jsonl", 0)  # line 0 is no record: a dialog, not a crash
    assert isinstance(app.stack.top, MessageDialog)


def test_main_menu_and_straight_into_a_game(make_app: Any) -> None:
    import argparse

    from game.ui import app as app_mod

    a = app_mod.build(argparse.Namespace(scenario=None, side=None, seed=None, load=None, replay=None, game=0, size="1280x800",
                                         fullscreen=False), loader=loader, lister=lister)
    assert isinstance(a.stack.top, MainMenu)
    settle(a, 2)
    key(a, pygame.K_F1)
    key(a, pygame.K_ESCAPE)
    key(a, pygame.K_RETURN)  # Enter starts the selected scenario
    assert isinstance(a.stack.scenes[0], GameScene)
    b = app_mod.build(argparse.Namespace(scenario=SCENARIO, side="armenia", seed=5, load=None, replay=None, game=0, size=None,
                                         fullscreen=False), loader=loader, lister=lambda: [])
    top = b.stack.scenes[0]
    assert isinstance(top, GameScene) and top.session.mode == "armenia" and top.session.game.seed == 5 and top.acting == 1


def test_fire_and_air_orders_from_keys(make_app: Any) -> None:
    app, scene = _open(make_app)
    v = scene.session.view(0)
    gun = next((u for u in v.units if u.role in ("artillery", "mlrs")), None)
    if gun is not None:
        scene.select(gun.id)
        key(app, pygame.K_f, unicode="f")
        assert scene.mode == "fire"
        target = next(h for h in range(scene.tm.n) if abs(h - gun.hex) == 2)
        scene.board.camera.centre_on(target)
        settle(app, 1)
        click(app, scene.board.screen_of(target))
        assert scene.mode == "select"
        assert any(o.kind == "FR" for o in scene.session.pending[0]) or "Refused" in scene.message
    key(app, pygame.K_g, unicode="g")
    from game.ui.scenes.dialogs import AirMissionDialog

    dlg = app.stack.top
    assert isinstance(dlg, AirMissionDialog)
    if dlg.types:
        key(app, pygame.K_RETURN)
        assert scene.mode == "air"
        h = v.units[0].hex
        scene.board.camera.centre_on(h)
        settle(app, 1)
        click(app, scene.board.screen_of(h))
        assert any(o.kind == "AIR" for o in scene.session.pending[0]) or "Refused" in scene.message


def test_end_screen_when_the_war_ends(make_app: Any) -> None:
    from game.ui.scenes.end_screen import EndScreen, historical

    app, scene = _open(make_app, mode="watch")
    s = scene.session
    while not s.game.is_over():
        s.end_turn()
    scene.refresh()
    key(app, pygame.K_RETURN)
    assert isinstance(app.stack.top, EndScreen)
    settle(app, 2)
    assert historical(Path("/nonexistent.yaml")) == {}


def test_ceasefire_proposal_dialog_adds_an_answer(make_app: Any) -> None:
    from game.ui.scenes.dialogs import CeasefireDialog
    from tests.engine.synthetic import make_scenario

    app = make_app()
    sc = make_scenario(ceasefire={"proposals": [{"id": "hc1", "mediator": "A mediator", "date": "2020-09-27"}]})
    app.start_game(Session(Game(sc, 2), "armenia"))
    settle(app, 2)
    dlg = app.stack.top
    assert isinstance(dlg, CeasefireDialog)
    settle(app, 1)
    key(app, pygame.K_RETURN)  # the default button: Accept
    scene = app.stack.top
    assert isinstance(scene, GameScene)
    assert [str(o) for o in scene.session.pending[1]] == ["CF hc1 ACCEPT"]


def test_legend_and_help_overlays(make_app: Any) -> None:
    from game.ui.scenes.legend import LegendOverlay

    app, scene = _open(make_app)
    key(app, pygame.K_k, unicode="k")
    assert isinstance(app.stack.top, LegendOverlay)
    x0 = scene.board.camera.x
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_d, mod=0, unicode="d", scancode=0))
    settle(app, 4)
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_d, mod=0, unicode="d", scancode=0))
    assert scene.board.camera.x >= x0  # the key does not block the board
    key(app, pygame.K_k, unicode="k")
    assert app.stack.top is scene
    key(app, pygame.K_F1)
    assert app.stack.top is not scene
    key(app, pygame.K_ESCAPE)
    assert app.stack.top is scene


def test_clicking_an_event_centres_the_map_on_it(make_app: Any) -> None:
    app, scene = _open(make_app, mode="watch")
    key(app, pygame.K_RETURN)
    finish_animation(app)
    rows = [(r, e) for r, e in scene._log_rows() if e.hex is not None]
    assert rows, "some event of the day has a place"
    r, e = rows[-1]
    scene.board.camera.centre_on(0)
    click(app, r.center)
    x, y = scene.board.screen_of(e.hex)
    assert abs(x - scene.board.rect.centerx) < 60 or abs(y - scene.board.rect.centery) < 60


def test_hotseat_puts_a_proposal_to_each_player(make_app: Any) -> None:
    from game.ui.scenes.dialogs import CeasefireDialog
    from tests.engine.synthetic import make_scenario

    app = make_app()
    sc = make_scenario(ceasefire={"proposals": [{"id": "hc1", "mediator": "A mediator", "date": "2020-09-27"}]})
    app.start_game(Session(Game(sc, 2), "hotseat"))
    settle(app, 2)
    assert isinstance(app.stack.top, CeasefireDialog)
    key(app, pygame.K_RETURN)  # Azerbaijan accepts
    key(app, pygame.K_RETURN)  # Azerbaijan ends its orders: hand-over screen
    assert isinstance(app.stack.top, PassScreen)
    key(app, pygame.K_RETURN)
    assert isinstance(app.stack.top, CeasefireDialog)  # and Armenia is asked too
    key(app, pygame.K_ESCAPE)
    scene = app.stack.top
    assert isinstance(scene, GameScene)
    assert [str(o) for o in scene.session.pending[0]] == ["CF hc1 ACCEPT"] and scene.session.pending[1] == []


def test_settings_scene_saves_the_choice(make_app: Any) -> None:
    from game.ui.scenes.menus import SettingsScene
    from game.ui.settings import Settings, config_dir

    app = make_app()
    app.main_menu()
    settle(app, 1)
    menu = app.stack.top
    assert isinstance(menu, MainMenu)
    menu.settings()
    scene = app.stack.top
    assert isinstance(scene, SettingsScene)
    speed = next(b for b in scene.buttons if b.label == "x2")
    click(app, speed.rect.center)
    assert Settings.load(config_dir() / "settings.json").animation_speed == 2.0
    res = next(b for b in scene.buttons if b.label == "1280 x 800")
    click(app, res.rect.center)
    assert app.screen.get_size() == (1280, 800)
    assert Settings.load(config_dir() / "settings.json").width == 1280


def test_typing_an_order_in_its_notation(make_app: Any) -> None:
    app, scene = _open(make_app)
    u, target = _movable(scene, 0)
    key(app, pygame.K_SLASH, unicode="/")
    text = f"MV {u.id} {scene.tm.hex_at(target)}"
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch, scancode=0))
    key(app, pygame.K_RETURN)
    assert [str(o) for o in scene.session.pending[0]] == [text]
    key(app, pygame.K_SLASH, unicode="/")
    for ch in "MV nobody 1,1":
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch, scancode=0))
    key(app, pygame.K_RETURN)
    assert scene.message.startswith("Refused") and len(scene.session.pending[0]) == 1
