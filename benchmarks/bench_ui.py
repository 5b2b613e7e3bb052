"""Frames per second of the board while panning across the whole theatre with every counter shown.

Not a test: run ``python benchmarks/bench_ui.py [--frames N] [--zoom Z] [--scenario ID]`` under Xvfb
(``DISPLAY=:99``) or with ``SDL_VIDEODRIVER=dummy``. It opens the game in watch mode (both sides'
counters), renders every terrain tile of the zoom level first (as a player's first pass over the
map would), then pans in a loop over the map and reports the frame rate of drawing alone.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--frames", type=int, default=600)
    p.add_argument("--zoom", type=int, default=2)
    p.add_argument("--scenario", default="historical_2020")
    p.add_argument("--size", default="1600x1000")
    a = p.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.ui.app import App

    w, h = (int(v) for v in a.size.split("x"))
    app = App(size=(w, h), fullscreen=False)
    if not app.new_game(a.scenario, 1, "watch"):
        print("cannot open the scenario", a.scenario, file=sys.stderr)
        return 1
    scene = app.stack.top
    while type(scene).__name__ != "GameScene":
        app.stack.pop()
        scene = app.stack.top
    board = scene.board  # type: ignore[attr-defined]
    board.camera.set_zoom(a.zoom)
    t0 = time.perf_counter()
    board.terrain.prerender(a.zoom)
    t_pre = time.perf_counter() - t0
    while board.terrain.prefetch((0, 1, 2), 64):  # what the game does while the player is idle
        pass
    cam = board.camera
    g = cam.grid
    cx, cy = g.width / 2, g.height / 2
    rx, ry = max(1.0, (g.width - cam.view_w) / 2), max(1.0, (g.height - cam.view_h) / 2)
    for _ in range(5):
        app.step(0.016)
    t0 = time.perf_counter()
    for i in range(a.frames):
        ang = 2 * math.pi * i / a.frames
        cam.x, cam.y = cx + rx * math.cos(ang) - cam.view_w / 2, cy + ry * math.sin(2 * ang) - cam.view_h / 2
        cam.clamp()
        app.step(0.016)
    dt = time.perf_counter() - t0
    driver = pygame.display.get_driver()
    n = len(board.markers)
    print(f"{a.frames} frames at {w}x{h}, zoom {a.zoom} (hex radius {g.size:g} px), {n} counters, driver {driver}: "
          f"{a.frames / dt:.0f} frames per second; first rasterisation of the zoom level {t_pre:.2f} s")
    pygame.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
