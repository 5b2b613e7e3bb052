"""The desktop application: window, main loop, scene stack, settings, and the ways into a game.

``karabakh play`` calls :func:`main`. Without a scenario it opens the main
menu; with one it opens that game straight away; ``--load`` and ``--replay``
open a saved game or a recorded one.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import pygame

from game.ui import resources as R
from game.ui.input import Input, InputTranslator
from game.ui.scene import Scene, SceneStack
from game.ui.session import ScenarioLoader, Session, default_loader
from game.ui.settings import Settings, saves_dir

FPS = 60


def default_lister() -> list[tuple[str, str, str]]:
    try:
        from game.scenario.loader import list_scenarios
    except ImportError:
        return []
    try:
        return list(list_scenarios())
    except Exception:
        return []


class App:
    """Owns the window and the scene stack; everything else hangs off a scene."""

    def __init__(self, settings: Settings | None = None, size: tuple[int, int] | None = None, fullscreen: bool | None = None,
                 loader: ScenarioLoader = default_loader, lister: Any = default_lister, settings_path: Path | None = None) -> None:
        self.settings = settings or Settings.load(settings_path)
        self.settings_path = settings_path
        if size:
            self.settings.width, self.settings.height = size
        if fullscreen is not None:
            self.settings.fullscreen = fullscreen
        self.loader = loader
        self.lister = lister
        # The board is drawn on the CPU; presenting it through SDL's GL texture path costs ~20 ms a frame
        # on software GL (Xvfb, remote desktops) and gains nothing on a GPU, so present the framebuffer directly.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Karabakh 2020 - a wargame of the Second Nagorno-Karabakh War")
        self.screen = self._open_window()
        self.stack = SceneStack()
        self.translator = InputTranslator()
        self.clock = pygame.time.Clock()
        self.running = True
        self.frames = 0
        self.idle_work = True  # prepare terrain tiles of the overview zoom levels between frames

    def _open_window(self) -> pygame.Surface:
        flags = pygame.FULLSCREEN if self.settings.fullscreen else pygame.RESIZABLE
        size = (0, 0) if self.settings.fullscreen else (self.settings.width, self.settings.height)
        return pygame.display.set_mode(size, flags)

    def apply_display(self) -> None:
        """Re-open the window after a change of resolution or full screen."""
        self.screen = self._open_window()
        R.clear()
        self.dispatch(Input("resize"))

    # --- loop -----------------------------------------------------------------------
    def dispatch(self, ev: Input) -> None:
        if ev.kind == "quit":
            self.running = False
            return
        if ev.kind == "action" and ev.action == "fullscreen":
            self.settings.fullscreen = not self.settings.fullscreen
            self.apply_display()
            return
        if ev.kind == "resize":
            for s in self.stack.scenes:
                s.process_event(ev)
            return
        self.stack.dispatch(ev)

    def step(self, dt: float | None = None) -> None:
        """One frame: input, update, draw. Tests call this directly."""
        for raw in pygame.event.get():
            for ev in self.translator.translate(raw):
                self.dispatch(ev)
        if dt is None:
            dt = self.clock.tick(FPS) / 1000.0
        self.stack.update(min(dt, 0.1))
        self.stack.draw(self.screen)
        pygame.display.flip()
        self.frames += 1
        if not self.stack.scenes:
            self.running = False

    def run(self) -> int:
        while self.running:
            self.step()
        pygame.quit()
        return 0

    # --- ways into a game --------------------------------------------------------------
    def error(self, title: str, text: str) -> None:
        from game.ui.scenes.dialogs import MessageDialog

        self.stack.push(MessageDialog(self, title, text))

    def start_game(self, session: Session) -> Scene:
        from game.ui.scenes.game_scene import GameScene

        return self.stack.replace(GameScene(self, session))

    def new_game(self, scenario: str, seed: int, mode: str) -> bool:
        try:
            session = Session.new(scenario, seed, mode, self.loader)
        except Exception as e:  # a scenario that does not load must not end the program
            self.error("Cannot start the game", f"{scenario}: {e}")
            return False
        self.start_game(session)
        return True

    def load_game(self, path: str | Path) -> bool:
        from game.save import SaveError

        try:
            session = Session.load(path, self.loader)
        except SaveError as e:
            self.error("Cannot load the saved game", str(e))
            return False
        except Exception as e:
            self.error("Cannot load the saved game", f"{path}: {e}")
            return False
        self.start_game(session)
        return True

    def open_replay(self, path: str | Path, index: int = 0) -> bool:
        from game.replay import ReplayError, read_record
        from game.ui.scenes.replay_scene import ReplayScene

        try:
            rec = read_record(path, index)
            scene = ReplayScene(self, rec)
        except ReplayError as e:
            self.error("Cannot open the replay", str(e))
            return False
        except Exception as e:
            self.error("Cannot open the replay", f"{path}: {e}")
            return False
        self.stack.replace(scene)
        return True

    def main_menu(self) -> None:
        from game.ui.scenes.menus import MainMenu

        self.stack.replace(MainMenu(self))

    # --- saving ------------------------------------------------------------------------
    def quicksave_path(self) -> Path:
        return saves_dir() / "quicksave.json"

    def save(self, scene: Any, path: Path) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            scene.session.save(path)
        except Exception as e:
            self.error("Cannot save", f"{path}: {e}")
            return False
        scene.say(f"Saved to {path}")
        return True

    def quicksave(self, scene: Any) -> None:
        self.save(scene, self.quicksave_path())

    def quickload(self) -> None:
        p = self.quicksave_path()
        if not p.exists():
            self.error("No quick-save", f"There is no quick-save yet ({p}). Press F5 in a game to make one.")
            return
        self.load_game(p)

    def save_as(self, scene: Any) -> None:
        from game.ui.scenes.dialogs import TextDialog

        g = scene.session.game
        name = f"{g.scenario.scenario.id}-turn{g.turn}"
        self.stack.push(TextDialog(self, "Save game", f"File name (saved in {saves_dir()}):", name,
                                   lambda n: self.save(scene, saves_dir() / (n if n.endswith(".json") else n + ".json"))))


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"karabakh play: --size expects WxH, e.g. 1600x1000, got {text!r}") from None
    return w, h


def build(args: argparse.Namespace, **kw: Any) -> App:
    """Create the app and its first scene from the command-line arguments."""
    app = App(size=parse_size(getattr(args, "size", None)), fullscreen=True if getattr(args, "fullscreen", False) else None, **kw)
    app.main_menu()
    if getattr(args, "load", None):
        app.load_game(args.load)
    elif getattr(args, "replay", None):
        app.open_replay(args.replay, getattr(args, "game", 0) or 0)
    elif getattr(args, "scenario", None):
        seed = args.seed if getattr(args, "seed", None) is not None else 1
        app.new_game(args.scenario, seed, getattr(args, "side", None) or "azerbaijan")
    return app


def main(args: argparse.Namespace) -> int:
    try:
        app = build(args)
    except pygame.error as e:
        print(f"karabakh play: cannot open a window ({e}); is a display available?", file=sys.stderr)
        return 1
    return app.run()
