"""Declarative triggers: once, in file order, combinations, actions, and refusal of bad triggers with their path."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from game.engine import Game
from game.rules.triggers import run_triggers
from game.scenario.politics import PoliticsBlocks, check_politics
from tests.politics.helpers import hx, kinds, scenario


def msg(text: str, when: dict, **kw: object) -> dict:  # type: ignore[type-arg]
    return {"when": when, "do": {"message": text}, **kw}


def messages(g: Game) -> list[tuple[int, str]]:
    return [(e.turn, e.text) for e in kinds(g, "message")]


def test_fire_once_in_file_order() -> None:
    trig = [msg("b", {"turn": 2}), msg("a", {"date": "2020-09-28"}), msg("c", {"turn": 1}), msg("r", {"turn": 3}, repeat=True)]
    g = Game(scenario(triggers=trig), 1)
    for _ in range(4):
        g.resolve_turn([], [])
    assert messages(g) == [(1, "c"), (2, "b"), (2, "a"), (3, "r"), (4, "r"), (5, "r")]
    assert [f["trigger"] for f in g.record()["triggers_fired"]] == [2, 0, 1, 3, 3, 3]


def test_all_any_not_and_captured() -> None:
    trig = [
        msg("all", {"all": [{"turn": 2}, {"pressure": {"armenia": ">= 0"}}]}),
        msg("any", {"any": [{"turn": 99}, {"captured": "midtown"}]}),
        msg("not", {"not": {"captured": "Midtown", "by": "azerbaijan"}}),
        msg("taken", {"captured": "midtown", "by": "azerbaijan", "turn": 3}),
        msg("losses", {"losses": {"armenia": {"tanks": ">= 5"}}}),
        msg("ground", {"territory_lost": {"armenia": ">= 1%"}}),
    ]
    g = Game(scenario(triggers=trig), 1)
    assert messages(g) == [(1, "not")]
    g.resolve_turn([], [])
    g.resolve_turn([], [])
    g.state.control[hx(10, 10)] = 0  # Azerbaijan holds Midtown
    g.state.sides[1].losses["tanks"] = 5
    run_triggers(g.state)  # the check made for the day about to be played (turn 3)
    texts = [t for _, t in messages(g)]
    assert texts == ["not", "all", "any", "taken", "losses"]


def test_actions_pressure_set_propose_reinforce() -> None:
    trig = [{"id": "t1", "when": {"turn": 2}, "do": {
        "pressure": {"azerbaijan": 10, "armenia": -5},
        "set": {"combat.attacker_rate": 0.01},
        "propose_ceasefire": {"id": "x1", "mediator": "minsk", "kind": "humanitarian"},
        "reinforce": {"side": "armenia", "units": [{"id": "am.new", "name": "New rifles", "type": "rifle", "at": {"town": "Westtown"}}]},
    }}]
    g = Game(scenario(triggers=trig), 1)
    g.resolve_turn([], [])
    st = g.state
    assert st.sides[0].pressure >= 10.0
    assert st.params["combat"]["attacker_rate"] == 0.01
    assert [p["id"] for p in g.view(0).proposals] == ["x1"]
    assert st.units["am.new"].side == 1 and st.units["am.new"].alive
    assert st.units["am.new"].hex == st.theatre.find_town("westtown").hex_index


@pytest.mark.parametrize("trigger,loc", [
    ({"when": {"dat": "2020-10-10"}, "do": {"message": "x"}}, ("triggers", 0, "when", "dat")),
    ({"when": {"turn": 1}, "do": {"mesage": "x"}}, ("triggers", 0, "do", "mesage")),
    ({"when": {"pressure": {"armenia": "about 70"}}, "do": {"message": "x"}}, ("triggers", 0, "when", "pressure")),
    ({"when": {"turn": 1}, "do": {"message": "x"}, "once": True}, ("triggers", 0, "once")),
])
def test_bad_triggers_are_refused_with_their_path(trigger: dict, loc: tuple) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError) as e:
        PoliticsBlocks.model_validate({"triggers": [trigger]})
    assert any(tuple(err["loc"])[: len(loc)] == loc for err in e.value.errors()), e.value.errors()


def test_unknown_references_are_refused_with_their_path() -> None:
    sc = scenario(triggers=[
        {"when": {"any": [{"turn": 1}, {"captured": "Shushi-town"}]}, "do": {"message": "x"}},
        {"when": {"turn": 1}, "do": {"set": {"combat.atacker_rate": 1}, "propose_ceasefire": {"id": "p", "mediator": "rusia"}}},
    ], victory={"towns": {"Midtwn": 3}})
    problems = check_politics(sc.scenario, sc.theatre)
    paths = {p[0]: (p[1], p[2]) for p in problems}
    assert paths[("triggers", 0, "when", "any", 1, "captured")][0] == "unknown town 'Shushi-town'"
    assert "attacker_rate" in (paths[("triggers", 1, "do", "set", "combat.atacker_rate")][1] or "")
    assert paths[("triggers", 1, "do", "propose_ceasefire", "mediator")][1] == "did you mean 'russia'?"
    assert (paths[("victory", "towns", "Midtwn")][1] or "").lower() == "did you mean 'midtown'?"


def test_a_clean_scenario_has_no_problems() -> None:
    sc = scenario({"proposals": [{"id": "hc1", "mediator": "russia", "date": "2020-10-10"}]},
                  triggers=[{"when": {"captured": "Midtown"}, "do": {"message": "x"}}])
    assert check_politics(sc.scenario, sc.theatre) == []


def test_plugged_into_scenario_errors_keep_their_path() -> None:
    """The way model.py takes the blocks in: typed fields of Scenario (see docs/diplomacy.md and the report)."""
    from pydantic import Field

    from game.scenario.model import Scenario
    from game.scenario.politics import CeasefireBlock, Trigger, VictoryBlock

    class Typed(Scenario):
        ceasefire: CeasefireBlock = Field(default_factory=CeasefireBlock)  # type: ignore[assignment]
        triggers: list[Trigger] = Field(default_factory=list)  # type: ignore[assignment]
        victory: VictoryBlock = Field(default_factory=VictoryBlock)  # type: ignore[assignment]

    base = scenario().scenario.model_dump(mode="json", exclude={"ceasefire", "triggers", "victory"})
    ok = Typed.model_validate({**base, "ceasefire": {"mediators": [{"id": "russia", "name": "Russia"}]},
                               "triggers": [{"when": {"not": {"turn": 3}}, "do": {"message": "x"}}]})
    assert isinstance(ok.ceasefire, CeasefireBlock) and ok.triggers[0].when.not_ is not None
    with pytest.raises(ValidationError) as e:
        Typed.model_validate({**base, "triggers": [{"when": {"all": [{"turn": 1}, {"captured": "x", "bye": "armenia"}]}, "do": {"message": "x"}}]})
    assert ("triggers", 0, "when", "all", 1, "bye") in [tuple(err["loc"]) for err in e.value.errors()]
    # the engine takes the typed blocks as they are
    sc = scenario()
    sc.scenario = ok
    g = Game(sc, 1)
    assert messages(g) == [(1, "x")]


def test_trigger_units_are_checked_like_orbat_units() -> None:
    sc = scenario(triggers=[{"when": {"turn": 2}, "do": {"reinforce": {"side": "armenia", "units": [
        {"id": "am.v1", "name": "V1", "type": "rifel", "at": {"town": "Westtown"}},
        {"id": "am.v2", "name": "V2", "type": "rifle", "at": {"town": "Nowhere"}},
        {"id": "am.v3", "name": "V3", "type": "rifle"},
    ]}}}])
    problems = {p[0]: p for p in check_politics(sc.scenario, sc.theatre, sc.library)}
    base = ("triggers", 0, "do", "reinforce", "units")
    assert problems[base + (0, "type")][2] == "did you mean 'rifle'?"
    assert problems[base + (1, "at", "town")][1] == "unknown town 'Nowhere'"
    assert base + (2, "at") in problems
