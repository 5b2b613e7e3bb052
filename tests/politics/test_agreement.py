"""The war-ending agreement: offered by the situation, frozen lines, the peacekeepers' zone, handovers on schedule, the end."""

from __future__ import annotations

import numpy as np

from game.ai.greedy import GreedyAgent
from game.engine import Game
from game.run import agent_seed, briefing
from tests.engine.synthetic import NCOLS
from tests.politics.helpers import QUIET, hex_text, hx, kinds, scenario, with_districts

BANDS = [("Kalbajar", 0, 2), ("Lachin", 3, 4), ("Aghdam", 5, 7)]


def agreement(**over: object) -> dict:  # type: ignore[type-arg]
    ag = {
        "mediator": "russia",
        "handovers": [
            {"district": "Agdam", "to": "azerbaijan", "date": "2020-09-30"},
            {"district": "Kelbajar", "to": "azerbaijan", "date": "2020-10-02"},
            {"district": "Lachin", "to": "azerbaijan", "date": "2020-10-03", "except_corridor": True},
        ],
        "peacekeepers": {"contributor": "russia", "personnel": 1960, "apcs": 90, "contact_line_km": 2.5,
                         "corridor": {"towns": ["Westtown", "Midtown"], "width_km": 5}},
        **over,
    }
    return ag


def game(seed: int = 1, max_turns: int = 3, **over: object) -> Game:
    sc = with_districts(scenario({**QUIET, "agreement": agreement(**over)}, max_turns=max_turns), BANDS)
    return Game(sc, seed)


def district_cols(a: int, b: int) -> np.ndarray:
    cols = np.arange(20 * NCOLS) % NCOLS
    return (cols >= a) & (cols <= b)


def test_offered_by_the_situation_then_lines_freeze_and_districts_change_hands_on_schedule() -> None:
    g = game(offer_when={"turn": 2})
    assert g.view(0).proposals == ()
    g.resolve_turn([], [])
    props = g.view(1).proposals
    assert [p["id"] for p in props] == ["agreement"] and props[0]["kind"] == "final"
    g.resolve_turn(["CF agreement ACCEPT"], ["CF agreement ACCEPT"])
    st = g.state
    assert st.flags["agreement"]["effective"] == "2020-09-28"
    assert st.max_turns == 7  # runs past max_turns (3) for the handover schedule
    before = st.control.copy()
    # turn 3: hostile orders and moves across the line are refused
    ev = g.resolve_turn([f"MV az.mech1 {hex_text(g, hx(11, 9))}", f"AT az.mech2 {hex_text(g, hx(13, 11))}",
                         f"FR az.art1 {hex_text(g, hx(11, 10))}"], [])
    reasons = [e.data["reason"] for e in ev if e.kind == "order_refused"]
    assert any("frozen" in r for r in reasons) and any("peacekeepers' zone" in r for r in reasons)
    assert len(reasons) == 3
    agdam = district_cols(5, 7)
    assert np.all(st.control[agdam] == 0)  # handed over for 30 Sep, the day about to be played
    assert np.array_equal(st.control[~agdam], before[~agdam])
    assert not any(agdam[u.hex] for u in st.alive_units(1))  # Armenian units withdrew
    assert kinds(g, "withdrawal")
    kalbajar = district_cols(0, 2)
    assert np.all(st.control[kalbajar] == 1)
    while not g.is_over():
        g.resolve_turn([], [])
    assert np.all(st.control[kalbajar] == 0)
    lachin = district_cols(3, 4)
    corridor = np.zeros(st.theatre.n, dtype=bool)
    corridor[st.flags["corridor"]] = True
    assert np.all(st.control[lachin & ~corridor] == 0) and np.all(st.control[lachin & corridor] == 1)
    r = g.record()
    assert r["end_reason"] == "ceasefire agreement" and r["end_date"] == "2020-10-03" and r["end_turn"] == 7
    done = [(h["district"], h["scheduled"], h["done"]) for h in r["agreement"]["terms"]["handovers"]]
    assert done == [("Agdam", "2020-09-30", "2020-09-30"), ("Kelbajar", "2020-10-02", "2020-10-02"), ("Lachin", "2020-10-03", "2020-10-03")]
    assert r["agreement"]["terms"]["peacekeepers"]["personnel"] == 1960
    assert r["agreement"]["terms"]["peacekeepers"]["zone_hexes"] > 0
    assert r["victory"]["end_reason"] == "ceasefire agreement"


