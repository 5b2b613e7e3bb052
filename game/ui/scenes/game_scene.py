"""The game: board, order panel, event log and status bar, and the flow of a turn.

A turn runs: each human side writes its orders (hot-seat players in turn,
behind a hand-over screen), the computer players give theirs, the engine
resolves the day, and :class:`~game.ui.scenes.animation.TurnAnimation` shows
what the viewing side saw. The scene reads only side views, never the state.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from game.events import Event
from game.hexmap.theatre import TERRAIN_NAMES, Terrain
from game.orders import Order
from game.sides import SIDES
from game.ui import palette as P
from game.ui import resources as R
from game.ui.board import Board, Marker
from game.ui.input import Input
from game.ui.scene import Scene
from game.ui.session import Session, TurnResult, visible_events
from game.ui.widgets import Button, panel, wrap

if TYPE_CHECKING:
    from game.ui.app import App

RIGHT_W = 360
LOG_H = 170
STATUS_H = 32
LOG_FILTERS = ("all", "air", "artillery", "movement", "combat", "control", "diplomacy", "orders", "losses")
FIRE_ROLES = ("artillery", "mlrs", "missile")
ATTACK_ROLES = ("manoeuvre", "special_forces", "engineer", "reconnaissance")


class GameScene(Scene):
    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.tm = session.game.scenario.theatre
        humans = session.humans
        self.acting: int | None = humans[0] if humans else None
        self.viewer: int | None = self.acting if session.mode != "watch" else None
        self.board = Board(self.tm, self._board_rect(), show_grid=app.settings.show_grid)
        self.hover_hex = -1
        self.mode = "select"  # select | fire | air
        self.air_choice: tuple[str, int, str] | None = None
        self.message = ""
        self.message_time = 0.0
        self.log: list[Event] = []
        self.log_filter = 0
        self.log_scroll = 0
        self.autoplay = False
        self.busy = False
        self._path_cache: tuple[str, int, list[int]] | None = None
        self._odds: float | None = None
        self.last_result: TurnResult | None = None
        self.answered: set[tuple[int, str]] = set()  # (side, proposal) already put to that side
        self.buttons: list[Button] = []
        self._layout()
        self.refresh()
        own = self._own_units()
        if own:
            self.board.camera.centre_on(own[len(own) // 2].hex)
        else:
            self.board.camera.centre_on(self.tm.n // 2)
        self._proposals_pending = True

    # --- layout -------------------------------------------------------------
    def _board_rect(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        return pygame.Rect(0, STATUS_H, w - RIGHT_W, h - STATUS_H - LOG_H)

    def _layout(self) -> None:
        w, h = self.app.screen.get_size()
        self.board.set_rect(self._board_rect())
        x0 = w - RIGHT_W + 12
        bw = (RIGHT_W - 36) // 3
        y = h - 52
        self.buttons = [
            Button(pygame.Rect(x0, y - 44, bw, 34), "Fire (F)", lambda: self.action("fire")),
            Button(pygame.Rect(x0 + bw + 6, y - 44, bw, 34), "Air (G)", lambda: self.action("air")),
            Button(pygame.Rect(x0 + 2 * (bw + 6), y - 44, bw, 34), "Posture (P)", lambda: self.action("posture")),
            Button(pygame.Rect(x0, y - 88, bw, 34), "Radar (E)", lambda: self.action("emit")),
            Button(pygame.Rect(x0 + bw + 6, y - 88, bw, 34), "Undo", lambda: self.action("undo")),
            Button(pygame.Rect(x0 + 2 * (bw + 6), y - 88, bw, 34), "Clear (C)", lambda: self.action("clear")),
            Button(pygame.Rect(x0, y, 2 * bw + 6, 40), "End turn (Enter)" if self.session.mode != "watch" else "Next day (Enter)",
                   lambda: self.action("end_turn"), size=16),
            Button(pygame.Rect(x0 + 2 * (bw + 6), y, bw, 40), "Menu (Esc)", lambda: self.action("back")),
        ]
        if self.session.mode == "watch":
            self.buttons = [b for b in self.buttons if b.label.startswith(("Next", "Menu"))]
            self.buttons.append(Button(pygame.Rect(x0, y - 44, 2 * bw + 6, 34), "Auto-play", self._toggle_auto))

    def _toggle_auto(self) -> None:
        self.autoplay = not self.autoplay

    # --- what is shown ----------------------------------------------------------
    def views(self) -> list[Any]:
        if self.viewer is None:
            return [self.session.view(0), self.session.view(1)]
        return [self.session.view(self.viewer)]

    def _own_units(self) -> list[Any]:
        if self.acting is None:
            return []
        return list(self.session.view(self.acting).units)

    def markers(self) -> list[Marker]:
        out: list[Marker] = []
        s = self.session
        for v in self.views():
            for u in v.units:
                out.append(Marker(u.id, v.side, u.hex, u.symbol, s.strength_tenths(u.id, u.personnel),
                                  max(0, min(10, round(u.cohesion * 10))), 0, u.name))
            if self.viewer is not None:
                for c in v.contacts:
                    out.append(Marker(c.id, 1 - v.side, c.hex, c.symbol, -1, -1, 0 if c.current else max(1, c.seen_turn), c.name))
        return out

    def refresh(self) -> None:
        """Rebuild the board contents from the view(s) after anything changed."""
        views = self.views()
        self.board.set_markers(self.markers())
        self.board.terrain.set_control(views[0].control)
        mines = views[0].mines if self.viewer is not None else None
        self.board.mines = [] if mines is None else [(int(h), float(mines[h])) for h in np.nonzero(mines > 0)[0]]
        self._update_order_lines()
        self._path_cache = None

    def _update_order_lines(self) -> None:
        lines = []
        if self.acting is not None:
            v = self.session.view(self.acting)
            pos = {u.id: u.hex for u in v.units}
            for o in self.session.pending[self.acting]:
                if o.kind in ("MV", "AT", "FR") and o.unit in pos and o.target is not None and self.tm.contains(o.target):
                    lines.append((pos[o.unit], self.tm.index(o.target), o.kind))
        self.board.order_lines = lines

    def say(self, text: str) -> None:
        self.message = text
        self.message_time = 6.0

    # --- input --------------------------------------------------------------------
    def process_event(self, event: Input) -> bool:
        if event.kind == "resize":
            self._layout()
            return True
        for btn in self.buttons:
            if btn.handle(event):
                return True
        if event.kind == "action":
            return self.action(event.action)
        b = self.board
        if event.kind == "drag":
            b.camera.pan(-event.rel[0], -event.rel[1])
            return True
        if event.kind == "wheel":
            if b.rect.collidepoint(event.pos):
                b.zoom_at(event.wheel, event.pos)
            elif self._log_rect().collidepoint(event.pos):
                self.log_scroll = max(0, self.log_scroll + event.wheel)
            return True
        if event.kind == "move":
            self._hover(b.hex_at(event.pos))
            return True
        if event.kind == "click":
            if b.minimap_click(event.pos):
                return True
            if self._log_rect().collidepoint(event.pos):
                self._log_click(event.pos)
                return True
            h = b.hex_at(event.pos)
            if h >= 0:
                self.left_click(h)
            return True
        if event.kind == "right_click":
            h = b.hex_at(event.pos)
            if h >= 0:
                self.right_click(h)
            return True
        return event.kind in ("press", "release")

    def action(self, name: str) -> bool:
        s = self.session
        side = self.acting
        if name == "back":
            if self.mode != "select":
                self.mode = "select"
                self.say("Cancelled.")
                return True
            from game.ui.scenes.menus import GameMenu

            self.app.stack.push(GameMenu(self.app, self))
            return True
        if name == "help":
            from game.ui.scenes.dialogs import HelpOverlay

            self.app.stack.push(HelpOverlay(self.app))
            return True
        if name == "legend":
            from game.ui.scenes.legend import LegendOverlay

            self.app.stack.push(LegendOverlay(self.app))
            return True
        if name in ("zoom_in", "zoom_out"):
            b = self.board
            b.zoom_at(1 if name == "zoom_in" else -1, b.rect.center)
            return True
        if name == "minimap":
            self.board.minimap_on = not self.board.minimap_on
            return True
        if name == "hex_grid":
            self.app.settings.show_grid = not self.app.settings.show_grid
            self.board.terrain.set_grid(self.app.settings.show_grid)
            return True
        if name == "log_filter":
            self.log_filter = (self.log_filter + 1) % len(LOG_FILTERS)
            self.log_scroll = 0
            return True
        if name == "quicksave":
            self.app.quicksave(self)
            return True
        if name == "quickload":
            self.app.quickload()
            return True
        if name == "save":
            self.app.save_as(self)
            return True
        if name == "end_turn":
            self.end_turn()
            return True
        if side is None:
            return name != "pan"
        if name == "type_order":
            from game.ui.scenes.dialogs import TextDialog

            self.app.stack.push(TextDialog(self.app, "Type an order", "In the orders' text notation, e.g. MV <unit> q,r  |  "
                                           "FR <unit> q,r  |  AIR TB2x2 STRIKE q,r  |  PO <unit> DEFEND  |  EM <unit> OFF",
                                           "", self._typed_order))
            return True
        if name == "undo":
            o = s.undo(side)
            self.say(f"Removed: {o}" if o else "No orders to undo.")
            self._update_order_lines()
            return True
        if name == "clear":
            s.clear(side)
            self.say("All orders cleared.")
            self._update_order_lines()
            return True
        if name == "next_unit":
            own = self._own_units()
            if own:
                ids = [u.id for u in own]
                i = (ids.index(self.board.selected) + 1) % len(ids) if self.board.selected in ids else 0
                self.select(ids[i])
                self.board.camera.centre_on(own[i].hex)
            return True
        u = self.selected_unit()
        if name == "fire":
            if u is None or u.role not in FIRE_ROLES:
                self.say("Select an artillery, rocket or missile unit first, then press F.")
            else:
                self.mode = "fire"
                self.say(f"Fire mission for {u.name}: click the target hex (Esc cancels).")
            return True
        if name == "air":
            from game.ui.scenes.dialogs import AirMissionDialog

            limits = s.game.sortie_limits(side)
            used: dict[str, int] = {}
            for o in s.pending[side]:
                if o.kind == "AIR" and o.air_type:
                    used[o.air_type] = used.get(o.air_type, 0) + o.count
            left = {k: v - used.get(k, 0) for k, v in limits.items()}
            lib = s.game.scenario.library.air_types
            names = {k: getattr(lib.get(k), "name", k) for k in left}
            self.app.stack.push(AirMissionDialog(self.app, left, names, self._air_chosen))
            return True
        if name == "posture":
            if u is None:
                self.say("Select a unit first.")
                return True
            cur = next((o.mission for o in s.pending[side] if o.kind == "PO" and o.unit == u.id), None)
            mobile = (cur or ("MOBILE" if u.posture == "mobile" else "DEFEND")) != "MOBILE"
            self.issue(Order.posture(u.id, "MOBILE" if mobile else "DEFEND"))
            return True
        if name == "emit":
            if u is None or u.role != "air_defence":
                self.say("Select an air-defence unit first.")
                return True
            cur = next((o.mission for o in s.pending[side] if o.kind == "EM" and o.unit == u.id), None)
            on = (cur == "ON") if cur else u.emitting
            self.issue(Order.emit(u.id, not on))
            return True
        return name != "pan"

    def _typed_order(self, text: str) -> None:
        if self.acting is None:
            return
        why = self.session.add(self.acting, text)
        self.say(f"Refused: {why}" if why else f"Order: {self.session.pending[self.acting][-1]}")
        self._update_order_lines()

    def _air_chosen(self, air_type: str, count: int, mission: str) -> None:
        self.air_choice = (air_type, count, mission)
        self.mode = "air"
        self.say(f"{count} x {air_type} {mission}: click the target hex (Esc cancels).")

    def selected_unit(self) -> Any:
        if self.acting is None or self.board.selected is None:
            return None
        return self.session.view(self.acting).unit(self.board.selected)

    def select(self, uid: str | None) -> None:
        self.board.selected = uid
        self.board.reach = {}
        self.board.path = []
        self._path_cache = None
        u = self.selected_unit()
        if u is not None:
            from game.engine import reachable

            self.board.reach = reachable(self.session.game, self.acting, u.id)  # type: ignore[arg-type]
        self.board.set_markers(self.board.markers)

    def left_click(self, h: int) -> None:
        side = self.acting
        if self.mode == "fire" and side is not None:
            u = self.selected_unit()
            self.mode = "select"
            if u is not None:
                self.issue(Order.fire(u.id, self.tm.hex_at(h)))
            return
        if self.mode == "air" and side is not None and self.air_choice:
            t, n, m = self.air_choice
            self.mode = "select"
            self.issue(Order.air(t, n, m, self.tm.hex_at(h)))
            return
        if side is None:
            return
        own = [m for m in self.board.by_hex.get(h, []) if m.side == side and not m.stale_turn]
        if own:
            ids = [m.uid for m in own]
            if self.board.selected in ids:
                nxt = ids[(ids.index(self.board.selected) + 1) % len(ids)]
            else:
                nxt = ids[0]
            self.select(nxt)
        else:
            self.select(None)

    def right_click(self, h: int) -> None:
        u = self.selected_unit()
        if u is None or self.acting is None:
            return
        target = self.tm.hex_at(h)
        enemy = any(m.side != self.acting and not m.stale_turn for m in self.board.by_hex.get(h, []))
        adjacent = h in set(int(x) for x in self.tm.neighbours[u.hex])
        if enemy and u.role in FIRE_ROLES:
            self.issue(Order.fire(u.id, target))
        elif enemy and adjacent and u.role in ATTACK_ROLES:
            self.issue(Order.attack(u.id, target))
        else:
            self.issue(Order.move(u.id, target))

    def issue(self, order: Order) -> None:
        assert self.acting is not None
        why = self.session.add(self.acting, order)
        if why:
            self.say(f"Refused: {why}")
        else:
            self.say(f"Order: {order}")
        self._update_order_lines()

    def _hover(self, h: int) -> None:
        if h == self.hover_hex:
            return
        self.hover_hex = h
        self.board.path = []
        self.board.target_hex = h if self.mode in ("fire", "air") else None
        self._odds = None
        u = self.selected_unit()
        if u is None or h < 0 or self.mode != "select":
            return
        from game.engine import preview_move, preview_odds

        enemy = [m for m in self.board.by_hex.get(h, []) if m.side != self.acting and not m.stale_turn]
        if enemy and h in set(int(x) for x in self.tm.neighbours[u.hex]):
            try:
                self._odds = preview_odds(self.session.game, self.acting, [u.id], h)  # type: ignore[arg-type]
            except Exception:
                self._odds = None
            self.board.target_hex = h
        else:
            try:
                self.board.path = preview_move(self.session.game, self.acting, u.id, h)  # type: ignore[arg-type]
            except Exception:
                self.board.path = []

    # --- the turn -------------------------------------------------------------------
    def end_turn(self) -> None:
        s = self.session
        if self.busy or s.game.is_over():
            if s.game.is_over():
                self.show_end()
            return
        if s.mode == "hotseat" and self.acting == 0:
            from game.ui.scenes.dialogs import PassScreen

            self.select(None)
            self.message, self.mode = "", "select"  # nothing of one player's orders may show to the other
            self.acting = self.viewer = 1
            self.app.stack.push(PassScreen(self.app, "Armenia and Artsakh", self._start_orders))
            self.refresh()
            return
        self.busy = True
        before_markers = list(self.board.markers)
        self.select(None)
        self.mode = "select"
        result = s.end_turn()
        self.last_result = result
        self.log.extend(result.events)
        self.busy = False
        self.answered = set()
        if s.mode == "hotseat":
            from game.ui.scenes.dialogs import PassScreen

            self.acting = self.viewer = 0
            self.message = ""
            self.refresh()
            self.app.stack.push(PassScreen(self.app, "Azerbaijan", lambda: self._animate(result, before_markers, hide=True)))
            return
        self._animate(result, before_markers)

    def _animate(self, result: TurnResult, before_markers: list[Marker], hide: bool = False) -> None:
        from game.ui.scenes.animation import TurnAnimation

        if hide:  # hot-seat: the other player's picture of the board must not be shown
            before_markers = []
        anim = TurnAnimation(self.app, self, result, before_markers)
        self.app.stack.push(anim)

    def after_animation(self) -> None:
        self.refresh()
        if self.session.game.is_over():
            self.show_end()
            return
        self._start_orders()

    def _start_orders(self) -> None:
        self.refresh()
        if self.acting is not None:
            v = self.session.view(self.acting)
            for p in v.proposals:
                pid = str(p.get("id"))
                if (self.acting, pid) in self.answered:
                    continue
                self.answered.add((self.acting, pid))
                from game.ui.scenes.dialogs import CeasefireDialog

                side = self.acting
                self.app.stack.push(CeasefireDialog(self.app, p, partial(self._answer, side, pid)))
                break
        elif self.autoplay:
            self._auto_next = 0.4

    def _answer(self, side: int, pid: str, accept: bool) -> None:
        why = self.session.add(side, Order.ceasefire(pid, accept))
        self.say(f"Refused: {why}" if why else f"{'Accepted' if accept else 'Refused'} ceasefire {pid}.")
        self._start_orders()

    def show_end(self) -> None:
        from game.ui.scenes.end_screen import EndScreen

        if not isinstance(self.app.stack.top, EndScreen):
            self.app.stack.push(EndScreen(self.app, self.session))

    # --- update and draw --------------------------------------------------------------
    def active(self) -> bool:
        """No modal scene (dialog, animation, hand-over screen) covers the board."""
        stack = self.app.stack.scenes
        if self not in stack:
            return False
        return not any(s.modal for s in stack[stack.index(self) + 1:])

    _auto_next = -1.0

    def update(self, dt: float) -> None:
        dx, dy = self.app.translator.pan_vector()
        if (dx or dy) and self.active():
            self.board.camera.pan(dx * 900 * dt, dy * 900 * dt)
        if self.message_time > 0:
            self.message_time -= dt
        if self.app.idle_work and self.active() and not self.board.terrain.incomplete:
            self.board.terrain.prefetch((0, 1, 2), 1)  # idle: get the overview zoom levels ready
        if self._proposals_pending and self.active():
            self._proposals_pending = False
            self._start_orders()
        if self._auto_next >= 0 and self.active():
            self._auto_next -= dt
            if self._auto_next < 0:
                if self.autoplay and not self.session.game.is_over():
                    self.end_turn()

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(P.PANEL)
        self.board.draw(surface)
        self._draw_status(surface)
        self._draw_right(surface)
        self._draw_log(surface)
        if self.active():
            self._draw_tooltip(surface)

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
