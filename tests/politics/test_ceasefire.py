"""Proposals, answers, violations and breakdowns of humanitarian ceasefires."""

from __future__ import annotations

from game.engine import Game
from tests.politics.helpers import QUIET, hex_text, hx, kinds, scenario

UNITS = [
    ("az.mech1", "mech", "azerbaijan", 12, 9), ("az.art1", "art", "azerbaijan", 15, 10),
    ("am.rifle1", "rifle", "armenia", 9, 9), ("am.art1", "art", "armenia", 6, 10),
]


def truce(**cf: object) -> Game:
    proposals = [{"id": "hc1", "mediator": "russia", "date": "2020-09-27", "effective": "12:00", "src": ["wp_hadrut_battle"]}]
    return Game(scenario({**QUIET, "proposals": proposals, **cf}, units=UNITS), 5)


def test_both_accept_and_none_violates_so_it_holds() -> None:
    g = truce()
    assert [p["id"] for p in g.view(0).proposals] == ["hc1"]
    g.resolve_turn(["CF hc1 ACCEPT"], ["CF hc1 ACCEPT"])
    for _ in range(4):
        g.resolve_turn([], [])
    rec = g.record()["ceasefires"][0]
    assert rec["accepted"] and rec["effective"] == "2020-09-27 12:00" and rec["proposed_by"] == "russia"
    assert rec["broke"] is None and rec["violations"] == {"azerbaijan": 0, "armenia": 0}
    assert g.state.ceasefire_active == "hc1"
    assert rec["exchange"] is not None and g.record()["exchanges"][0]["proposal"] == "hc1"


def test_no_answer_is_a_refusal() -> None:
    g = truce()
    g.resolve_turn(["CF hc1 ACCEPT"], [])
    rec = g.record()["ceasefires"][0]
    assert not rec["accepted"] and rec["answers"] == {"azerbaijan": "ACCEPT", "armenia": "REFUSE"}
    assert g.state.ceasefire_active is None
    assert g.view(1).proposals == ()


def test_a_forced_violation_breaks_it() -> None:
    g = truce(break_after=2, pressure_per_violation=3.0)
    g.resolve_turn(["CF hc1 ACCEPT"], ["CF hc1 ACCEPT"])
    before = g.state.sides[0].pressure
    g.resolve_turn([f"AT az.mech1 {hex_text(g, hx(11, 9))}", f"FR az.art1 {hex_text(g, hx(9, 9))}"], [])
    rec = g.record()["ceasefires"][0]
    assert rec["violations"]["azerbaijan"] == 2 and rec["violations"]["armenia"] == 0
    assert rec["broke"] == "2020-09-28" and rec["broken_by"] == "azerbaijan"
    assert g.state.ceasefire_active is None
    assert g.state.sides[0].pressure >= before + 6.0
    assert any(e.kind == "pressure" and "violation" in e.text for e in g.state.events)


def test_local_violations_come_by_chance_and_are_deterministic() -> None:
    def run(seed: int) -> list[dict]:  # type: ignore[type-arg]
        proposals = [{"id": "hc1", "mediator": "russia", "date": "2020-09-27"}]
        g = Game(scenario({"violation_chance": 0.5, "break_after": 50, "proposals": proposals}, units=UNITS), seed)
        g.resolve_turn(["CF hc1 ACCEPT"], ["CF hc1 ACCEPT"])
        for _ in range(5):
            g.resolve_turn([], [])
        return g.record()["ceasefires"]

    a, b = run(3), run(3)
    assert a == b
    assert sum(a[0]["violations"].values()) + sum(a[0]["violations_undetected"].values()) > 0


def test_discipline_lowers_the_chance() -> None:
    from game.rules.ceasefire import local_violation_chance

    g = truce(violation_chance=0.05, discipline={"armenia": 2.0})
    assert local_violation_chance(g.state, 1) < local_violation_chance(g.state, 0)


def test_lapses_after_its_duration() -> None:
    proposals = [{"id": "hc9", "mediator": "minsk", "date": "2020-09-27", "duration_days": 2}]
    g = Game(scenario({**QUIET, "proposals": proposals}, units=UNITS), 1)
    g.resolve_turn(["CF hc9 ACCEPT"], ["CF hc9 ACCEPT"])
    g.resolve_turn([], [])
    assert g.state.ceasefire_active is None and g.record()["ceasefires"][0]["lapsed"] == "2020-09-28"
    assert kinds(g, "ceasefire_lapsed")


def test_prisoner_exchange_keeps_losses() -> None:
    g = truce()
    g.state.sides[1].losses["personnel_captured"] = 40
    g.state.sides[1].losses["personnel_killed"] = 100
    g.resolve_turn(["CF hc1 ACCEPT"], ["CF hc1 ACCEPT"])
    r = g.record()
    assert r["exchanges"][0]["prisoners"]["armenia"] == 20 and r["exchanges"][0]["bodies"]["armenia"] == 10
    assert r["prisoners_exchanged"]["armenia"] == {"prisoners": 20, "bodies": 10}
    assert r["losses"]["armenia"]["personnel_captured"] == 40