def test_without_handovers_the_war_ends_the_day_it_is_signed() -> None:
    g = game(offer_when={"turn": 2}, handovers=[], peacekeepers=None)
    g.resolve_turn([], [])
    g.resolve_turn(["CF agreement ACCEPT"], ["CF agreement ACCEPT"])
    assert g.is_over() and g.record()["end_reason"] == "ceasefire agreement" and g.record()["end_date"] == "2020-09-28"


def test_a_refused_offer_is_made_again_later() -> None:
    g = game(offer_when={"turn": 2}, reoffer_days=2, max_turns=6)
    g.resolve_turn([], [])
    g.resolve_turn(["CF agreement ACCEPT"], ["CF agreement REFUSE"])
    assert g.view(0).proposals == ()
    g.resolve_turn([], [])
    assert [p["id"] for p in g.view(0).proposals] == ["agreement.2"]


def test_collapse_calls_for_the_offer_and_the_computer_players_answer_sensibly() -> None:
    g = game()
    for u in g.state.alive_units(1):
        if u.role == "manoeuvre":
            u.cohesion = 0.05
    g.resolve_turn([], [])
    props = g.view(0).proposals
    assert props and props[0]["kind"] == "final" and "armenia" in props[0]["collapse"]
    agents = [GreedyAgent(briefing(g, s), agent_seed(1, s)) for s in (0, 1)]
    answers = [agents[s].ceasefire_answers(g.view(s)) for s in (0, 1)]
    assert [str(a[0]) for a in answers] == ["CF agreement ACCEPT", "CF agreement ACCEPT"]
    # an advancing side that does not count the enemy's collapse as its gains secured, under low pressure, refuses
    agents[0].doc = {**agents[0].doc, "accept_agreement_when_enemy_collapses": False, "accept_agreement_pressure": 99}
    assert str(agents[0].ceasefire_answers(g.view(0))[0]) == "CF agreement REFUSE"
    # and accepts once pressure is high
    g.state.sides[0].pressure = 99.5
    assert str(agents[0].ceasefire_answers(g.view(0))[0]) == "CF agreement ACCEPT"


def test_whole_games_with_politics_are_deterministic() -> None:
    from game.record import dumps
    from game.run import play_game

    def run() -> str:
        cf = {"proposals": [{"id": "hc1", "mediator": "russia", "date": "2020-09-29"}],
              "agreement": {**agreement(), "collapse": {"towns": ["Midtown"]}}}
        sc = with_districts(scenario(cf, max_turns=8), BANDS)
        return dumps(play_game(sc, 4, ("greedy", "greedy")).record())

    assert run() == run()


def test_scheduled_truces_are_overtaken_by_the_agreement_and_prisoners_come_home() -> None:
    sc = with_districts(scenario({**QUIET, "agreement": agreement(offer_when={"turn": 2}),
                                  "proposals": [{"id": "hc1", "mediator": "minsk", "date": "2020-09-29"}]}, max_turns=3), BANDS)
    g = Game(sc, 1)
    g.state.sides[1].losses["personnel_captured"] = 10
    g.resolve_turn([], [])
    g.resolve_turn(["CF agreement ACCEPT"], ["CF agreement ACCEPT"])
    assert g.view(0).proposals == ()
    assert kinds(g, "proposal_overtaken")
    assert g.record()["agreement"]["exchange"]["prisoners"]["armenia"] == 5


def test_computer_players_hold_fire_under_an_accepted_truce() -> None:
    from tests.politics.test_ceasefire import truce

    g = truce()
    g.resolve_turn(["CF hc1 ACCEPT"], ["CF hc1 ACCEPT"])
    agents = [GreedyAgent(briefing(g, s), agent_seed(1, s)) for s in (0, 1)]
    for _ in range(3):
        orders = [agents[s].orders(g.view(s)) for s in (0, 1)]
        assert not any(o.kind in ("AT", "FR") or (o.kind == "AIR" and o.mission in ("STRIKE", "SEAD")) for side in orders for o in side)
        g.resolve_turn(orders[0], orders[1])
    assert g.record()["ceasefires"][0]["broke"] is None


def test_a_game_with_the_agreement_replays_from_its_record() -> None:
    from game.save import replay_orders

    g = game(offer_when={"turn": 2})
    g.resolve_turn([], [])
    g.resolve_turn(["CF agreement ACCEPT"], ["CF agreement ACCEPT"])
    while not g.is_over():
        g.resolve_turn([], [])
    r = g.record()
    again = replay_orders(with_districts(scenario({**QUIET, "agreement": agreement(offer_when={"turn": 2})}, max_turns=3), BANDS), 1, r["orders"])
    assert again.record()["digest"] == r["digest"] and again.record()["agreement"] == r["agreement"]
