"""Loading, merging and resolving scenarios against the fixture content and synthetic map."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from scenario_fixtures import FIXTURES

from game.hexmap.hexgrid import Hex
from game.hexmap.theatre import TheatreMap
from game.scenario.errors import MAX_PROBLEMS, ScenarioError
from game.scenario.loader import list_scenarios, load_content, load_scenario, parse_set


def test_base_scenario_resolves_units(theatre: TheatreMap) -> None:
    ls = load_scenario("base", theatre=theatre, root=FIXTURES)
    assert [u.spec.id for u in ls.units["azerbaijan"]] == ["az_1mech", "az_2mech", "az_arty", "az_sam"]
    assert list(ls.units) == ["azerbaijan", "armenia"]
    first = ls.units["azerbaijan"][0]
    assert theatre.hex_at(first.hex_index) == Hex(10, 3)
    assert (first.personnel, first.training, first.equipment) == (450, 1.0, {"T-72B": 10, "BMP-2": 30})
    second = ls.units["azerbaijan"][1]
    assert second.hex_index == theatre.find_town("Barda").hex_index  # type: ignore[union-attr]
    assert second.personnel == 500  # the orbat's override
    assert ls.units["azerbaijan"][2].equipment == {"D-30": 12, "BM-21": 6}  # replaced, not merged
    shushi = ls.units["armenia"][1]
    assert shushi.hex_index == theatre.find_town("Shusha").hex_index  # type: ignore[union-attr]
    assert shushi.training == 0.9


def test_reinforcements_sorted_by_turn_then_side(theatre: TheatreMap) -> None:
    ls = load_scenario("base", theatre=theatre, root=FIXTURES)
    got = [(r.turn, r.side, [u.spec.id for u in r.units]) for r in ls.reinforcements]
    assert got == [
        (2, "azerbaijan", ["az_4rifle"]),
        (2, "armenia", ["arm_volunteers"]),
        (9, "azerbaijan", ["az_3mech"]),
    ]
    assert ls.date_of_turn(1) == dt.date(2020, 9, 27)
    assert ls.date_of_turn(9) == dt.date(2020, 10, 5)
    assert ls.last_date == dt.date(2020, 10, 10)


def test_supply_sources(theatre: TheatreMap) -> None:
    ls = load_scenario("base", theatre=theatre, root=FIXTURES)
    assert ls.supply_sources == {
        "azerbaijan": [theatre.find_town("Barda").hex_index],  # type: ignore[union-attr]
        "armenia": [theatre.index(Hex(1, 3))],
    }


def test_extends_merges_mappings_and_replaces_lists(theatre: TheatreMap) -> None:
    ls = load_scenario("counterfactual", theatre=theatre, root=FIXTURES)
    doc = ls.document
    assert doc["sides"]["azerbaijan"]["air"] == {"TB2": 12, "Harop": 0, "Su-25": 4}
    assert doc["sides"]["azerbaijan"]["orbat"] == "orbats/azerbaijan.yaml"  # inherited
    assert doc["parameters"] == {"air": {"ew_effect": 0.5}}
    assert doc["key_towns"] == ["Shusha", "Fuzuli"]
    assert doc["start_date"] == "2020-09-27"  # plain JSON data
    assert [u.spec.id for u in ls.units["azerbaijan"]] == ["az_1mech", "az_2mech", "az_arty"]
    assert [u.spec.id for u in ls.units["armenia"]][-1] == "arm_reserve"
    assert ls.scenario.extends == "base"
    json.dumps(doc)


def test_null_in_child_removes_key(theatre: TheatreMap, tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "child.yaml").write_text("id: child\nextends: base\nkey_towns: null\nweather: {low_cloud: null}\n")
    ls = load_scenario("child", theatre=theatre, root=root)
    assert ls.scenario.key_towns == []
    assert ls.document["weather"] == {}


def test_extends_by_relative_path(theatre: TheatreMap, tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "variants").mkdir()
    (root / "variants" / "short.yaml").write_text("id: short\nextends: ../base.yaml\nend_date: 2020-10-06\nmax_turns: 10\n")
    ls = load_scenario(root / "variants" / "short.yaml", theatre=theatre, root=root)
    assert ls.scenario.max_turns == 10
    assert [r.turn for r in ls.reinforcements] == [2, 2, 9]


def test_error_points_at_the_file_that_set_the_value(theatre: TheatreMap, tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "child.yaml").write_text("id: child\nextends: base\nmax_turns: 20\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario("child", theatre=theatre, root=root)
    (problem,) = err.value.problems
    assert str(problem) == (
        "scenarios/child.yaml:3: max_turns: end_date 2020-10-10 makes 14 days from start_date 2020-09-27, "
        "but max_turns is 20 (one turn is one day: set end_date to 2020-10-16 or max_turns to 14)"
    )


def test_overrides(theatre: TheatreMap) -> None:
    ls = load_scenario(
        "base",
        theatre=theatre,
        root=FIXTURES,
        overrides={
            "sides.azerbaijan.air.TB2": 0,
            "sides.armenia.air.Harop": 3,  # a new key in a free mapping
            "weather.low_cloud.highland": {11: 0.3},
            ("parameters", "air", "ew_loss"): 0.1,
            "sides.armenia.remove_units": ["arm_arty"],
        },
    )
    assert ls.scenario.sides["azerbaijan"].air["TB2"] == 0
    assert ls.scenario.sides["armenia"].air == {"Su-25": 2, "Harop": 3}
    assert ls.document["weather"]["low_cloud"]["highland"] == {"11": 0.3}
    assert ls.scenario.parameters["air"] == {"ew_effect": 0.35, "ew_loss": 0.1}
    assert [u.spec.id for u in ls.units["armenia"]] == ["arm_1rifle", "arm_2rifle"]


def test_override_error_names_the_override(theatre: TheatreMap) -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario("base", theatre=theatre, root=FIXTURES, overrides={"max_turns": 0})
    assert str(err.value) == "<overrides>: max_turns: must be at least 1, got 0"


def test_overrides_do_not_touch_the_input(theatre: TheatreMap) -> None:
    first = load_scenario("base", theatre=theatre, root=FIXTURES, overrides={"sides.azerbaijan.air.TB2": 1})
    again = load_scenario("base", theatre=theatre, root=FIXTURES)
    assert first.scenario.sides["azerbaijan"].air["TB2"] == 1
    assert again.scenario.sides["azerbaijan"].air["TB2"] == 12


def test_deterministic(theatre: TheatreMap) -> None:
    a = load_scenario("counterfactual", theatre=theatre, root=FIXTURES)
    b = load_scenario("counterfactual", theatre=theatre, root=FIXTURES)
    assert a.document == b.document
    assert json.dumps(a.document) == json.dumps(b.document)
    assert a.units == b.units
    assert a.reinforcements == b.reinforcements
    assert a.supply_sources == b.supply_sources
    assert a.scenario == b.scenario


def test_unknown_scenario_id_suggests_one(theatre: TheatreMap) -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario("bsae", theatre=theatre, root=FIXTURES)
    assert str(err.value) == "fixtures/bsae.yaml: no scenario 'bsae' (did you mean 'base'?)"


def test_missing_map_tells_how_to_build_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import game.hexmap.theatre as theatre_module

    monkeypatch.setattr(theatre_module, "ASSET_DIR", tmp_path)
    with pytest.raises(ScenarioError) as err:
        load_scenario("base", root=FIXTURES)
    assert str(err.value) == (
        "fixtures/base.yaml:1: map: the map 'theatre' has not been built "
        "(assets/map/theatre.npz is missing) (run `make map`)"
    )


def test_problems_are_capped(theatre: TheatreMap, tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    units = "".join(
        f"      - {{id: x{i}, name: X, type: nope, at: {{hex: '4,12'}}}}\n" for i in range(60)
    )
    (root / "many.yaml").write_text(f"id: many\nextends: base\nsides:\n  armenia:\n    add_units:\n{units}")
    with pytest.raises(ScenarioError) as err:
        load_scenario("many", theatre=theatre, root=root)
    lines = str(err.value).splitlines()
    assert len(err.value.problems) == 60
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1] == "... and 10 more problems"


def test_load_content() -> None:
    lib = load_content(FIXTURES)
    assert list(lib.equipment) == ["T-72B", "BMP-2", "D-30", "BM-21", "Osa"]
    assert list(lib.air_types) == ["TB2", "Harop", "Su-25"]
    assert lib.unit_types["rifle_bn"].training == 0.9
    assert lib.where[("equipment", "Osa")] == "fixtures/units/ground.yaml:24"


def test_sources_check_is_skipped_without_sources_file(theatre: TheatreMap, tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "sources.yaml").unlink()
    (root / "child.yaml").write_text("id: child\nextends: base\nsrc: [anything_goes]\n")
    assert load_scenario("child", theatre=theatre, root=root).scenario.src == ["anything_goes"]


def test_list_scenarios(tmp_path: Path) -> None:
    assert list_scenarios(FIXTURES) == [
        ("base", "Fixture war", "A small test scenario on the synthetic map."),
        ("counterfactual", "Fixture war without Harop", "The fixture war with no loitering munitions and an extra Armenian battalion."),
    ]
    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "broken.yaml").write_text("id: broken\nextends: nothing\n")
    assert [s[0] for s in list_scenarios(root)] == ["base", "counterfactual"]


def test_error_in_inherited_value_points_at_the_parent(theatre: TheatreMap, tmp_path: Path) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(FIXTURES, root)
    (root / "base.yaml").write_text((root / "base.yaml").read_text().replace("air: {Su-25: 2}", "air: {Su-26: 2}"))
    (root / "child.yaml").write_text("id: child\nextends: base\nname: Child\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario("child", theatre=theatre, root=root)
    assert str(err.value) == "scenarios/base.yaml:21: sides.armenia.air.Su-26: unknown air type 'Su-26' (did you mean 'Su-25'?)"


def test_parse_set_reads_values_as_yaml(theatre: TheatreMap) -> None:
    overrides = parse_set(["sides.azerbaijan.air.TB2=0", "key_towns=[Shusha]", "name = Renamed"])
    assert overrides == {"sides.azerbaijan.air.TB2": 0, "key_towns": ["Shusha"], "name": "Renamed"}
    ls = load_scenario("base", theatre=theatre, root=FIXTURES, overrides=overrides)
    assert (ls.scenario.name, ls.scenario.key_towns) == ("Renamed", ["Shusha"])


def test_parse_set_refuses_malformed_items() -> None:
    with pytest.raises(ScenarioError) as err:
        parse_set(["no_equals_sign", "x=[1,"])
    assert str(err.value).splitlines()[0] == "<overrides>: 'no_equals_sign' is not PATH=VALUE"
