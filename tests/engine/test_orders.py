import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.hexmap.hexgrid import Hex
from game.orders import (
    AIR_MISSIONS,
    Order,
    OrderSyntaxError,
    format_orders,
    parse_order,
    parse_orders,
)

ids = st.from_regex(r"[A-Za-z0-9_.\-]{1,20}", fullmatch=True)
hexes = st.builds(Hex, st.integers(-200, 200), st.integers(-200, 200))
orders = st.one_of(
    st.builds(Order.move, ids, hexes),
    st.builds(Order.attack, ids, hexes),
    st.builds(lambda u, h: Order.fire(u, target=h), ids, hexes),
    st.builds(lambda u, c: Order.fire(u, city=c), ids, ids),
    st.builds(Order.air, ids, st.integers(1, 99), st.sampled_from(AIR_MISSIONS), hexes),
    st.builds(Order.posture, ids, st.sampled_from(["MOBILE", "DEFEND"])),
    st.builds(Order.emit, ids, st.booleans()),
    st.builds(Order.ceasefire, ids, st.booleans()),
)


@given(orders)
def test_every_order_round_trips_through_its_notation(o: Order) -> None:
    assert parse_order(str(o)) == o


@given(st.lists(orders, max_size=20))
def test_order_lists_round_trip(os: list[Order]) -> None:
    assert parse_orders(format_orders(os)) == os


def test_examples() -> None:
    assert str(Order.air("TB2", 4, "STRIKE", Hex(44, 10))) == "AIR TB2x4 STRIKE 44,10"
    assert parse_order("mv az.1ac.mech1 41,12") == Order.move("az.1ac.mech1", Hex(41, 12))
    assert parse_order("FR am.msl.scud @ganja").city == "ganja"


@pytest.mark.parametrize("text,fragment", [
    ("", "empty"),
    ("JUMP x 1,2", "unknown order"),
    ("MV x", "expected MV <unit> <q,r>"),
    ("AIR TB2x0 STRIKE 1,2", "at least one sortie"),
    ("AIR TB2x2 BOMB 1,2", "unknown air mission"),
    ("PO x SLEEP", "unknown posture"),
])
def test_bad_orders_say_what_is_expected(text: str, fragment: str) -> None:
    with pytest.raises(OrderSyntaxError, match=fragment):
        parse_order(text)
