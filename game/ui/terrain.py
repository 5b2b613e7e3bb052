"""The board's terrain, pre-rendered per zoom level in tiles and cached.

Each tile is rasterised once per zoom with numpy: every pixel is mapped to its
hex (cube rounding), coloured with the hex's hypsometric tint and hillshade,
with patterns for forest, towns and the fortified belt and a faint hex grid.
Control shading and the hexside lines (rivers, roads, borders, the line of
contact, today's front) are laid over when the tile is composed; only a change
of control re-composes tiles, and only the tiles that are looked at.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pygame
from numpy.typing import NDArray

from game.hexmap import shading
from game.hexmap.theatre import Country, RiverClass, RoadClass, Terrain, TheatreMap
from game.ui import palette as P
from game.ui.camera import SQRT3, ZOOMS, Grid

TILE = 256
MAX_TILES = 448  # at most ~115 MB of 256 x 256 tiles: zoom levels 0-2 whole, plus the closest level whole
CONTROL_ALPHA = 0.17


def tint(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return shading.tint(z, P.TINT)


hillshade = shading.hillshade


def relief_colours(tm: TheatreMap) -> NDArray[np.float64]:
    """(n, 3) shaded relief of every hex, 0..255: hypsometric tint times hillshade."""
    z = tm.elev_mean.astype(np.float64)
    rgb = tint(z) * (0.5 + 0.6 * hillshade(tm, z))[:, None]
    out: NDArray[np.float64] = np.clip(rgb, 0, 1) * 255
    return out


def cover_transform(tm: TheatreMap) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per hex ``(a, b)`` so that a hex's colour is ``relief * a + b``: forest greener, towns grey, water blue, Iran pale."""
    n = tm.n
    a = np.ones(n)
    b = np.zeros((n, 3))
    terrain = tm.terrain
    for mask, keep, col in ((terrain == Terrain.FOREST, 0.78, (30, 80, 35)), (terrain == Terrain.URBAN, 0.45, (120, 115, 112)),
                            (terrain == Terrain.WATER, 0.0, P.WATER)):
        a[mask] = keep
        b[mask] = np.array(col, dtype=np.float64) * (1 - keep)
    iran = tm.country == Country.IRAN
    a[iran] *= 0.4
    b[iran] = b[iran] * 0.4 + 120
    return a, b


def hex_colours(tm: TheatreMap) -> NDArray[np.uint8]:
    """(n, 3) flat colour of every hex (the minimap and the menu's picture of the theatre)."""
    a, b = cover_transform(tm)
    return np.clip(relief_colours(tm) * a[:, None] + b, 0, 255).astype(np.uint8)


def side_mask(tm: TheatreMap, layer: NDArray[np.integer]) -> NDArray[np.bool_]:
    """(n, 6) hexsides across which ``layer`` changes."""
    nb = tm.neighbours
    out: NDArray[np.bool_] = (nb >= 0) & (layer[np.maximum(nb, 0)] != layer[:, None])
    return out


def unit_centres(tm: TheatreMap) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    idx = np.arange(tm.n)
    row, col = np.divmod(idx, tm.ncols)
    return SQRT3 * (col + 0.5 * (row & 1)), 1.5 * row


