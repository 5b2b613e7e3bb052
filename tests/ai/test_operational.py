"""The operational player: deterministic, legal, confined to its view, answers ceasefires, plays every doctrine."""

from __future__ import annotations

import dataclasses

import pytest

from game.ai.base import DEFAULT_AGENT, REGISTRY, agent_class
from game.ai.doctrine import doctrine, names
from game.ai.operational import OperationalAgent
from game.engine import Game
from game.record import dumps
from game.run import briefing, make_agents, play_game
from tests.ai.scenarios import big_scenario
from tests.engine.synthetic import make_scenario


def test_registered_as_the_default() -> None:
    assert DEFAULT_AGENT == "operational"
    assert agent_class("operational") is OperationalAgent
    assert "operational" in REGISTRY


def test_same_seed_same_orders_and_same_game() -> None:
    g = Game(big_scenario(), 5)
    a = OperationalAgent(briefing(g, 0), 99)
    b = OperationalAgent(briefing(g, 0), 99)
    for _ in range(4):
        v0, v1 = g.view(0), g.view(1)
        oa, ob = a.orders(v0), b.orders(v0)
        assert [str(o) for o in oa] == [str(o) for o in ob]
        g.resolve_turn(oa, [])
        _ = v1
    r1 = play_game(big_scenario(), 11, ("operational", "operational")).record()
    r2 = play_game(big_scenario(), 11, ("operational", "operational")).record()
    assert dumps(r1) == dumps(r2)


@pytest.mark.parametrize("opponent", ["operational", "greedy", "random"])
def test_orders_are_legal(opponent: str) -> None:
    """Fewer than 2 % of the player's orders are refused by the engine over whole games, from either side."""
    for side in (0, 1):
        given = refused = 0
        for seed in range(3):
            ai = ("operational", opponent) if side == 0 else (opponent, "operational")
            g = Game(big_scenario(), seed)
            agents = make_agents(g, ai)
            while not g.is_over():
                orders = [agents[s].orders(g.view(s)) for s in (0, 1)]
                _, bad = g.filter_orders(side, orders[side])
                given += len(orders[side])
                refused += len(bad)
                g.resolve_turn(orders[0], orders[1])
        assert given > 0
        assert refused <= 0.02 * given, (side, refused, given)


def test_works_blind_and_never_targets_what_it_cannot_see() -> None:
    """With every contact removed from its view it still plans, and fires and strikes at nothing hidden."""
    g = Game(big_scenario(), 2)
    agents = make_agents(g, ("operational", "operational"))
    for _ in range(5):
        g.resolve_turn(agents[0].orders(g.view(0)), agents[1].orders(g.view(1)))
    for side in (0, 1):
        blind = dataclasses.replace(g.view(side), contacts=())
        orders = OperationalAgent(briefing(g, side), 1).orders(blind)
        assert orders
        enemy_hexes = {u.hex for u in g.state.alive_units(1 - side)}
        m = g.state.theatre
        for o in orders:
            if o.kind == "FR" and o.target is not None:
                pytest.fail(f"fire without a contact: {o}")
            if o.kind == "AIR" and o.mission in ("STRIKE", "DECOY"):
                assert o.mission != "DECOY"
            if o.kind == "AT":
                h = m.index(o.target)
                assert h not in enemy_hexes or g.state.control[h] != side


def test_view_is_all_it_gets() -> None:
    """The player is built from the briefing and plays from views: it holds no reference to the game."""
    g = Game(big_scenario(), 4)
    a = OperationalAgent(briefing(g, 1), 3)
    a.orders(g.view(1))
    for value in vars(a).values():
        assert not isinstance(value, Game)
        assert value is not g.state


def test_answers_ceasefire_proposals() -> None:
    sc = make_scenario(ceasefire={"proposals": [{"id": "hc1", "mediator": "ICRC", "date": "2020-09-28"}]})
    g = Game(sc, 1)
    agents = make_agents(g, ("operational", "operational"))
    g.resolve_turn(agents[0].orders(g.view(0)), agents[1].orders(g.view(1)))
    for s in (0, 1):
        v = g.view(s)
        assert v.proposals
        answers = [o for o in agents[s].orders(v) if o.kind == "CF"]
        assert [o.proposal for o in answers] == ["hc1"]
    # the defender (static defence accepts under any pressure) says yes; the attacker, gaining ground, may refuse
    assert any(o.mission == "ACCEPT" for o in agents[1].orders(g.view(1)) if o.kind == "CF")


