"""The board: terrain tiles, towns and their labels, unit counters, order overlays and the minimap.

The board draws what it is given (a list of :class:`Marker` built from a side's
view) and never reads the game state, so fog of war is decided in one place
(:mod:`game.ui.scenes.game_scene`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from game.hexmap.theatre import TheatreMap
from game.ui import counters as C
from game.ui import palette as P
from game.ui import resources as R
from game.ui.camera import ZOOMS, Camera
from game.ui.terrain import TerrainRenderer


@dataclass(frozen=True)
class Marker:
    """One counter on the board: an own unit or a contact (stale contacts carry the turn last seen)."""

    uid: str
    side: int
    hex: int
    symbol: str
    strength: int = 10
    cohesion: int = 10
    stale_turn: int = 0
    name: str = ""


def counter_size(zoom: int) -> int:
    return (7, 12, 22, 30, 40)[min(zoom, 4)]


class Board:
    """Camera, terrain renderer and everything drawn on the map."""

    def __init__(self, tm: TheatreMap, rect: pygame.Rect, show_grid: bool = True) -> None:
        self.tm = tm
        self.rect = pygame.Rect(rect)
        self.camera = Camera(tm.nrows, tm.ncols, self.rect.w, self.rect.h, zoom=2)
        while self.camera.zoom < 3 and self.camera.grid.width * 1.6 < self.rect.w:
            self.camera.zoom += 1  # a small theatre opens closer
        self.terrain = TerrainRenderer(tm, show_grid)
        self.markers: list[Marker] = []
        self.by_hex: dict[int, list[Marker]] = {}
        self.hidden: set[str] = set()  # counters being animated elsewhere
        self.selected: str | None = None
        self.reach: dict[int, float] = {}
        self._reach_edge: tuple[int, np.ndarray] | None = None
        self.path: list[int] = []
        self.target_hex: int | None = None
        self.order_lines: list[tuple[int, int, str]] = []  # from hex, to hex, kind
        self.mines: list[tuple[int, float]] = []  # known enemy minefields: hex, density
        self.minimap_on = True
        self.minimap_w = 230
        self._mini: tuple[pygame.Surface, object] | None = None
        self._mini_version = -1
        self._town_names = [(t, R.halo_text(t.display_name, 13 if t.key else 11, (15, 15, 15), bold=t.key)) for t in tm.towns]
        self.camera.clamp()
        self._stamp: tuple[float, pygame.Surface] | None = None

    # --- contents ------------------------------------------------------------
    def set_markers(self, markers: list[Marker]) -> None:
        self.markers = markers
        self.by_hex = {}
        for m in markers:
            self.by_hex.setdefault(m.hex, []).append(m)

    def set_rect(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self.camera.resize(self.rect.w, self.rect.h)

    # --- coordinates ---------------------------------------------------------------
    def hex_at(self, pos: tuple[int, int]) -> int:
        if not self.rect.collidepoint(pos):
            return -1
        return self.camera.hex_at_screen(pos[0] - self.rect.x, pos[1] - self.rect.y)

    def screen_of(self, index: int) -> tuple[int, int]:
        x, y = self.camera.to_screen(index)
        return x + self.rect.x, y + self.rect.y

    def minimap_rect(self) -> pygame.Rect:
        surf = self._minimap()[0]
        r = surf.get_rect()
        r.bottomright = (self.rect.right - 8, self.rect.bottom - 8)
        return r

    def minimap_click(self, pos: tuple[int, int]) -> bool:
        if not self.minimap_on:
            return False
        r = self.minimap_rect()
        if not r.collidepoint(pos):
            return False
        self.camera.centre_on_fraction((pos[0] - r.x) / r.w, (pos[1] - r.y) / r.h)
        return True

    def zoom_at(self, step: int, pos: tuple[int, int]) -> None:
        self.camera.set_zoom(self.camera.zoom + step, (pos[0] - self.rect.x, pos[1] - self.rect.y))

    # --- drawing ---------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        cam = self.camera
        self.terrain.draw(surface, self.rect, cam.zoom, cam.x, cam.y)
        clip = surface.get_clip()
        surface.set_clip(self.rect)
        self._draw_reach(surface)
        self._draw_mines(surface)
        self._draw_towns(surface)
        self._draw_order_lines(surface)
        self._draw_path(surface)
        self._draw_markers(surface)
        surface.set_clip(clip)
        if self.minimap_on:
            self._draw_minimap(surface)

    def _visible(self, x: int, y: int, pad: int = 40) -> bool:
        r = self.rect
        return r.x - pad <= x <= r.right + pad and r.y - pad <= y <= r.bottom + pad

    def _hex_poly(self, index: int, shrink: float = 1.0) -> list[tuple[float, float]]:
        cx, cy = self.screen_of(index)
        s = self.camera.size * shrink
        return [(cx + s * math.cos(math.radians(60 * i - 30)), cy + s * math.sin(math.radians(60 * i - 30))) for i in range(6)]

    def _reach_stamp(self) -> pygame.Surface:
        """A translucent hex the size of the current zoom, blitted once per reachable hex."""
        size = self.camera.size
        if self._stamp is None or self._stamp[0] != size:
            w, h = int(math.ceil(math.sqrt(3) * size)) + 2, int(2 * size) + 2
            surf = pygame.Surface((w, h), pygame.SRCALPHA)
            cx, cy = w / 2, h / 2
            pts = [(cx + size * 0.92 * math.cos(math.radians(60 * i - 30)), cy + size * 0.92 * math.sin(math.radians(60 * i - 30))) for i in range(6)]
            pygame.draw.polygon(surf, (255, 255, 255, 70), pts)
            self._stamp = (size, surf)
        return self._stamp[1]

    def _draw_reach(self, surface: pygame.Surface) -> None:
        if not self.reach:
            return
        stamp = self._reach_stamp()
        hw, hh = stamp.get_width() // 2, stamp.get_height() // 2
        for h in self.reach:
            x, y = self.screen_of(h)
            if self._visible(x, y, 20):
                surface.blit(stamp, (x - hw, y - hh))
        # The limit of today's move, as a line round the reachable hexes.
        key = hash(tuple(sorted(self.reach)))
        if self._reach_edge is None or self._reach_edge[0] != key:
            inside = np.zeros(self.tm.n, dtype=bool)
            inside[list(self.reach)] = True
            nb = self.tm.neighbours
            edge = inside[:, None] & ~np.where(nb >= 0, inside[np.maximum(nb, 0)], False)
            ii, dd = np.nonzero(edge)
            a0, a1 = np.radians(30.0 - 60.0 * dd), np.radians(-30.0 - 60.0 * dd)
            self._reach_edge = (key, np.stack([ii, np.cos(a0), np.sin(a0), np.cos(a1), np.sin(a1)], 1))
        g = self.camera.grid
        size = g.size
        ox, oy = self.rect.x - self.camera.x, self.rect.y - self.camera.y
        for i, c0, s0, c1, s1 in self._reach_edge[1]:
            cx, cy = g.centre(int(i))
            a = (ox + cx + size * c0, oy + cy + size * s0)
            b = (ox + cx + size * c1, oy + cy + size * s1)
            if self._visible(int(a[0]), int(a[1]), 10):
                pygame.draw.line(surface, (255, 255, 255), a, b, 2)

    def _draw_mines(self, surface: pygame.Surface) -> None:
        """Known minefields: small crossed marks, more of them where the field is denser (closer zooms only)."""
        if self.camera.zoom < 2 or not self.mines:
            return
        size = self.camera.size
        d = max(2, int(size * 0.1))
        offsets = [(-0.35, 0.35), (0.35, 0.35), (0.0, -0.4)]
        for h, density in self.mines:
            x, y = self.screen_of(h)
            if not self._visible(x, y, 20):
                continue
            for ox, oy in offsets[: max(1, min(len(offsets), round(density * len(offsets) + 0.5)))]:
                cx, cy = x + ox * size, y + oy * size
                pygame.draw.line(surface, (120, 20, 20), (cx - d, cy - d), (cx + d, cy + d), 2)
                pygame.draw.line(surface, (120, 20, 20), (cx - d, cy + d), (cx + d, cy - d), 2)

    def _draw_towns(self, surface: pygame.Surface) -> None:
        z = self.camera.zoom
        size = self.camera.size
        placed: list[pygame.Rect] = []
        order = sorted(self._town_names, key=lambda tn: (not tn[0].key, -tn[0].population))
        for t, label in order:
            x, y = self.screen_of(t.hex_index)
            if not self._visible(x, y, 80):
                continue
            big = t.key or t.population >= 9000
            r = max(2, int(size * (0.28 if big else 0.18)))
            pygame.draw.circle(surface, (255, 255, 255), (x, y), r + 1)
            pygame.draw.circle(surface, (0, 0, 0) if t.key else (70, 70, 70), (x, y), r)
            show = t.key if z == 0 else (big if z == 1 else True)
            if not show:
                continue
            lr = label.get_rect(midleft=(x + r + 3, y - int(size * 0.55)))
            if any(lr.colliderect(p) for p in placed):
                lr = label.get_rect(midright=(x - r - 3, y - int(size * 0.55)))
                if any(lr.colliderect(p) for p in placed):
                    continue
            placed.append(lr)
            surface.blit(label, lr)

    def _draw_markers(self, surface: pygame.Surface) -> None:
        z = self.camera.zoom
        cs = counter_size(z)
        for h, ms in self.by_hex.items():
            ms = [m for m in ms if m.uid not in self.hidden]
            if not ms:
                continue
            x, y = self.screen_of(h)
            if not self._visible(x, y):
                continue
            sel = next((m for m in ms if m.uid == self.selected), None)
            top = sel or ms[0]
            surf = C.counter(top.symbol if cs >= 10 else "", top.side, cs, top.strength, top.cohesion, top.stale_turn,
                             len(ms), selected=sel is not None)
            surface.blit(surf, surf.get_rect(center=(x, y)))

    def draw_counter_at(self, surface: pygame.Surface, m: Marker, pos: tuple[float, float]) -> None:
        cs = counter_size(self.camera.zoom)
        surf = C.counter(m.symbol if cs >= 10 else "", m.side, cs, m.strength, m.cohesion, m.stale_turn)
        surface.blit(surf, surf.get_rect(center=(int(pos[0]), int(pos[1]))))

    def _draw_path(self, surface: pygame.Surface) -> None:
        if len(self.path) >= 2:
            pts = [self.screen_of(h) for h in self.path]
            w = max(2, int(self.camera.size / 5))
            pygame.draw.lines(surface, (0, 0, 0), False, pts, w + 2)
            pygame.draw.lines(surface, P.PATH, False, pts, w)
            pygame.draw.circle(surface, P.PATH, pts[-1], w + 2)
        if self.target_hex is not None and self.target_hex >= 0:
            pygame.draw.polygon(surface, P.SELECT, self._hex_poly(self.target_hex), 2)

    def _draw_order_lines(self, surface: pygame.Surface) -> None:
        colours = {"MV": (255, 255, 255), "AT": (230, 60, 50), "FR": (255, 140, 0), "AIR": (120, 220, 255)}
        for a, b, kind in self.order_lines:
            pa, pb = self.screen_of(a), self.screen_of(b)
            col = colours.get(kind, (255, 255, 255))
            _arrow(surface, pa, pb, col, max(2, int(self.camera.size / 7)))

    def _minimap(self) -> tuple[pygame.Surface, object]:
        if self._mini is None or self._mini_version != self.terrain.version:
            self._mini = self.terrain.minimap(self.minimap_w)
            self._mini_version = self.terrain.version
        return self._mini

    def _draw_minimap(self, surface: pygame.Surface) -> None:
        surf, _ = self._minimap()
        r = self.minimap_rect()
        pygame.draw.rect(surface, P.PANEL_EDGE, r.inflate(4, 4))
        surface.blit(surf, r)
        g = self.camera.grid
        sx, sy = r.w / g.width, r.h / g.height
        vx, vy, vw, vh = self.camera.visible_rect()
        view = pygame.Rect(r.x + int(vx * sx), r.y + int(vy * sy), max(4, int(vw * sx)), max(4, int(vh * sy))).clip(r)
        pygame.draw.rect(surface, (255, 255, 255), view, 2)
        for m in self.markers:
            row, col = divmod(m.hex, self.tm.ncols)
            px = r.x + int((col + 0.5 * (row & 1) + 0.5) / (self.tm.ncols + 0.5) * r.w)
            py = r.y + int((row + 0.5) / self.tm.nrows * r.h)
            surface.fill(P.STALE if m.stale_turn else P.SIDE[m.side], (px - 1, py - 1, 3, 3))


def _arrow(surface: pygame.Surface, a: tuple[int, int], b: tuple[int, int], col: tuple[int, int, int], w: int) -> None:
    pygame.draw.line(surface, (0, 0, 0), a, b, w + 2)
    pygame.draw.line(surface, col, a, b, w)
    ang = math.atan2(b[1] - a[1], b[0] - a[0])
    L = 4 + 3 * w
    pts = [b, (b[0] - L * math.cos(ang - 0.45), b[1] - L * math.sin(ang - 0.45)),
           (b[0] - L * math.cos(ang + 0.45), b[1] - L * math.sin(ang + 0.45))]
    pygame.draw.polygon(surface, col, pts)
    pygame.draw.polygon(surface, (0, 0, 0), pts, 1)


def arc_points(a: tuple[float, float], b: tuple[float, float], height: float, n: int = 20) -> list[tuple[float, float]]:
    """A ballistic-looking arc between two screen points (for artillery and missile animations)."""
    out = []
    for i in range(n + 1):
        t = i / n
        out.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t - height * 4 * t * (1 - t)))
    return out


_ = (np, ZOOMS)
