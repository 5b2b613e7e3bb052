"""Colours of the board and the panels: neutral side colours (never flag colours) and a muted map palette."""

from __future__ import annotations

Colour = tuple[int, int, int]

#: Side colours: a cobalt and a plum, far apart for colour-blind players and unlike either flag.
SIDE = {0: (52, 96, 176), 1: (150, 56, 132)}
SIDE_LIGHT = {0: (196, 212, 240), 1: (236, 200, 228)}
SIDE_LABEL = {0: "Azerbaijan", 1: "Armenia and Artsakh"}
STALE = (128, 128, 128)

#: Hypsometric tint stops (metres, RGB 0..1), as on the printed theatre map.
TINT = [
    (0, (0.54, 0.70, 0.47)), (200, (0.66, 0.78, 0.52)), (500, (0.82, 0.85, 0.58)),
    (900, (0.90, 0.83, 0.58)), (1400, (0.83, 0.68, 0.48)), (2000, (0.70, 0.55, 0.42)),
    (2600, (0.66, 0.60, 0.58)), (3200, (0.86, 0.85, 0.85)), (3800, (0.98, 0.98, 0.98)),
]
WATER = (140, 189, 230)
RIVER = (31, 95, 168)
ROAD = (255, 253, 240)
MAIN_ROAD = (255, 210, 31)
ROAD_CASING = (43, 43, 43)
BORDER = (34, 34, 34)
DISTRICT = (85, 85, 85)
LOC = (209, 26, 26)
FRONT = (20, 20, 20)
OFFMAP = (58, 62, 66)

# Panels.
PANEL = (30, 34, 40)
PANEL_LIGHT = (48, 54, 62)
PANEL_EDGE = (90, 98, 110)
TEXT = (230, 232, 235)
TEXT_DIM = (160, 166, 175)
ACCENT = (230, 190, 80)
GOOD = (90, 180, 100)
BAD = (210, 80, 70)
SELECT = (255, 230, 60)
REACH = (255, 255, 255)
PATH = (255, 230, 60)
