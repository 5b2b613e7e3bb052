"""Builders for the political tests: the synthetic theatre with mediators, districts and a missile unit."""

from __future__ import annotations

from typing import Any

import numpy as np

from game.engine import Game
from game.hexmap.theatre import District
from game.scenario.model import EquipmentType, UnitSpec, UnitType
from game.setup import make_unit
from tests.engine.synthetic import NCOLS, FakeScenario, Placed, make_scenario

MEDIATORS = [{"id": "russia", "name": "Russia"}, {"id": "minsk", "name": "OSCE Minsk Group co-chairs"}]
QUIET = {"violation_chance": 0.0}


def hx(col: int, row: int) -> int:
    return row * NCOLS + col


def scenario(ceasefire: dict[str, Any] | None = None, **kw: Any) -> FakeScenario:
    cf = {"mediators": MEDIATORS, **(ceasefire or {})}
    return make_scenario(ceasefire=cf, **kw)


def with_districts(sc: FakeScenario, bands: list[tuple[str, int, int]]) -> FakeScenario:
    """Give the synthetic map districts by column bands ``(name, first col, last col)``; the rest is 'Test'."""
    m = sc.theatre
    cols = np.arange(m.n) % NCOLS
    m.districts = [District(0, "Test", "AZ")] + [District(i + 1, name, "AZ") for i, (name, _, _) in enumerate(bands)]
    for i, (_, a, b) in enumerate(bands):
        m.district[(cols >= a) & (cols <= b)] = i + 1
    return sc


def add_missile_unit(g: Game, uid: str = "am.msl1", side: int = 1, col: int = 5, row: int = 12) -> str:
    """A ballistic missile battalion (not in the synthetic library) placed straight into the game."""
    lib = g.state.library
    lib.equipment["Scud"] = EquipmentType(id="Scud", name="R-17", category="missile", combat_value=0.1, range_km=2000, salvo_weight=2.0)
    ut = UnitType(id="msl", name="Missile battalion", symbol="missile", role="missile", personnel=100, equipment={"Scud": 4})
    lib.unit_types["msl"] = ut
    spec = UnitSpec(id=uid, name=uid, type="msl", at={"hex": "0,0"})
    u = make_unit(lib, Placed(spec, "armenia" if side else "azerbaijan", hx(col, row), ut, 100, {"Scud": 4}, 1.0), side, hx(col, row))
    g.state.units[u.id] = u
    return u.id


def hex_text(g: Game, index: int) -> str:
    h = g.state.theatre.hex_at(index)
    return f"{h.q},{h.r}"


def kinds(g: Game, kind: str) -> list[Any]:
    return [e for e in g.state.events if e.kind == kind]
