"""The game screen's panels: status bar, side panel (unit, orders, situation), event log and tooltips.

A mixin of :class:`~game.ui.scenes.game_scene.GameScene`, kept apart so that the
turn flow and the drawing of information each fit in one module. Everything
here only reads the side views and the scene's own interface state.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pygame

from game.events import Event
from game.hexmap.theatre import TERRAIN_NAMES, Terrain
from game.sides import SIDES
from game.ui import palette as P
from game.ui import resources as R
from game.ui.session import visible_events
from game.ui.widgets import panel, wrap

if TYPE_CHECKING:
    from game.hexmap.theatre import TheatreMap
    from game.ui.app import App
    from game.ui.board import Board
    from game.ui.session import Session
    from game.ui.widgets import Button

RIGHT_W = 360
LOG_H = 170
STATUS_H = 32
LOG_FILTERS = ("all", "air", "artillery", "movement", "combat", "control", "diplomacy", "orders", "losses")


class PanelsMixin:
    """Drawing and hit-testing of the panels round the board."""

    if TYPE_CHECKING:  # provided by GameScene
        app: App
        session: Session
        board: Board
        tm: TheatreMap
        acting: int | None
        viewer: int | None
        log: list[Event]
        log_filter: int
        log_scroll: int
        message: str
        message_time: float
        mode: str
        hover_hex: int
        autoplay: bool
        buttons: list[Button]
        _odds: float | None

        def views(self) -> list[Any]: ...
        def selected_unit(self) -> Any: ...

    def _draw_status(self, surface: pygame.Surface) -> None:
        w = surface.get_width()
        r = pygame.Rect(0, 0, w, STATUS_H)
        pygame.draw.rect(surface, P.PANEL_LIGHT, r)
        g = self.session.game
        v = self.views()[0]
        weather = ", ".join(f"{k}: {val}" for k, val in sorted(v.weather.items())) or "clear"
        cf = v.ceasefire
        cf_txt = f"ceasefire {cf.get('id')} in force" if cf else ("ceasefire proposed" if any(vv.proposals for vv in self.views()) else "no ceasefire")
        who = f"Orders: {P.SIDE_LABEL[self.acting]}" if self.acting is not None else "Watching both sides"
        from game.ui.scenes.animation import TurnAnimation

        anim = self.app.stack.find(TurnAnimation)
        day = f"Turn {min(v.turn, v.max_turns)}/{v.max_turns}"
        date = v.date
        if isinstance(anim, TurnAnimation):
            day = f"Resolving turn {anim.result.turn}/{v.max_turns}"
            date = v.date - dt.timedelta(days=v.turn - anim.result.turn)
        parts = [f"{date.strftime('%d %b %Y')}", day, f"Weather: {weather}",
                 f"Pressure  AZ {v.pressure[0]:.0f}  AM {v.pressure[1]:.0f}", cf_txt, who]
        if g.is_over():
            parts.insert(2, "GAME OVER")
        x = 10
        for i, p in enumerate(parts):
            t = R.text(p, 14, P.ACCENT if i == len(parts) - 1 else P.TEXT, i in (0, 1))
            surface.blit(t, (x, (STATUS_H - t.get_height()) // 2))
            x += t.get_width() + 22

    def _draw_right(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        r = pygame.Rect(w - RIGHT_W, STATUS_H, RIGHT_W, h - STATUS_H)
        pygame.draw.rect(surface, P.PANEL, r)
        pygame.draw.line(surface, P.PANEL_EDGE, r.topleft, r.bottomleft)
        x, y = r.x + 12, r.y + 10
        u = self.selected_unit()
        if u is not None:
            y = self._unit_info(surface, u, x, y)
        elif self.acting is not None:
            surface.blit(R.text("Select a unit (click, or Tab).", 14, P.TEXT_DIM), (x, y))
            y += 24
        else:
            surface.blit(R.text("Watching the computer players.", 14, P.TEXT_DIM), (x, y))
            y += 24
            y = self._situation(surface, x, y)
        y += 6
        if self.acting is not None:
            v = self.session.view(self.acting)
            air = ", ".join(f"{k} {n}" for k, n in sorted(v.air.items()) if n > 0) or "none"
            for ln in wrap(f"Air pool: {air}", 12, RIGHT_W - 24):
                surface.blit(R.text(ln, 12, P.TEXT_DIM), (x, y))
                y += 16
            y += 6
            pending = self.session.pending[self.acting]
            surface.blit(R.text(f"Orders this turn ({len(pending)})", 15, P.ACCENT, True), (x, y))
            y += 24
            bottom = h - 150
            rows = pending[-max(0, (bottom - y) // 18):] if pending else []
            for o in rows:
                surface.blit(R.text(str(o), 13, P.TEXT), (x + 4, y))
                y += 18
            if not pending:
                surface.blit(R.text("none yet: right-click to move or attack", 13, P.TEXT_DIM), (x + 4, y))
        if self.message and self.message_time > 0:
            lines = wrap(self.message, 13, RIGHT_W - 24)
            yy = h - 150 - 18 * len(lines)
            for ln in lines:
                surface.blit(R.text(ln, 13, P.ACCENT if not ln.startswith("Refused") else P.BAD), (x, yy))
                yy += 18
        for b in self.buttons:
            if b.label.startswith("Auto"):
                b.toggled = self.autoplay
            b.draw(surface, self.app.translator.pointer)

    def _situation(self, surface: pygame.Surface, x: int, y: int) -> int:
        """Each shown side's forces and losses so far (from its own view)."""
        for v in self.views():
            units = v.units
            surface.blit(R.text(P.SIDE_LABEL[v.side], 15, P.SIDE_LIGHT[v.side], True), (x, y + 6))
            y += 28
            lo = v.losses
            lines = [
                f"{len(units)} units, {sum(u.personnel for u in units):,} personnel",
                f"Lost: {lo.get('personnel_killed', 0):,} killed, {lo.get('personnel_wounded', 0):,} wounded, "
                f"{lo.get('personnel_captured', 0):,} captured",
                f"{lo.get('tanks', 0)} tanks, {lo.get('afv', 0)} AFV, {lo.get('artillery', 0)} guns, {lo.get('mlrs', 0)} MLRS, "
                f"{lo.get('air_defence', 0)} air defence, {lo.get('drones', 0)} drones, {lo.get('aircraft', 0)} aircraft",
                f"Hexes held: {int((v.control == v.side).sum()):,}   pressure {v.pressure[v.side]:.0f}",
            ]
            for ln in lines:
                for part in wrap(ln, 13, RIGHT_W - 24):
                    surface.blit(R.text(part, 13, P.TEXT), (x, y))
                    y += 18
        return y

    def _unit_info(self, surface: pygame.Surface, u: Any, x: int, y: int) -> int:
        lib = self.session.game.scenario.library
        for ln in wrap(u.name, 16, RIGHT_W - 24, bold=True)[:2]:
            surface.blit(R.text(ln, 16, P.TEXT, True), (x, y))
            y += 21
        ut = lib.unit_types.get(u.type_id)
        lines = [
            *wrap(f"{getattr(ut, 'name', u.type_id)} ({u.symbol.replace('_', ' ')})", 13, RIGHT_W - 24),
            f"Hex {self.tm.hex_at(u.hex)}   posture {u.posture}" + ("   radar ON" if u.role == "air_defence" and u.emitting else ("   radar OFF" if u.role == "air_defence" else "")),
            f"Personnel {u.personnel:,}   strength {self.session.strength_tenths(u.id, u.personnel) * 10}%",
            f"Cohesion {u.cohesion:.0%}   supply {u.supply:.0%}   ammunition {u.ammo:.0%}",
            f"Movement {u.movement:g} MP   training {u.training:.2f}",
        ]
        eq = ", ".join(f"{n} {getattr(lib.equipment.get(e), 'name', e)}" for e, n in sorted(u.equipment.items()) if n > 0)
        lines += wrap("Equipment: " + (eq or "none"), 13, RIGHT_W - 24)
        o = self.session.order_for(self.acting, u.id) if self.acting is not None else None
        if o:
            lines.append(f"Order: {o}")
        if self._odds is not None:
            lines.append(f"Attack odds here: {self._odds:.1f} : 1")
        for ln in lines:
            surface.blit(R.text(ln, 13, P.TEXT if not ln.startswith("Attack") else P.ACCENT), (x, y))
            y += 18
        return y

    def _log_rect(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        return pygame.Rect(0, h - LOG_H, w - RIGHT_W, LOG_H)

    def _log_chip_rects(self) -> list[pygame.Rect]:
        r = self._log_rect()
        out, x = [], r.x + 8
        for f in LOG_FILTERS:
            wdt = R.font(12, True).size(f)[0] + 14
            out.append(pygame.Rect(x, r.y + 6, wdt, 20))
            x += wdt + 4
        return out

    def _log_click(self, pos: tuple[int, int]) -> None:
        for i, cr in enumerate(self._log_chip_rects()):
            if cr.collidepoint(pos):
                self.log_filter = i
                self.log_scroll = 0
                return
        for rr, e in self._log_rows():
            if rr.collidepoint(pos) and e.hex is not None and e.hex >= 0:
                self.board.camera.centre_on(e.hex)  # a click on an event shows where it happened
                self.board.target_hex = e.hex
                return

    def _log_rows(self) -> list[tuple[pygame.Rect, Event]]:
        r = self._log_rect()
        evs = self.filtered_log()
        rows = (r.h - 36) // 17
        start = max(0, len(evs) - rows - self.log_scroll)
        return [(pygame.Rect(r.x + 8, r.y + 32 + k * 17, r.w - 16, 17), e) for k, e in enumerate(evs[start: start + rows])]

    def filtered_log(self) -> list[Event]:
        view = None if self.viewer is None else self.session.view(self.viewer)
        evs = visible_events(self.log, view)
        f = LOG_FILTERS[self.log_filter]
        if f == "all":
            return evs
        if f == "losses":
            return [e for e in evs if e.kind in ("loss", "destroyed", "surrender", "air_loss", "strike")]
        return [e for e in evs if e.phase == f]

    def _draw_log(self, surface: pygame.Surface) -> None:
        r = self._log_rect()
        pygame.draw.rect(surface, P.PANEL, r)
        pygame.draw.line(surface, P.PANEL_EDGE, r.topleft, r.topright)
        for i, cr in enumerate(self._log_chip_rects()):
            on = i == self.log_filter
            pygame.draw.rect(surface, P.ACCENT if on else P.PANEL_LIGHT, cr, border_radius=8)
            t = R.text(LOG_FILTERS[i], 12, (20, 20, 20) if on else P.TEXT, True)
            surface.blit(t, t.get_rect(center=cr.center))
        rows = self._log_rows()
        pointer = self.app.translator.pointer
        for rr, e in rows:
            col = P.SIDE_LIGHT[SIDES.index(e.side)] if e.side in SIDES else P.TEXT_DIM
            if rr.collidepoint(pointer) and e.hex is not None:
                pygame.draw.rect(surface, P.PANEL_LIGHT, rr)
            surface.blit(R.text(f"[{e.turn:2d} {e.phase}] {e.text}"[:200], 12, col), rr.topleft)
        if not rows:
            surface.blit(R.text("The event log fills as the days are resolved. Click an event to see where it happened.", 12, P.TEXT_DIM),
                         (r.x + 8, r.y + 32))

    def _draw_tooltip(self, surface: pygame.Surface) -> None:
        h = self.hover_hex
        pos = self.app.translator.pointer
        if h < 0 or not self.board.rect.collidepoint(pos) or self.board.minimap_rect().collidepoint(pos):
            return
        tm = self.tm
        lines = []
        ti = int(tm.town[h])
        if ti >= 0:
            lines.append(tm.towns[ti].display_name + (" (key town)" if tm.towns[ti].key else ""))
        terrain = TERRAIN_NAMES.get(Terrain(int(tm.terrain[h])), "?")
        lines.append(f"{tm.hex_at(h)}  {terrain}, {int(tm.elev_mean[h])} m")
        d = int(tm.district[h])
        if 0 <= d < len(tm.districts):
            lines.append(f"District: {tm.districts[d].name}")
        ctrl = int(self.board.terrain.control[h])
        holders = {0: "Azerbaijan", 1: "Armenia/Artsakh"}
        lines.append("Held by: " + holders.get(ctrl, "neutral"))
        if int(tm.fort[h]):
            lines.append(f"Fortified belt, level {int(tm.fort[h])}")
        views = {v.side: v for v in self.views()}
        for m in self.board.by_hex.get(h, []):
            v = views.get(m.side)
            if v is not None:
                u = v.unit(m.uid)
                if u is not None:
                    ut = self.session.game.scenario.library.unit_types.get(u.type_id)
                    lines.append(f"{u.name} ({getattr(ut, 'name', u.type_id)})")
                    lines.append(f"   {u.personnel:,} personnel, {sum(u.equipment.values()):,} vehicles and weapons, cohesion {u.cohesion:.0%}, "
                                 f"supply {u.supply:.0%}, {u.posture}")
                    continue
            vv = views.get(1 - m.side)
            c = next((c for c in vv.contacts if c.id == m.uid), None) if vv else None
            if c is not None:
                seen = "now" if c.current else f"last seen turn {c.seen_turn}"
                lines.append(f"Enemy {c.name} ({c.symbol.replace('_', ' ')}), ~{c.personnel:,} pers., {seen}")
        if self._odds is not None:
            lines.append(f"Attack odds {self._odds:.1f} : 1")
        if self.mode in ("fire", "air"):
            lines.append("Click to set the target")
        ts = [R.text(ln, 13, P.TEXT, i == 0) for i, ln in enumerate(lines)]
        wdt = max(t.get_width() for t in ts) + 16
        hgt = sum(t.get_height() + 2 for t in ts) + 10
        box = pygame.Rect(pos[0] + 18, pos[1] + 18, wdt, hgt)
        if box.right > self.board.rect.right:
            box.right = pos[0] - 10
        if box.bottom > self.board.rect.bottom:
            box.bottom = pos[1] - 10
        panel(surface, box, 230)
        y = box.y + 5
        for t in ts:
            surface.blit(t, (box.x + 8, y))
            y += t.get_height() + 2
