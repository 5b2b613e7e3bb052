"""The end of the war: outcome, towns that changed hands, and losses by category beside the historical figures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame
import yaml

from game.sides import SIDES
from game.ui import palette as P
from game.ui import resources as R
from game.ui.input import Input
from game.ui.scene import Scene
from game.ui.widgets import Button, panel, wrap

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.session import Session

TARGETS = Path(__file__).resolve().parents[3] / "scenarios" / "reference" / "calibration_targets.yaml"
ROWS = (
    ("personnel_killed", "Killed"), ("personnel_wounded", "Wounded"), ("personnel_captured", "Captured"),
    ("tanks", "Tanks"), ("afv", "Armoured vehicles"), ("artillery", "Artillery pieces"), ("mlrs", "Rocket launchers"),
    ("missile_launchers", "Missile launchers"), ("air_defence", "Air-defence systems"), ("drones", "Drones"),
    ("decoys", "Decoys"), ("aircraft", "Aircraft and helicopters"), ("civilians_killed", "Civilians killed"),
)
HIST_KEYS = {"azerbaijan": ("azerbaijan",), "armenia": ("armenia_artsakh", "armenia")}


def historical(path: Path = TARGETS) -> dict[str, dict[str, str]]:
    """Historical figures by side and row key, as text; empty when the reference file is absent or unreadable."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    if not isinstance(doc, dict):
        return {}
    out: dict[str, dict[str, str]] = {s: {} for s in SIDES}
    for side, keys in HIST_KEYS.items():
        for k in keys:
            pk = (doc.get("personnel_killed") or {}).get(k)
            if isinstance(pk, dict) and "low" in pk:
                out[side]["personnel_killed"] = f"{pk['low']:,}-{pk['high']:,}" if pk.get("high") and pk["high"] != pk["low"] else f"{pk['low']:,}"
            tk = (doc.get("tanks_lost_visually_confirmed") or {}).get(k)
            if isinstance(tk, dict) and "total" in tk:
                out[side]["tanks"] = f">= {tk['total']} (photo-confirmed)"
    for item in doc.get("air_losses") or []:
        what = str(item.get("what", "")) if isinstance(item, dict) else ""
        if "An-2" in what and "Azerbaijani" in what:
            out["azerbaijan"]["decoys"] = f"{item.get('count')} An-2"
        elif "Armenian" in what and "Su-25" in what:
            out["armenia"]["aircraft"] = f"{item.get('count')} Su-25"
    return out


class EndScreen(Scene):
    modal = True
    opaque = True

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.record: dict[str, Any] = session.game.record()
        self.hist = historical()
        w, h = app.screen.get_size()
        self.buttons = [Button(pygame.Rect(w // 2 - 230, h - 70, 220, 40), "Back to the board", self.close, size=16),
                        Button(pygame.Rect(w // 2 + 10, h - 70, 220, 40), "Main menu", app.main_menu, size=16)]

    def process_event(self, event: Input) -> bool:
        return self.button_panel_event(event, self.buttons)

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.fill((22, 25, 30))
        rec = self.record
        winner = rec.get("winner", "draw")
        head = "A draw" if winner == "draw" else f"{str(rec.get('outcome', '')).capitalize()} victory: {P.SIDE_LABEL[SIDES.index(winner)]}"
        surface.blit(R.text("The war is over", 32, P.TEXT, True), (60, 40))
        surface.blit(R.text(head, 22, P.ACCENT, True), (60, 90))
        days = f", after {rec['war_days']} days of war" if rec.get("war_days") else ""
        surface.blit(R.text(f"Ended {rec.get('end_date')} (turn {rec.get('end_turn')}{days}): {rec.get('end_reason')}", 16, P.TEXT_DIM),
                     (60, 126))
        caps = rec.get("captures", {})
        y = 160
        if caps:
            tm = self.session.game.scenario.theatre

            def both(name: str) -> str:
                t = tm.find_town(name)
                return t.display_name if t is not None else name

            txt = "Towns that changed hands: " + ", ".join(f"{both(k)} (day {v['turn']}, {P.SIDE_LABEL[SIDES.index(v['by'])]})" for k, v in caps.items())
            for ln in wrap(txt, 14, w - 120)[:3]:
                surface.blit(R.text(ln, 14, P.TEXT), (60, y))
                y += 20
        y += 16
        box = pygame.Rect(60, y, w - 120, 40 + 26 * (len(ROWS) + 1))
        panel(surface, box, 255)
        cols = [box.x + 20] + [box.x + int(box.w * f) for f in (0.24, 0.39, 0.6, 0.75)]
        heads = ["Losses", "Azerbaijan (game)", "Azerbaijan (history)", "Armenia/Artsakh (game)", "Armenia/Artsakh (history)"]
        for x, t in zip(cols, heads, strict=True):
            surface.blit(R.text(t, 14, P.ACCENT, True), (x, box.y + 12))
        losses = rec.get("losses", {})
        for i, (key, label) in enumerate(ROWS):
            yy = box.y + 44 + i * 26
            if i % 2 == 0:
                pygame.draw.rect(surface, P.PANEL_LIGHT, (box.x + 6, yy - 3, box.w - 12, 24))
            surface.blit(R.text(label, 14, P.TEXT), (cols[0], yy))
            for j, side in enumerate(SIDES):
                v = losses.get(side, {}).get(key, 0)
                surface.blit(R.text(f"{int(v):,}", 14, P.SIDE_LIGHT[j]), (cols[1 + 2 * j], yy))
                hv = self.hist.get(side, {}).get(key, "-")
                surface.blit(R.text(hv, 14, P.TEXT_DIM), (cols[2 + 2 * j], yy))
        note = ("Historical figures: scenarios/reference/calibration_targets.yaml (official and documented counts; tanks are "
                "photo-confirmed losses only, so true losses are at least that)." if self.hist else
                "Historical figures are not available (scenarios/reference/calibration_targets.yaml not found).")
        yy = box.bottom + 12
        for ln in wrap(note, 13, w - 120):
            surface.blit(R.text(ln, 13, P.TEXT_DIM), (60, yy))
            yy += 18
        for b in self.buttons:
            b.draw(surface, self.app.translator.pointer)
