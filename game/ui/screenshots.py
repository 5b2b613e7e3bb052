"""Write screenshots of the main menu and the game for the documentation: ``python -m game.ui.screenshots OUTDIR``.

Runs the real interface (under Xvfb or the dummy video driver) and saves
what is on the screen; nothing is staged beyond choosing where to look.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pygame

from game.ui.app import App
from game.ui.scenes.game_scene import GameScene


def _frames(app: App, n: int = 3) -> None:
    for _ in range(n):
        app.step(0.016)
    board = getattr(app.stack.scenes[0], "board", None)
    while board is not None and board.terrain.incomplete:
        app.step(0.016)


def _close_dialogs(app: App) -> None:
    from game.ui.scenes.game_scene import GameScene

    for _ in range(5):
        if isinstance(app.stack.top, GameScene):
            return
        app.stack.pop()


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0] if args else "docs/screenshots")
    scenario = args[1] if len(args) > 1 else "historical_2020"
    out.mkdir(parents=True, exist_ok=True)
    app = App(size=(1600, 1000), fullscreen=False)
    app.settings.animation_speed = 1.0
    app.main_menu()
    _frames(app)
    pygame.image.save(app.screen, str(out / "main_menu.png"))
    if not app.new_game(scenario, 1, "azerbaijan"):
        print("cannot start", scenario, file=sys.stderr)
        return 1
    _frames(app)
    _close_dialogs(app)
    scene = app.stack.top
    assert isinstance(scene, GameScene)
    tm = scene.tm
    board = scene.board
    shusha = tm.find_town("Shusha") or tm.towns[0]
    board.camera.set_zoom(2)
    board.camera.centre_on(shusha.hex_index)
    _frames(app)
    pygame.image.save(app.screen, str(out / "game_front_zoom2.png"))
    board.camera.set_zoom(0)
    board.camera.centre_on(tm.n // 2)
    _frames(app)
    pygame.image.save(app.screen, str(out / "game_theatre_zoom0.png"))
    # A unit selected, with its movement range and a path preview under the pointer.
    v = scene.session.view(0)
    u = next(u for u in v.units if u.role == "manoeuvre")
    board.camera.set_zoom(3)
    board.camera.centre_on(u.hex)
    scene.select(u.id)
    reach = sorted(board.reach)
    far = max(reach, key=lambda h: board.reach[h])
    pos = board.screen_of(far)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)))
    _frames(app)
    from game.orders import Order

    others = [w for w in v.units if w.role == "manoeuvre" and w.id != u.id][:3]
    for w in others:
        nb = [int(x) for x in tm.neighbours[w.hex] if x >= 0]
        scene.issue(Order.move(w.id, tm.hex_at(nb[0])))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)))
    _frames(app)
    pygame.image.save(app.screen, str(out / "game_orders_zoom3.png"))
    # Watching the computer play both sides: the first day's resolution, caught in the air and artillery phases.
    from game.ui.input import Input

    app.new_game(scenario, 1, "watch")
    _frames(app)
    _close_dialogs(app)
    scene = app.stack.top
    assert isinstance(scene, GameScene)
    board = scene.board
    board.camera.set_zoom(2)
    fuz = tm.find_town("Fuzuli") or shusha
    board.camera.centre_on(fuz.hex_index)
    _frames(app)
    app.dispatch(Input("action", action="end_turn"))
    anim = app.stack.top
    for t, name in ((0.9, "game_resolution_air.png"), (1.9, "game_resolution_artillery.png")):
        while getattr(anim, "t", 99) < t:
            app.step(1 / 60)
        pygame.image.save(app.screen, str(out / name))
    while app.stack.top is anim:
        app.step(1 / 30)
    _frames(app)
    from game.ui.scenes.legend import LegendOverlay

    app.stack.push(LegendOverlay(app))
    _frames(app)
    pygame.image.save(app.screen, str(out / "game_watch_day2_key.png"))
    app.stack.pop()
    # Played to the end by the computer on both sides: the end screen beside the historical figures.
    while not scene.session.game.is_over():
        scene.session.end_turn()
    scene.refresh()
    scene.show_end()
    _frames(app)
    pygame.image.save(app.screen, str(out / "end_screen.png"))
    # One side's fog of war: Armenia on turn 5, with current and stale contacts.
    app.new_game(scenario, 2, "armenia")
    _frames(app)
    _close_dialogs(app)
    scene = app.stack.top
    assert isinstance(scene, GameScene)
    for _ in range(4):
        scene.session.end_turn()
    scene.refresh()
    marks = [m for m in scene.board.markers if m.stale_turn] or [m for m in scene.board.markers if m.side == 0]
    if marks:
        h = marks[0].hex
        scene.board.camera.set_zoom(3)
        scene.board.camera.centre_on(h)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=scene.board.screen_of(h), rel=(1, 1), buttons=(0, 0, 0)))
        _frames(app, 5)
        pygame.image.save(app.screen, str(out / "game_armenia_fog_zoom3.png"))
    print("screenshots in", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