@pytest.mark.parametrize("profile", sorted(names()))
def test_every_doctrine_plays(profile: str) -> None:
    doc = doctrine(profile)
    for key in doctrine("default"):
        assert key in doc
    play_game(big_scenario(max_turns=6, doctrines=(profile, profile)), 1, ("operational", "operational"))


class HoldEverything:
    """A minimal plug-in player: every unit digs in where it stands."""

    name = "hold"

    def __init__(self, briefing: object, seed: int) -> None:
        self.seed = seed

    def orders(self, view):  # type: ignore[no-untyped-def]
        from game.orders import Order

        return [Order.posture(u.id, "DEFEND") for u in view.units]


def test_plug_in_player_by_module_and_class_name() -> None:
    cls = agent_class("tests.ai.test_operational:HoldEverything")
    assert cls is HoldEverything
    g = play_game(big_scenario(max_turns=5), 1, ("tests.ai.test_operational:HoldEverything", "operational"))
    assert g.is_over()
    assert g.players["azerbaijan"] == "tests.ai.test_operational:HoldEverything"  # type: ignore[attr-defined]


def test_orders_are_legal_in_the_historical_war() -> None:
    """A whole historical game, ceasefires and the final agreement included: (almost) nothing refused."""
    loader = pytest.importorskip("game.scenario.loader")
    try:
        sc = loader.load_scenario("historical_2020")
    except Exception as e:  # noqa: BLE001 - the map and scenario ship separately
        pytest.skip(f"historical scenario not available: {e}")
    g = play_game(sc, 4, ("operational", "operational"))
    refused = sum(1 for e in g.state.events if e.kind == "order_refused")
    given = sum(len(h[s]) for h in g.history for s in h)
    assert refused <= 0.02 * (given + refused), (refused, given)


def test_defender_goes_over_to_the_offensive_against_a_spent_enemy() -> None:
    """A defensive doctrine with ``counteroffensive_ratio`` attacks once its strength is that many times
    all it knows of the enemy's; before ``counteroffensive_after``, or with the ratio unmet, it defends."""
    g = Game(big_scenario(), 3)
    a = OperationalAgent(briefing(g, 1), 7)
    base = dict(a._base_doc, offensive=False, counteroffensive_ratio=2.0, counteroffensive_after=3)
    a._base_doc = base
    az = OperationalAgent(briefing(g, 0), 8)
    while not g.view(1).contacts:
        g.resolve_turn(az.orders(g.view(0)), [])
    v = g.view(1)
    # six mechanised battalions against five rifle battalions: the ratio is not met
    assert a._posture_doctrine(dataclasses.replace(v, turn=5), {}) is base
    # the enemy's battalions are gone from what we know: attack, but not before day 3
    spent = dataclasses.replace(v, turn=5, contacts=[])
    assert a._posture_doctrine(spent, {})["offensive"] is True
    assert a._posture_doctrine(dataclasses.replace(spent, turn=2), {}) is base
    # a doctrine without the key never changes
    a._base_doc = dict(base, counteroffensive_ratio=0.0)
    assert a._posture_doctrine(spent, {}) is a._base_doc


def test_cut_off_battalions_assault_the_ring_at_breakout_odds() -> None:
    """With assault thresholds out of reach nothing is attacked; cut off, the same battalions assault
    the enemy hexes next to them at ``breakout_odds``."""
    g = Game(big_scenario(), 3)
    mover = OperationalAgent(briefing(g, 0), 8)
    for _ in range(12):
        v = g.view(0)
        near = {int(n) for u in v.units for n in g.state.theatre.neighbours[u.hex] if n >= 0}
        if any(c.current and c.hex in near for c in v.contacts):
            break
        g.resolve_turn(mover.orders(v), [])
    else:
        pytest.fail("no contact on the synthetic front")
    timid = {"op_attack_odds": 1e9, "crush_odds": 1e9, "key_town_odds_factor": 1.0, "breakout_odds": 0.01}
    a = OperationalAgent(briefing(g, 0), 7)
    a._base_doc = a.doc = dict(a.doc, **timid)
    assert not [o for o in a.orders(v) if o.kind == "AT"]
    b = OperationalAgent(briefing(g, 0), 7)
    b._base_doc = b.doc = dict(b.doc, **timid)
    cut = dataclasses.replace(v, units=[dataclasses.replace(u, supply=0.0) for u in v.units])
    assert [o for o in b.orders(cut) if o.kind == "AT"]


