"""The one place where raw pygame events become the game's own input events.

Scenes never look at pygame event types or key codes: they receive
:class:`Input` values (a click at a point, a drag, a wheel notch, a named
action such as ``end_turn``), so that key bindings live in one table and
tests can drive the interface with either kind of event.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

DRAG_THRESHOLD = 5  # pixels the pointer must travel before a press becomes a drag

#: Named actions for keys (with the Ctrl modifier where the tuple says so).
KEY_ACTIONS: dict[tuple[int, bool], str] = {
    (pygame.K_RETURN, False): "end_turn",
    (pygame.K_KP_ENTER, False): "end_turn",
    (pygame.K_BACKSPACE, False): "undo",
    (pygame.K_z, True): "undo",
    (pygame.K_ESCAPE, False): "back",
    (pygame.K_SPACE, False): "skip",
    (pygame.K_F1, False): "help",
    (pygame.K_F5, False): "quicksave",
    (pygame.K_F9, False): "quickload",
    (pygame.K_s, True): "save",
    (pygame.K_f, False): "fire",
    (pygame.K_g, False): "air",
    (pygame.K_p, False): "posture",
    (pygame.K_e, False): "emit",
    (pygame.K_c, False): "clear",
    (pygame.K_TAB, False): "next_unit",
    (pygame.K_l, False): "log_filter",
    (pygame.K_PLUS, False): "zoom_in",
    (pygame.K_EQUALS, False): "zoom_in",
    (pygame.K_KP_PLUS, False): "zoom_in",
    (pygame.K_MINUS, False): "zoom_out",
    (pygame.K_KP_MINUS, False): "zoom_out",
    (pygame.K_PERIOD, False): "step_forward",
    (pygame.K_PAGEDOWN, False): "step_forward",
    (pygame.K_COMMA, False): "step_back",
    (pygame.K_PAGEUP, False): "step_back",
    (pygame.K_m, False): "minimap",
    (pygame.K_h, False): "hex_grid",
    (pygame.K_F11, False): "fullscreen",
    (pygame.K_k, False): "legend",
    (pygame.K_SLASH, False): "type_order",
}

PAN_KEYS = {
    pygame.K_LEFT: (-1, 0), pygame.K_a: (-1, 0), pygame.K_RIGHT: (1, 0), pygame.K_d: (1, 0),
    pygame.K_UP: (0, -1), pygame.K_w: (0, -1), pygame.K_DOWN: (0, 1), pygame.K_s: (0, 1),
}


@dataclass(frozen=True)
class Input:
    """One input event. ``kind`` is quit, click, right_click, press, drag, release, move, wheel, action, text or resize."""

    kind: str
    pos: tuple[int, int] = (0, 0)
    rel: tuple[int, int] = (0, 0)
    action: str = ""
    wheel: int = 0
    text: str = ""
    key: int = 0


class InputTranslator:
    """Turns pygame events into :class:`Input` values and tracks held pan keys and the pointer."""

    def __init__(self) -> None:
        self.pointer: tuple[int, int] = (0, 0)
        self._press: tuple[int, int] | None = None
        self._dragging = False
        self._held: set[int] = set()

    def translate(self, ev: pygame.event.Event) -> list[Input]:
        t = ev.type
        out: list[Input] = []
        if t == pygame.QUIT:
            out.append(Input("quit"))
        elif t == pygame.MOUSEMOTION:
            self.pointer = tuple(ev.pos)
            if self._press is not None:
                px, py = self._press
                if self._dragging or abs(ev.pos[0] - px) + abs(ev.pos[1] - py) > DRAG_THRESHOLD:
                    self._dragging = True
                    out.append(Input("drag", self.pointer, tuple(ev.rel)))
                    return out
            out.append(Input("move", self.pointer))
        elif t == pygame.MOUSEBUTTONDOWN:
            self.pointer = tuple(ev.pos)
            if ev.button == 1:
                self._press, self._dragging = self.pointer, False
                out.append(Input("press", self.pointer))
            elif ev.button == 3:
                out.append(Input("right_click", self.pointer))
            elif ev.button in (4, 5) and not pygame.version.vernum >= (2, 0):  # old-style wheel
                out.append(Input("wheel", self.pointer, wheel=1 if ev.button == 4 else -1))
        elif t == pygame.MOUSEBUTTONUP:
            self.pointer = tuple(ev.pos)
            if ev.button == 1:
                was_drag = self._dragging
                self._press, self._dragging = None, False
                out.append(Input("release", self.pointer))
                if not was_drag:
                    out.append(Input("click", self.pointer))
        elif t == pygame.MOUSEWHEEL:
            if ev.y:
                out.append(Input("wheel", self.pointer, wheel=1 if ev.y > 0 else -1))
        elif t == pygame.KEYDOWN:
            ctrl = bool(ev.mod & pygame.KMOD_CTRL)
            if ev.key in PAN_KEYS and not ctrl:
                self._held.add(ev.key)
            action = KEY_ACTIONS.get((ev.key, ctrl))
            # The typed character goes first, so that a key which opens a text box is not typed into it.
            if getattr(ev, "unicode", "") and ev.unicode.isprintable() and not ctrl:
                out.append(Input("text", self.pointer, text=ev.unicode, key=ev.key))
            elif not action and ev.key not in PAN_KEYS:
                out.append(Input("key", self.pointer, key=ev.key))
            if action:
                out.append(Input("action", self.pointer, action=action, key=ev.key))
            elif ev.key in PAN_KEYS:
                out.append(Input("action", self.pointer, action="pan", key=ev.key))
        elif t == pygame.KEYUP:
            self._held.discard(ev.key)
        elif t in (pygame.VIDEORESIZE, getattr(pygame, "WINDOWSIZECHANGED", -1)):
            out.append(Input("resize"))
        elif t == getattr(pygame, "WINDOWFOCUSLOST", -1):
            self._held.clear()
        return out

    def pan_vector(self) -> tuple[int, int]:
        """Direction of the pan keys held down now (arrow keys and WASD)."""
        dx = sum(PAN_KEYS[k][0] for k in self._held)
        dy = sum(PAN_KEYS[k][1] for k in self._held)
        return max(-1, min(1, dx)), max(-1, min(1, dy))

    def release_all(self) -> None:
        self._held.clear()
        self._press, self._dragging = None, False
