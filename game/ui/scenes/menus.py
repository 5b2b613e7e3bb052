"""The main menu (scenario, side, seed; new, load, replay, settings, help, quit), the in-game menu, file choosers and settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.ui import palette as P
from game.ui import resources as R
from game.ui.input import Input
from game.ui.scene import Scene
from game.ui.session import MODES
from game.ui.settings import RESOLUTIONS, SPEEDS, saves_dir
from game.ui.widgets import Button, ListBox, draw_lines, panel, wrap

if TYPE_CHECKING:
    from game.ui.app import App

MODE_LABELS = {"azerbaijan": "Command Azerbaijan", "armenia": "Command Armenia/Artsakh", "hotseat": "Hot-seat (two players)",
               "watch": "Watch the computer play both"}


class MainMenu(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.scenarios = app.lister()
        self.mode = 0
        self.seed = "1"
        self.seed_focus = False
        self.list = ListBox(pygame.Rect(0, 0, 10, 10), [s[1] for s in self.scenarios])
        self.backdrop = _theatre_picture(max(200, min(520, app.screen.get_width() - max(30, app.screen.get_width() // 2 - 770) - 1080)))
        self._layout()

    def _layout(self) -> None:
        w, h = self.app.screen.get_size()
        left = max(30, w // 2 - 770)
        self.list.rect = pygame.Rect(left, 170, 560, 260)
        self.mode_buttons = []
        for i, m in enumerate(MODES):
            self.mode_buttons.append(Button(pygame.Rect(left + 600, 170 + i * 44, 330, 36), MODE_LABELS[m],
                                            partial(setattr, self, "mode", i)))
        self.seed_rect = pygame.Rect(left + 600, 170 + 4 * 44 + 36, 160, 34)
        y = 170 + 4 * 44 + 100
        bw = 200
        labels: list[tuple[str, Callable[[], None]]] = [
            ("New game", self.new_game), ("Load game", self.load_game), ("Replay", self.replay),
            ("Settings", self.settings), ("Help", self.help), ("Quit", self.quit)]
        self.buttons = [Button(pygame.Rect(left + 600 + (i % 2) * (bw + 10), y + (i // 2) * 46, bw, 38), lab, fn, size=16)
                        for i, (lab, fn) in enumerate(labels)]

    def new_game(self) -> None:
        if not self.scenarios:
            self.app.error("No scenarios", "No scenario files were found under scenarios/ (or none of them load).")
            return
        sid = self.scenarios[self.list.selected][0]
        try:
            seed = int(self.seed or "1")
        except ValueError:
            seed = 1
        self.app.new_game(sid, seed, MODES[self.mode])

    def load_game(self) -> None:
        self.app.stack.push(FilePicker(self.app, "Load a saved game", [saves_dir(), Path.cwd()], (".json",), self.app.load_game))

    def replay(self) -> None:
        self.app.stack.push(FilePicker(self.app, "Replay a recorded game (record JSON or results.jsonl line 0)",
                                       [Path.cwd(), Path.cwd() / "results", saves_dir()], (".json", ".jsonl"), self.app.open_replay))

    def help(self) -> None:
        from game.ui.scenes.dialogs import HelpOverlay

        self.app.stack.push(HelpOverlay(self.app))

    def settings(self) -> None:
        self.app.stack.push(SettingsScene(self.app))

    def quit(self) -> None:
        self.app.running = False

    def process_event(self, event: Input) -> bool:
        if event.kind == "resize":
            self._layout()
            return True
        for b in self.buttons + self.mode_buttons:
            if b.handle(event):
                return True
        if self.list.handle(event):
            return True
        if event.kind == "click":
            self.seed_focus = self.seed_rect.collidepoint(event.pos)
            return True
        if event.kind == "text" and self.seed_focus and event.text.isdigit():
            self.seed = (self.seed + event.text)[:9]
            return True
        if event.kind == "action":
            if event.action == "undo" and self.seed_focus:
                self.seed = self.seed[:-1]
            elif event.action == "end_turn":
                self.new_game()
            elif event.action == "help":
                self.help()
            elif event.action == "back":
                self.quit()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.fill((24, 27, 32))
        for i in range(0, h, 4):  # faint contour-like stripes as a backdrop
            pygame.draw.line(surface, (28, 32, 38), (0, i), (w, i + 40))
        left = max(30, w // 2 - 770)
        surface.blit(R.text("Karabakh 2020", 40, P.TEXT, True), (left, 40))
        surface.blit(R.text("A wargame of the Second Nagorno-Karabakh War, 27 September - 10 November 2020", 17, P.TEXT_DIM), (left, 96))
        surface.blit(R.text("Scenario", 16, P.ACCENT, True), (left, 142))
        self.list.draw(surface)
        if self.scenarios:
            desc = self.scenarios[self.list.selected][2]
            r = pygame.Rect(left, 445, 560, h - 470)
            draw_lines(surface, wrap(desc, 14, 550)[: max(1, r.h // 19)], (left, 445), 14, P.TEXT_DIM, 2)
        else:
            surface.blit(R.text("No scenarios found.", 15, P.BAD), (left, 445))
        surface.blit(R.text("Side", 16, P.ACCENT, True), (left + 600, 142))
        for i, b in enumerate(self.mode_buttons):
            b.toggled = i == self.mode
            b.draw(surface, self.app.translator.pointer)
        surface.blit(R.text("Seed", 16, P.ACCENT, True), (left + 600, self.seed_rect.y - 26))
        pygame.draw.rect(surface, P.PANEL_LIGHT, self.seed_rect)
        pygame.draw.rect(surface, P.ACCENT if self.seed_focus else P.PANEL_EDGE, self.seed_rect, 1)
        surface.blit(R.text(self.seed + ("_" if self.seed_focus else ""), 16, P.TEXT), (self.seed_rect.x + 8, self.seed_rect.y + 7))
        surface.blit(R.text("same scenario, side and seed:", 12, P.TEXT_DIM), (self.seed_rect.right + 12, self.seed_rect.y + 2))
        surface.blit(R.text("the same war", 12, P.TEXT_DIM), (self.seed_rect.right + 12, self.seed_rect.y + 17))
        for b in self.buttons:
            b.draw(surface, self.app.translator.pointer)
        if self.backdrop is not None:
            r = self.backdrop.get_rect(topleft=(left + 1050, 150))
            if r.bottom < h - 40 and r.right <= w:
                pygame.draw.rect(surface, P.PANEL_EDGE, r.inflate(4, 4), 1)
                surface.blit(self.backdrop, r)
                surface.blit(R.text("The theatre at the start: control on 27 September 2020", 12, P.TEXT_DIM), (r.x, r.bottom + 6))
        foot = "Place names are given in both languages where they differ. Enter starts, F1 shows the keys."
        surface.blit(R.text(foot, 13, P.TEXT_DIM), (left, h - 30))


def _theatre_picture(width: int) -> pygame.Surface | None:
    """The theatre map in miniature with starting control, or None where the map is not installed."""
    try:
        from game.hexmap.theatre import load_theatre
        from game.ui.terrain import TerrainRenderer

        surf, _ = TerrainRenderer(load_theatre()).minimap(width)
    except Exception:  # the menu works without the map (e.g. a checkout without assets)
        return None
    return surf


class FilePicker(Scene):
    """Pick a file from a few folders, or type a path."""

    modal = True
    opaque = False

    def __init__(self, app: App, title: str, folders: list[Path], suffixes: tuple[str, ...], on_pick: Callable[[str], Any]) -> None:
        super().__init__(app)
        self.title = title
        self.on_pick = on_pick
        files: list[Path] = []
        for d in folders:
            if d.is_dir():
                files += sorted((p for p in d.iterdir() if p.suffix in suffixes and p.is_file()), key=lambda p: -p.stat().st_mtime)
        self.files = files[:200]
        self.typed = ""
        w, h = app.screen.get_size()
        self.box = pygame.Rect(0, 0, 760, 520)
        self.box.center = (w // 2, h // 2)
        self.list = ListBox(pygame.Rect(self.box.x + 20, self.box.y + 60, 720, 340), [str(p) for p in self.files])
        self.buttons = [Button(pygame.Rect(self.box.right - 240, self.box.bottom - 52, 100, 34), "Cancel", self.close),
                        Button(pygame.Rect(self.box.right - 130, self.box.bottom - 52, 110, 34), "Open", self.pick)]

    def pick(self) -> None:
        path = self.typed.strip() or (str(self.files[self.list.selected]) if self.files else "")
        if not path:
            return
        self.close()
        self.on_pick(path)

    def process_event(self, event: Input) -> bool:
        for b in self.buttons:
            if b.handle(event):
                return True
        if self.list.handle(event):
            return True
        if event.kind == "text":
            self.typed += event.text
        elif event.kind == "action":
            if event.action == "back":
                self.close()
            elif event.action == "end_turn":
                self.pick()
            elif event.action == "undo":
                self.typed = self.typed[:-1]
        return True

    def draw(self, surface: pygame.Surface) -> None:
        panel(surface, self.box, 250)
        surface.blit(R.text(self.title, 18, P.ACCENT, True), (self.box.x + 20, self.box.y + 18))
        self.list.draw(surface)
        if not self.files:
            surface.blit(R.text("No files found here; type a path below.", 14, P.TEXT_DIM), (self.list.rect.x + 10, self.list.rect.y + 10))
        r = pygame.Rect(self.box.x + 20, self.box.y + 414, 720, 30)
        pygame.draw.rect(surface, P.PANEL_LIGHT, r)
        surface.blit(R.text("Path: " + self.typed + "_", 14, P.TEXT), (r.x + 6, r.y + 6))
        for b in self.buttons:
            b.draw(surface, self.app.translator.pointer)


class GameMenu(Scene):
    """Esc in a game: resume, save, load, help, main menu, quit."""

    modal = True
    opaque = False

    def __init__(self, app: App, scene: Any) -> None:
        super().__init__(app)
        self.scene = scene
        w, h = app.screen.get_size()
        self.box = pygame.Rect(0, 0, 300, 380)
        self.box.center = (w // 2, h // 2)
        items: list[tuple[str, Callable[[], None]]] = [
            ("Resume", self.close), ("Save as...", self._save), ("Quick-save (F5)", self._quick),
            ("Load game", self._load), ("Settings", self._settings),
            ("Help (F1)", self._help), ("Main menu", self._menu), ("Quit", self._quit)]
        self.buttons = [Button(pygame.Rect(self.box.x + 30, self.box.y + 50 + i * 40, 240, 34), lab, fn) for i, (lab, fn) in enumerate(items)]

    def _save(self) -> None:
        self.close()
        self.app.save_as(self.scene)

    def _quick(self) -> None:
        self.close()
        self.app.quicksave(self.scene)

    def _load(self) -> None:
        self.close()
        self.app.stack.push(FilePicker(self.app, "Load a saved game", [saves_dir(), Path.cwd()], (".json",), self.app.load_game))

    def _settings(self) -> None:
        self.app.stack.push(SettingsScene(self.app))

    def _help(self) -> None:
        from game.ui.scenes.dialogs import HelpOverlay

        self.close()
        self.app.stack.push(HelpOverlay(self.app))

    def _menu(self) -> None:
        self.app.main_menu()

    def _quit(self) -> None:
        self.app.running = False

    def process_event(self, event: Input) -> bool:
        return self.button_panel_event(event, self.buttons)

    def draw(self, surface: pygame.Surface) -> None:
        panel(surface, self.box, 250)
        surface.blit(R.text("Game menu", 18, P.ACCENT, True), (self.box.x + 30, self.box.y + 16))
        for b in self.buttons:
            b.draw(surface, self.app.translator.pointer)


class SettingsScene(Scene):
    """Resolution, full screen, animation speed and hex grid, saved at once to the settings file."""

    modal = True
    opaque = False

    def __init__(self, app: App) -> None:
        super().__init__(app)
        w, h = app.screen.get_size()
        self.box = pygame.Rect(0, 0, 560, 380)
        self.box.center = (w // 2, h // 2)
        self.buttons: list[Button] = []
        self.note = ""
        self._build()

    def _build(self) -> None:
        s = self.app.settings
        x, y = self.box.x + 200, self.box.y + 60
        self.buttons = []
        for i, (rw, rh) in enumerate(RESOLUTIONS):
            b = Button(pygame.Rect(x + (i % 2) * 150, y + (i // 2) * 40, 140, 32), f"{rw} x {rh}", partial(self._res, rw, rh))
            b.toggled = (s.width, s.height) == (rw, rh)
            self.buttons.append(b)
        fs = Button(pygame.Rect(x, y + 90, 140, 32), "Full screen: " + ("on" if s.fullscreen else "off"), self._fs)
        self.buttons.append(fs)
        for i, sp in enumerate(SPEEDS):
            b = Button(pygame.Rect(x + i * 72, y + 140, 66, 32), f"x{sp:g}", partial(self._speed, sp))
            b.toggled = abs(s.animation_speed - sp) < 1e-9
            self.buttons.append(b)
        self.buttons.append(Button(pygame.Rect(x, y + 190, 140, 32), "Hex grid: " + ("on" if s.show_grid else "off"), self._grid))
        self.buttons.append(Button(pygame.Rect(self.box.right - 130, self.box.bottom - 50, 110, 34), "Close", self.close))

    def _store(self) -> None:
        try:
            p = self.app.settings.save(self.app.settings_path)
            self.note = f"Saved to {p}"
        except OSError as e:
            self.note = f"Could not save the settings: {e}"
        self._build()

    def _res(self, w: int, h: int) -> None:
        self.app.settings.width, self.app.settings.height = w, h
        self._store()
        self.app.apply_display()
        sw, sh = self.app.screen.get_size()
        self.box.center = (sw // 2, sh // 2)
        self._build()

    def _fs(self) -> None:
        self.app.settings.fullscreen = not self.app.settings.fullscreen
        self._store()
        self.app.apply_display()

    def _speed(self, sp: float) -> None:
        self.app.settings.animation_speed = sp
        self._store()

    def _grid(self) -> None:
        self.app.settings.show_grid = not self.app.settings.show_grid
        self._store()

    def process_event(self, event: Input) -> bool:
        if event.kind == "resize":
            sw, sh = self.app.screen.get_size()
            self.box.center = (sw // 2, sh // 2)
            self._build()
            return False
        return self.button_panel_event(event, self.buttons)

    def draw(self, surface: pygame.Surface) -> None:
        panel(surface, self.box, 250)
        surface.blit(R.text("Settings", 18, P.ACCENT, True), (self.box.x + 20, self.box.y + 16))
        x, y = self.box.x + 20, self.box.y + 66
        for label, dy in (("Window size", 0), ("Display", 90), ("Animation speed", 140), ("Board", 190)):
            surface.blit(R.text(label, 15, P.TEXT), (x, y + dy))
        if self.note:
            surface.blit(R.text(self.note, 12, P.TEXT_DIM), (x, self.box.bottom - 80))
        for b in self.buttons:
            b.draw(surface, self.app.translator.pointer)