def hexside_segments(tm: TheatreMap, mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    """(k, 2, 2) hexside end points for hex size 1, origin at hex 0's centre; each side once."""
    x, y = unit_centres(tm)
    nb = tm.neighbours
    ii, dd = np.nonzero(mask & (nb > np.arange(tm.n)[:, None]))
    a0 = np.radians(30.0 - 60.0 * dd)
    a1 = np.radians(-30.0 - 60.0 * dd)
    return np.stack([np.stack([x[ii] + np.cos(a0), y[ii] + np.sin(a0)], 1), np.stack([x[ii] + np.cos(a1), y[ii] + np.sin(a1)], 1)], 1)


def centre_segments(tm: TheatreMap, mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    x, y = unit_centres(tm)
    nb = tm.neighbours
    ii, dd = np.nonzero(mask & (nb > np.arange(tm.n)[:, None]))
    jj = nb[ii, dd]
    return np.stack([np.stack([x[ii], y[ii]], 1), np.stack([x[jj], y[jj]], 1)], 1)


@dataclass
class LineLayer:
    segs: NDArray[np.float64]
    colour: tuple[int, int, int]
    width: float  # pixels per pixel of hex radius
    min_width: int
    dash: float = 1.0  # fraction of each segment drawn
    casing: tuple[int, int, int] | None = None


@dataclass
class _Tile:
    surface: pygame.Surface
    version: int


class TerrainRenderer:
    """Builds and caches board tiles. Only :meth:`set_control` changes what the tiles show."""

    def __init__(self, tm: TheatreMap, show_grid: bool = True) -> None:
        self.tm = tm
        self.show_grid = show_grid
        self.colours = hex_colours(tm)
        self.relief = relief_colours(tm).astype(np.float32)
        self.cover_a, self.cover_b = (x.astype(np.float32) for x in cover_transform(tm))
        self.fort = tm.fort.astype(np.float32)
        self.forest = tm.terrain == Terrain.FOREST
        self.urban = tm.terrain == Terrain.URBAN
        self.control = tm.control0.astype(np.int8).copy()
        self.version = 0
        self.tiles: OrderedDict[tuple[int, int, int], _Tile] = OrderedDict()
        self.static_layers = self._static_layers()
        self.front: NDArray[np.float64] = hexside_segments(tm, side_mask(tm, self.control))
        self.frame_budget_s = 0.035  # rasterising time allowed per frame; the rest waits for the next frames
        self.incomplete = False

    def _static_layers(self) -> list[LineLayer]:
        tm = self.tm
        district = side_mask(tm, tm.district) & ~side_mask(tm, tm.country)
        layers = [
            LineLayer(hexside_segments(tm, district), P.DISTRICT, 0.06, 1, dash=0.55),
            LineLayer(hexside_segments(tm, side_mask(tm, tm.country)), P.BORDER, 0.14, 2, dash=0.7),
        ]
        for cls, w, mw in ((RiverClass.STREAM, 0.06, 1), (RiverClass.RIVER, 0.12, 2), (RiverClass.MAJOR, 0.24, 3)):
            layers.append(LineLayer(hexside_segments(tm, tm.river == cls), P.RIVER, w, mw))
        layers.append(LineLayer(centre_segments(tm, tm.road == RoadClass.ROAD), P.ROAD, 0.10, 1, casing=P.ROAD_CASING))
        layers.append(LineLayer(centre_segments(tm, tm.road == RoadClass.MAIN), P.MAIN_ROAD, 0.16, 2, casing=P.ROAD_CASING))
        loc = side_mask(tm, tm.control0) & (tm.control0 >= 0)[:, None] & (tm.control0[np.maximum(tm.neighbours, 0)] >= 0)
        layers.append(LineLayer(hexside_segments(tm, loc), P.LOC, 0.30, 3))
        return layers

    # --- state --------------------------------------------------------------
    def set_control(self, control: NDArray[np.int8]) -> None:
        """New control shading and front line; tiles re-compose lazily when next drawn."""
        if np.array_equal(control, self.control):
            return
        self.control = control.astype(np.int8).copy()
        tm = self.tm
        valid = (self.control >= 0)[:, None] & (self.control[np.maximum(tm.neighbours, 0)] >= 0)
        self.front = hexside_segments(tm, side_mask(tm, self.control) & valid)
        self.version += 1

    def set_grid(self, on: bool) -> None:
        if on != self.show_grid:
            self.show_grid = on
            self.tiles.clear()

    # --- tiles --------------------------------------------------------------
    def grid(self, zoom: int) -> Grid:
        return Grid(self.tm.nrows, self.tm.ncols, ZOOMS[zoom])

    def tile(self, zoom: int, tx: int, ty: int) -> pygame.Surface:
        """The tile, rasterised now if it is missing or shows an old control picture."""
        key = (zoom, tx, ty)
        t = self.tiles.get(key)
        if t is None or t.version != self.version:
            idx, base = self._rasterise(zoom, tx, ty)
            t = _Tile(self._compose(zoom, tx, ty, idx, base), self.version)
            self.tiles[key] = t
            while len(self.tiles) > MAX_TILES:
                self.tiles.popitem(last=False)
        self.tiles.move_to_end(key)
        return t.surface

    def fresh(self, zoom: int, tx: int, ty: int) -> bool:
        t = self.tiles.get((zoom, tx, ty))
        return t is not None and t.version == self.version

    def prefetch(self, zooms: tuple[int, ...] = (0, 1, 2), n: int = 2) -> int:
        """Rasterise up to ``n`` missing tiles of the given zoom levels while the player is idle; returns how many."""
        done = 0
        if len(self.tiles) >= MAX_TILES - 120:  # keep room for the tiles being looked at
            return 0
        for z in zooms:
            g = self.grid(z)
            for ty in range(math.ceil(g.height / TILE)):
                for tx in range(math.ceil(g.width / TILE)):
                    if done >= n:
                        return done
                    if not self.fresh(z, tx, ty):
                        self.tile(z, tx, ty)
                        done += 1
        return done

    def _rasterise(self, zoom: int, tx: int, ty: int) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
        g = self.grid(zoom)
        size = g.size
        py, px = np.mgrid[ty * TILE: (ty + 1) * TILE, tx * TILE: (tx + 1) * TILE].astype(np.float64)
        px += 0.5
        py += 0.5
        fq, fr = g.fractional(px, py)
        idx = g.index_arrays(px, py)
        ok = idx >= 0
        safe = np.where(ok, idx, 0)
        # Relief blends smoothly between hex centres (barycentric over the triangle of centres round
        # the pixel), kept partly flat so that each hex still reads as one piece of ground.
        flat = self.relief[safe]
        smooth = self._smooth_relief(fq, fr, safe)
        rgb = (0.6 * smooth + 0.4 * flat) * self.cover_a[safe][..., None] + self.cover_b[safe]
        ipx, ipy = px.astype(np.int32), py.astype(np.int32)
        # Forest: a stipple of darker dots; towns: a block pattern; fortified belt: hatching by depth.
        forest = self.forest[safe] & ok
        dots = ((ipx % 5 == 0) & (ipy % 5 == 0)) | ((ipx % 5 == 2) & (ipy % 5 == 3))
        rgb[forest & dots] *= 0.62
        urban = self.urban[safe] & ok
        blocks = ((ipx // 3) % 2 == 0) & ((ipy // 3) % 2 == 0)
        rgb[urban & blocks] *= 0.7
        fort = self.fort[safe] * ok
        hatch = ((ipx + ipy) % 7) < 1
        k = np.where(hatch & (fort > 0), 0.25 + 0.2 * fort, 0.0)[..., None]
        rgb = rgb * (1 - k) + np.array([70, 40, 30], np.float32) * k
        if self.show_grid and size >= 12:
            qi, ri = np.rint(fq), np.rint(fr)
            dq, dr = fq - qi, fr - ri
            ds = -dq - dr
            e = np.maximum(np.maximum(np.abs(dq - dr), np.abs(dr - ds)), np.abs(ds - dq))
            # Rounding picks the nearest cube point, so e runs 0 at the centre to 1 at the edge.
            edge = e > 1.0 - 1.6 / size
            rgb[edge & ok] *= 0.86
        rgb[~ok] = P.OFFMAP
        return idx, np.clip(rgb, 0, 255).astype(np.float32)

    def _smooth_relief(self, fq: NDArray[np.float64], fr: NDArray[np.float64], home: NDArray[np.int64]) -> NDArray[np.float32]:
        """Relief colour blended over the triangle of hex centres round each pixel; off the map the pixel's own hex stands in."""
        q0, r0 = np.floor(fq), np.floor(fr)
        u, v = (fq - q0).astype(np.float32), (fr - r0).astype(np.float32)
        q0i, r0i = q0.astype(np.int64), r0.astype(np.int64)
        upper = u + v > 1.0
        step = upper.astype(np.int64)
        # Triangle vertices in axial steps from (q0, r0), and their weights.
        verts = ((step, step, np.where(upper, u + v - 1.0, 1.0 - u - v)),
                 (1, 0, np.where(upper, 1.0 - v, u)),
                 (0, 1, np.where(upper, 1.0 - u, v)))
        out = np.zeros((*fq.shape, 3), dtype=np.float32)
        nc, nr = self.tm.ncols, self.tm.nrows
        for dq, dr, w in verts:
            q = q0i + dq
            r = r0i + dr
            col = q + (r - (r & 1)) // 2
            inside = (r >= 0) & (r < nr) & (col >= 0) & (col < nc)
            vi = np.where(inside, r * nc + col, home)
            out += self.relief[vi] * w[..., None]
        return out

    def _compose(self, zoom: int, tx: int, ty: int, idx: NDArray[np.int32], rgb: NDArray[np.float32]) -> pygame.Surface:
        ok = idx >= 0
        ctrl = np.where(ok, self.control[np.where(ok, idx, 0)], -1)
        for side in (0, 1):
            m = ctrl == side
            rgb[m] = rgb[m] * (1 - CONTROL_ALPHA) + np.array(P.SIDE[side], np.float32) * CONTROL_ALPHA
        arr = np.ascontiguousarray(rgb.astype(np.uint8))
        surf = pygame.image.frombuffer(arr.tobytes(), (TILE, TILE), "RGB")
        if pygame.display.get_surface() is not None:
            surf = surf.convert()
        else:
            surf = surf.copy()
        g = self.grid(zoom)
        size = g.size
        ox, oy = g.origin[0] - tx * TILE, g.origin[1] - ty * TILE
        for layer in self.static_layers:
            self._draw_layer(surf, layer, size, ox, oy)
        self._draw_layer(surf, LineLayer(self.front, P.FRONT, 0.12, 2), size, ox, oy)
        return surf

    @staticmethod
    def _draw_layer(surf: pygame.Surface, layer: LineLayer, size: float, ox: float, oy: float) -> None:
        segs = layer.segs
        if segs.size == 0:
            return
        pts = segs * size + np.array([ox, oy])
        lo, hi = pts.min(axis=1), pts.max(axis=1)
        m = (hi[:, 0] >= -8) & (lo[:, 0] <= TILE + 8) & (hi[:, 1] >= -8) & (lo[:, 1] <= TILE + 8)
        if not m.any():
            return
        sel = pts[m]
        if layer.dash < 1.0:
            sel = np.stack([sel[:, 0], sel[:, 0] + (sel[:, 1] - sel[:, 0]) * layer.dash], 1)
        w = max(layer.min_width, int(round(layer.width * size)))
        if layer.casing is not None:
            for a, b in sel:
                pygame.draw.line(surf, layer.casing, a, b, w + 2)
        for a, b in sel:
            pygame.draw.line(surf, layer.colour, a, b, w)
        if w >= 3:
            r = w // 2
            for _a, b in sel:
                pygame.draw.circle(surf, layer.colour, b, r)

    def prerender(self, zoom: int) -> None:
        """Rasterise every tile of a zoom level now (so that panning never waits)."""
        g = self.grid(zoom)
        for ty in range(math.ceil(g.height / TILE)):
            for tx in range(math.ceil(g.width / TILE)):
                self.tile(zoom, tx, ty)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, zoom: int, cam_x: float, cam_y: float) -> None:
        """Blit the visible tiles of the board into ``rect`` of ``surface``."""
        g = self.grid(zoom)
        x0, y0 = int(math.floor(cam_x)), int(math.floor(cam_y))
        tx0, ty0 = max(0, x0 // TILE), max(0, y0 // TILE)
        tx1 = min(math.ceil(g.width / TILE) - 1, (x0 + rect.w) // TILE)
        ty1 = min(math.ceil(g.height / TILE) - 1, (y0 + rect.h) // TILE)
        surface.fill(P.OFFMAP, rect)
        clip = surface.get_clip()
        surface.set_clip(rect)
        deadline = time.perf_counter() + self.frame_budget_s
        self.incomplete = False
        for ty in range(ty0, ty1 + 1):
            for tx in range(tx0, tx1 + 1):
                pos = (rect.x + tx * TILE - x0, rect.y + ty * TILE - y0)
                if not self.fresh(zoom, tx, ty):
                    if time.perf_counter() > deadline:  # rasterise the rest over the next frames rather than stall this one
                        self.incomplete = True
                        old = self.tiles.get((zoom, tx, ty))
                        if old is not None:
                            surface.blit(old.surface, pos)  # last turn's control picture meanwhile
                        else:
                            surface.fill(P.PANEL_LIGHT, (*pos, TILE, TILE))
                        continue
                surface.blit(self.tile(zoom, tx, ty), pos)
        surface.set_clip(clip)

    def minimap(self, width: int) -> tuple[pygame.Surface, Grid]:
        """The whole theatre at a small size, with control shading, for the overview map."""
        size = (width - 4) / (SQRT3 * (self.tm.ncols + 0.5))
        g = Grid(self.tm.nrows, self.tm.ncols, size)
        py, px = np.mgrid[0: g.height, 0: g.width].astype(np.float64) + 0.5
        idx = g.index_arrays(px, py)
        ok = idx >= 0
        rgb = self.colours[np.where(ok, idx, 0)].astype(np.float32)
        ctrl = np.where(ok, self.control[np.where(ok, idx, 0)], -1)
        for side in (0, 1):
            m = ctrl == side
            rgb[m] = rgb[m] * 0.7 + np.array(P.SIDE[side], np.float32) * 0.3
        rgb[~ok] = P.OFFMAP
        arr = np.ascontiguousarray(rgb.astype(np.uint8))
        return pygame.image.frombuffer(arr.tobytes(), (g.width, g.height), "RGB").copy(), g