def test_emission_discipline_keeps_the_drone_hunters_emitting() -> None:
    """Under the layered doctrine the search radars emit on alternate days, while the batteries built to
    track small drones (Tor-M2KM) emit every day: a silent point defence shoots nothing down."""
    from game.scenario.loader import load_scenario

    g = Game(load_scenario("armenian_layered_air_defence"), 3)
    agent = make_agents(g, ("operational", "operational"))[1]
    lib = g.scenario.library.equipment
    ad = [u for u in g.state.units.values() if u.side == 1 and u.role == "air_defence"]
    tors = [u for u in ad if u.equipment.get("tor_m2km", 0) > 0]
    others = [u for u in ad if not any(n > 0 and e in lib and lib[e].air_defence is not None
                                       and lib[e].air_defence.detects_small >= 0.4 for e, n in u.equipment.items())]
    assert len(tors) >= 4 and others
    seen: dict[str, set[bool]] = {u.id: set() for u in ad}
    for _ in range(3):
        g.resolve_turn([], agent.orders(g.view(1)))
        for u in ad:
            if u.alive:
                seen[u.id].add(u.emitting)
    assert all(seen[u.id] == {True} for u in tors if u.alive)
    assert any(seen[u.id] == {True, False} for u in others)


def test_manned_aircraft_are_flown_more_carefully_after_losses() -> None:
    """Each day a manned type loses airframes its share of sorties shrinks; days without loss restore it."""
    from types import SimpleNamespace

    from game.scenario.loader import load_scenario

    g = Game(load_scenario("historical_2020"), 1)
    agent = OperationalAgent(briefing(g, 0), 7)
    down, up = agent.doc["manned_loss_caution"], agent.doc["manned_caution_recovery"]
    assert 0 < down < 1 and up > 0
    day = [{"su25_az": 12, "TB2": 12}, {"su25_az": 11, "TB2": 10}, {"su25_az": 9, "TB2": 10}, {"su25_az": 9, "TB2": 10}]
    seen = []
    for air in day:
        agent._learn_manned_losses(SimpleNamespace(air=air))  # type: ignore[arg-type]
        seen.append(agent._manned_caution["su25_az"])
    assert seen[0] == 1.0
    assert seen[1] == pytest.approx(down) and seen[2] == pytest.approx(down * down)
    assert seen[3] == pytest.approx(down * down + up)
    assert "TB2" not in agent._manned_caution  # unmanned types are not rationed this way


def test_front_line_towns_are_garrisoned_and_a_garrison_does_not_go_hunting() -> None:
    """A key town within four hexes of enemy ground draws a battalion from up to ``garrison_reach`` away
    before any threat is seen; a battalion in a key town stays there when raiders are loose in the rear,
    and the nearest battalion outside the towns goes after them."""
    from tests.engine.synthetic import NCOLS

    def at(col: int, row: int) -> int:
        return row * NCOLS + col

    g = Game(make_scenario(units=[("am.r", "rifle", "armenia", 5, 10), ("az.m", "mech", "azerbaijan", 21, 2)]), 3)
    a = OperationalAgent(briefing(g, 1), 7)
    v = g.view(1)
    a.orders(v)  # today's fields: threat, enemy, counts
    assert not v.contacts and a.threat.max() == 0
    midtown = at(10, 10)  # two hexes from Azerbaijani ground; the battalion is five hexes off
    assert a._garrisons(v, list(v.units)) == {"am.r": midtown}

    g = Game(make_scenario(units=[("am.g", "rifle", "armenia", 10, 10), ("am.r", "rifle", "armenia", 3, 16),
                                  ("az.raid", "rifle", "azerbaijan", 8, 7), ("az.m", "mech", "azerbaijan", 21, 2)]), 3)
    a = OperationalAgent(briefing(g, 1), 7)
    v = g.view(1)
    a.orders(v)
    a.enemy = a.enemy.copy()
    a.enemy[at(8, 7)] = True  # a raider seen in our rear, nearer the town's garrison than anyone else
    assert a._rear_security(v, list(v.units)) == {"am.r": at(8, 7)}


def test_under_the_final_agreement_only_cut_off_battalions_move() -> None:
    """Under the war-ending agreement the player attacks, fires and flies nothing; battalions cut off
    make for home over ground it holds, and the rest stay where they are."""
    g = Game(big_scenario(), 3)
    v = dataclasses.replace(g.view(1), ceasefire={"id": "final", "kind": "final"})
    calm = OperationalAgent(briefing(g, 1), 7).orders(v)
    assert not [o for o in calm if o.kind in ("MV", "AT", "FR", "AIR", "PO")]
    stranded = v.units[0].id
    cut = dataclasses.replace(v, units=[dataclasses.replace(u, supply=0.0 if u.id == stranded else u.supply) for u in v.units])
    orders = OperationalAgent(briefing(g, 1), 7).orders(cut)
    assert {o.unit for o in orders if o.kind in ("MV", "AT", "FR", "AIR", "PO")} <= {stranded}
    m = g.state.theatre
    assert all(int(cut.control[m.index(o.target)]) == 1 for o in orders if o.kind == "MV")


