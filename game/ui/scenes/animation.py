"""The day's resolution shown on the board: drone flights, artillery arcs, moving counters, battles, captures.

Built only from the turn's events that the viewing side may know of and from
unit positions before and after (own units, and enemy units it sees). Effects
run in the engine's phase order; Space or Esc skips to the end. Random-looking
staggering comes from each effect's index, never from a generator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.sides import SIDES
from game.ui import palette as P
from game.ui import resources as R
from game.ui.board import Marker, arc_points
from game.ui.input import Input
from game.ui.scene import Scene
from game.ui.session import TurnResult, visible_events

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.scenes.game_scene import GameScene

PHASES = ("air", "artillery", "movement", "combat", "control")
PHASE_LEN = {"air": 1.4, "artillery": 1.2, "movement": 1.6, "combat": 1.0, "control": 1.0}


@dataclass
class Effect:
    kind: str  # flight, arc, flash, battle, capture, loss, move
    start: float
    dur: float
    a: int  # hex index (from)
    b: int  # hex index (to)
    side: int = 0
    text: str = ""
    uid: str = ""


class TurnAnimation(Scene):
    modal = True
    opaque = False

    def __init__(self, app: App, scene: GameScene, result: TurnResult, before_markers: list[Marker]) -> None:
        super().__init__(app)
        self.scene = scene
        self.board = scene.board
        self.result = result
        self.t = 0.0
        self.speed = max(0.1, app.settings.animation_speed)
        viewer = scene.viewer
        view = None if viewer is None else scene.session.view(viewer)
        self.events = visible_events(result.events, view)
        after = scene.markers()
        after_ids = {m.uid for m in after}
        self.after = after
        known_before = {m.uid: m for m in before_markers}
        before: list[Marker] = []
        for m in after:
            b = result.before.get(m.uid)
            mine = viewer is None or m.side == viewer
            if b is not None and (mine or m.uid in known_before):
                before.append(Marker(m.uid, m.side, b[1], m.symbol, m.strength, m.cohesion, m.stale_turn, m.name))
            else:
                before.append(m)
        for uid, m in known_before.items():
            if uid not in after_ids:
                before.append(m)  # lost during the day: shown until the end
        self.before = before
        self.effects = self._build()
        self.total = max([e.start + e.dur for e in self.effects], default=0.0) + 0.3
        self.phase_start = self._phase_starts_raw()
        self.board.set_markers(before)
        self._control_set = False

    def _build(self) -> list[Effect]:
        starts = self._phase_starts_raw()
        fx: list[Effect] = []
        before = self.result.before
        for i, e in enumerate(self.events):
            p = _phase_of(e.phase)
            if p not in starts or e.hex is None:
                continue
            s0 = starts[p] + (i * 0.137) % (PHASE_LEN[p] * 0.45)
            side = SIDES.index(e.side) if e.side in SIDES else 0
            d = e.data or {}
            if e.kind in ("strike", "strike_miss", "grounded"):
                fx.append(Effect("flight", s0, 0.7, -1, e.hex, side))
                if e.kind == "strike":
                    fx.append(Effect("flash", s0 + 0.7, 0.5, e.hex, e.hex, side))
            elif e.kind == "air_loss":
                fx.append(Effect("flight", s0, 0.5, -1, e.hex, side))
                fx.append(Effect("loss", s0 + 0.5, 0.6, e.hex, e.hex, side))
            elif e.kind == "fire":
                src = before.get(d.get("unit", ""), (side, -1))[1]
                fx.append(Effect("arc", s0, 0.6, src, e.hex, side))
                fx.append(Effect("flash", s0 + 0.6, 0.45, e.hex, e.hex, side))
            elif e.kind in ("city_strike", "civilian_harm"):
                fx.append(Effect("flash", s0, 0.6, e.hex, e.hex, side))
            elif e.kind == "battle":
                fx.append(Effect("battle", s0, 0.8, e.hex, e.hex, side))
            elif e.kind == "capture":
                fx.append(Effect("capture", s0, 1.0, e.hex, e.hex, side, text=e.text))
            elif e.kind in ("destroyed", "surrender"):
                fx.append(Effect("loss", s0, 0.7, e.hex, e.hex, side))
        m0 = starts["movement"]
        for m in self.before:
            b, a = before.get(m.uid), self.result.after.get(m.uid)
            if b and a and b[1] != a[1] and any(x.uid == m.uid for x in self.after):
                fx.append(Effect("move", m0, PHASE_LEN["movement"] * 0.9, b[1], a[1], m.side, uid=m.uid))
        return fx

    def _phase_starts_raw(self) -> dict[str, float]:
        t, out = 0.0, {}
        for p in PHASES:
            out[p] = t
            if any(_phase_of(e.phase) == p for e in self.events) or p == "movement":
                t += PHASE_LEN[p]
        return out

    # --- scene ---------------------------------------------------------------------
    def process_event(self, event: Input) -> bool:
        if event.kind == "action" and event.action in ("skip", "back", "end_turn"):
            self.finish()
            return True
        if event.kind in ("wheel", "drag"):
            return self.scene.process_event(event)
        return True

    def finish(self) -> None:
        self.board.hidden = set()
        self.close()
        self.scene.after_animation()

    def update(self, dt: float) -> None:
        self.t += dt * self.speed
        moving = {e.uid for e in self.effects if e.kind == "move" and e.start <= self.t}
        self.board.hidden = moving
        if not self._control_set and self.t >= self.phase_start.get("control", 0):
            self._control_set = True
            self.board.terrain.set_control(self.result.control_after if self.scene.viewer is None else self.scene.session.view(self.scene.viewer).control)
        if self.t >= self.phase_start["movement"] + PHASE_LEN["movement"] and self.board.markers is not self.after:
            self.board.set_markers(self.after)
        if self.t >= self.total:
            self.finish()

    def draw(self, surface: pygame.Surface) -> None:
        b = self.board
        clip = surface.get_clip()
        surface.set_clip(b.rect)
        size = b.camera.size
        for e in self.effects:
            k = (self.t - e.start) / e.dur
            if e.kind == "move" and k >= 0:
                k = min(1.0, k)
                pa, pb = b.screen_of(e.a), b.screen_of(e.b)
                m = next((m for m in self.after if m.uid == e.uid), None)
                if m is not None:
                    ease = k * k * (3 - 2 * k)
                    b.draw_counter_at(surface, m, (pa[0] + (pb[0] - pa[0]) * ease, pa[1] + (pb[1] - pa[1]) * ease))
                continue
            if not 0 <= k <= 1:
                continue
            if e.kind == "flight":
                pb = b.screen_of(e.b)
                dx = 1 if e.side == 0 else -1
                pa = (pb[0] + dx * 260, pb[1] - 160)
                x, y = pa[0] + (pb[0] - pa[0]) * k, pa[1] + (pb[1] - pa[1]) * k
                tail = (pa[0] + (pb[0] - pa[0]) * max(0.0, k - 0.25), pa[1] + (pb[1] - pa[1]) * max(0.0, k - 0.25))
                pygame.draw.line(surface, (250, 250, 250), tail, (x, y), 1)
                _drone(surface, (x, y), P.SIDE[e.side], max(9, int(size * 0.8)))
            elif e.kind == "arc":
                pa, pb = (b.screen_of(e.a) if e.a >= 0 else b.screen_of(e.b)), b.screen_of(e.b)
                dist = math.hypot(pb[0] - pa[0], pb[1] - pa[1])
                pts = arc_points(pa, pb, max(20.0, dist * 0.35), 24)
                n = max(2, int(len(pts) * k))
                pygame.draw.lines(surface, (255, 170, 40), False, pts[:n], 2)
                pygame.draw.circle(surface, (255, 230, 120), pts[n - 1], 3)
            elif e.kind == "flash":
                p = b.screen_of(e.b)
                r = int(size * (0.4 + 1.1 * k))
                pygame.draw.circle(surface, (255, 240, 160), p, r, 0 if k < 0.3 else 3)
                pygame.draw.circle(surface, (230, 80, 30), p, max(2, r // 2))
            elif e.kind == "battle":
                p = b.screen_of(e.b)
                for j in range(3):
                    r = int(size * (0.5 + k * 1.4) + j * 5)
                    pygame.draw.circle(surface, (220, 40, 40), p, r, 2)
                s = max(6, int(size * 0.6))
                pygame.draw.line(surface, (255, 255, 255), (p[0] - s, p[1] - s), (p[0] + s, p[1] + s), 3)
                pygame.draw.line(surface, (255, 255, 255), (p[0] - s, p[1] + s), (p[0] + s, p[1] - s), 3)
            elif e.kind == "capture":
                p = b.screen_of(e.b)
                pygame.draw.circle(surface, P.SIDE[e.side], p, int(size * (0.8 + k)), 4)
                t = R.halo_text(e.text, 15, (10, 10, 10), bold=True)
                surface.blit(t, t.get_rect(midbottom=(p[0], p[1] - int(size * 1.2))))
            elif e.kind == "loss":
                p = b.screen_of(e.b)
                s = max(6, int(size * 0.7))
                pygame.draw.line(surface, (200, 20, 20), (p[0] - s, p[1] - s), (p[0] + s, p[1] + s), 4)
                pygame.draw.line(surface, (200, 20, 20), (p[0] - s, p[1] + s), (p[0] + s, p[1] - s), 4)
        surface.set_clip(clip)
        phase = next((p for p in reversed(PHASES) if self.t >= self.phase_start[p]), PHASES[0])
        t = R.halo_text(f"Resolving day {self.result.turn}: {phase}   (Space to skip)", 16, (10, 10, 10), bold=True)
        surface.blit(t, t.get_rect(midtop=(b.rect.centerx, b.rect.y + 8)))


def _phase_of(phase: str) -> str:
    return {"air": "air", "artillery": "artillery", "movement": "movement", "combat": "combat", "control": "control",
            "morale": "combat", "supply": "control"}.get(phase, "")


def _drone(surface: pygame.Surface, p: tuple[float, float], col: tuple[int, int, int], s: int) -> None:
    """A small aircraft seen from above: wings, fuselage and tail, outlined so that it shows on any ground."""
    x, y = p
    wing = [(x - s, y + s * 0.1), (x + s, y + s * 0.1), (x + s * 0.15, y - s * 0.25), (x - s * 0.15, y - s * 0.25)]
    body = [(x - s * 0.12, y - s * 0.6), (x + s * 0.12, y - s * 0.6), (x + s * 0.08, y + s * 0.7), (x - s * 0.08, y + s * 0.7)]
    tail = [(x - s * 0.4, y + s * 0.7), (x + s * 0.4, y + s * 0.7), (x, y + s * 0.5)]
    for poly in (wing, body, tail):
        pygame.draw.polygon(surface, col, poly)
        pygame.draw.polygon(surface, (255, 255, 255), poly, 1)
