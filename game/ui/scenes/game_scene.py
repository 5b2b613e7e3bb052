"""The game: board, order panel, event log and status bar, and the flow of a turn.

A turn runs: each human side writes its orders (hot-seat players in turn,
behind a hand-over screen), the computer players give theirs, the engine
resolves the day, and :class:`~game.ui.scenes.animation.TurnAnimation` shows
what the viewing side saw. The scene reads only side views, never the state.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from game.events import Event
from game.orders import Order
from game.ui import palette as P
from game.ui.board import Board, Marker
from game.ui.input import Input
from game.ui.scene import Scene
from game.ui.scenes.panels import LOG_FILTERS, LOG_H, RIGHT_W, STATUS_H, PanelsMixin
from game.ui.session import Session, TurnResult, visible_events
from game.ui.widgets import Button

if TYPE_CHECKING:
    from game.ui.app import App

FIRE_ROLES = ("artillery", "mlrs", "missile")
ATTACK_ROLES = ("manoeuvre", "special_forces", "engineer", "reconnaissance")


class GameScene(PanelsMixin, Scene):
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
                # Units already ordered to attack this hex join the selected one: the odds of the combined attack.
                target = self.tm.hex_at(h)
                others = [o.unit for o in self.session.pending[self.acting]  # type: ignore[index]
                          if o.kind == "AT" and o.target == target and o.unit and o.unit != u.id]
                self._odds = preview_odds(self.session.game, self.acting, [u.id, *others], h)  # type: ignore[arg-type]
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
        r = self.last_result
        if r is not None:
            view = None if self.viewer is None else self.session.view(self.viewer)
            seen = visible_events(r.events, view)
            caps = [str(e.data.get("town", "")) for e in seen if e.kind == "capture"]
            names = [t.display_name for t in (self.tm.find_town(c) for c in caps) if t is not None]
            self.say(f"Day {r.turn} resolved: {len(seen)} events" + (f"; changed hands: {', '.join(names)}" if names else "")
                     + ". Click an event in the log to see where it happened.")
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