@pytest.mark.parametrize("rough", [False, True])
def test_assault_groups_lead_with_the_strongest_on_the_ground_attacked(rough: bool) -> None:
    """On open ground the tank battalion goes in first; in mountains, where armour counts half, the
    larger infantry battalion does (as the engine's frontage picks the battalions that fight)."""
    from game.hexmap.theatre import Terrain
    from tests.engine.synthetic import NCOLS

    target = 10 * NCOLS + 11
    sc = make_scenario(units=[("am.r", "rifle", "armenia", 11, 10)])
    m = sc.theatre
    near = sorted((int(n) for n in m.neighbours[target] if n >= 0 and n % NCOLS >= 11), key=lambda n: -(n % NCOLS))[:2]
    assert len(near) == 2
    (tc, tr), (ic, ir) = [(h % NCOLS, h // NCOLS) for h in near]
    sc = make_scenario(units=[("az.tanks", "mech", "azerbaijan", tc, tr), ("az.inf", "rifle", "azerbaijan", ic, ir),
                              ("am.r", "rifle", "armenia", 11, 10)])
    sc.units["azerbaijan"] = [dataclasses.replace(p, personnel=1500) if p.spec.id == "az.inf" else p for p in sc.units["azerbaijan"]]
    if rough:
        sc.theatre.terrain[target] = Terrain.MOUNTAINS
    g = Game(sc, 1)
    a = OperationalAgent(briefing(g, 0), 1)
    a._base_doc = a.doc = dict(a.doc, op_attack_odds=0.01, crush_odds=0.01, odds_margin=1.0)
    attacks = [o.unit for o in a.orders(g.view(0)) if o.kind == "AT"]
    assert attacks == (["az.inf"] if rough else ["az.tanks"])


def test_an_assault_is_weighed_against_the_reserves_next_to_the_hex() -> None:
    """Enemy battalions seen beside the target count in its defence at ``reserve_weight`` (they can move in
    before the assault): with a reserve next door the same group is short of the odds it reached alone."""
    from tests.engine.synthetic import NCOLS

    target = 10 * NCOLS + 11
    sc = make_scenario(units=[("am.r", "rifle", "armenia", 11, 10), ("am.res", "mech", "armenia", 10, 10),
                              ("az.m", "mech", "azerbaijan", 12, 10)])
    g = Game(sc, 1)
    a = OperationalAgent(briefing(g, 0), 1)
    v = g.view(0)
    by_hex: dict[int, list] = {}
    for c in v.contacts:
        by_hex.setdefault(c.hex, []).append(c)
    own = [u for u in v.units if u.id == "az.m"]
    if 10 * NCOLS + 10 not in by_hex:
        # the reserve must be seen for it to count: place the contact as the side would know it
        real = g.state.units["am.res"]
        c0 = by_hex[target][0]
        by_hex[10 * NCOLS + 10] = [dataclasses.replace(c0, id=real.id, hex=real.hex, personnel=real.personnel, equipment=dict(real.equipment))]
    reserves = a._local_reserves(target, by_hex[target], by_hex)
    assert [c.id for c in reserves] == ["am.res"]
    alone = a._odds(own, by_hex[target], target)
    a.doc = dict(a.doc, reserve_weight=0.5)
    weighed = a._odds(own, by_hex[target], target, reserves)
    assert weighed < alone
    a.doc = dict(a.doc, reserve_weight=0.0)
    assert a._odds(own, by_hex[target], target, reserves) == alone


def test_a_scenario_changes_doctrine_values_for_one_side() -> None:
    """``sides.<side>.doctrine_overrides`` (in a scenario file, or ``--set`` in a batch) reach that side's player only."""
    from game.scenario.loader import load_scenario

    sc = load_scenario("historical_2020", overrides={"sides.azerbaijan.doctrine_overrides.reserve_weight": 0.7})
    g = Game(sc, 1)
    az, am = make_agents(g, ("operational", "operational"))
    assert az.doc["reserve_weight"] == 0.7
    assert am.doc["reserve_weight"] == doctrine("static_defence")["reserve_weight"]
    assert az.doc["op_attack_odds"] == doctrine("drone_led_offensive")["op_attack_odds"]
