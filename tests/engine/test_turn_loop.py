from game.engine import Game
from game.record import dumps
from game.run import play_game
from tests.engine.synthetic import make_scenario


def test_game_plays_to_the_end_deterministically() -> None:
    sc = make_scenario()
    a = play_game(sc, 7, ("greedy", "greedy"))
    b = play_game(make_scenario(), 7, ("greedy", "greedy"))
    assert a.is_over() and a.record()["end_turn"] <= 10
    assert dumps(a.record()) == dumps(b.record())


def test_random_players_and_refused_orders() -> None:
    sc = make_scenario()
    g = Game(sc, 3)
    events = g.resolve_turn(["MV az.mech1 99,99", "MV am.rifle1 1,1", "XX"] , [])
    refused = [e for e in events if e.kind == "order_refused"]
    assert len(refused) >= 2
    assert any("not yours" in e.text for e in refused)
    play_game(make_scenario(), 11, ("random", "random"))
