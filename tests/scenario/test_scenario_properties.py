"""Random damage to a valid scenario ends in a loaded scenario or a ScenarioError, nothing else."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_fixtures import FIXTURES, build_theatre

from game.scenario.errors import ScenarioError
from game.scenario.loader import LoadedScenario, load_scenario

THEATRE = build_theatre()

SMALL: dict[str, Any] = {
    "id": "mutant",
    "name": "Mutant",
    "description": "A valid scenario that the test damages.",
    "start_date": dt.date(2020, 9, 27),
    "end_date": dt.date(2020, 10, 10),
    "max_turns": 14,
    "key_towns": ["Shusha"],
    "src": ["src_a"],
    "sides": {
        "azerbaijan": {
            "name": "Azerbaijan",
            "orbat": "orbats/azerbaijan.yaml",
            "air": {"TB2": 4},
            "supply_sources": [{"town": "Barda"}],
            "remove_units": ["az_sam"],
        },
        "armenia": {
            "name": "Armenia",
            "orbat": "orbats/armenia.yaml",
            "add_units": [{"id": "arm_x", "name": "X", "type": "rifle_bn", "at": {"hex": "4,12"}, "personnel": 300}],
            "supply_sources": [{"lat": 39.9, "lon": 46.55}],
        },
    },
}

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 500), st.floats(allow_nan=True), st.text(max_size=8),
    st.dates(dt.date(2020, 1, 1), dt.date(2021, 1, 1)), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from(["mech_bn", "Shusha", "4,12", "10,3", "az_1mech", "armenia", "base", "-4,18"]),
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, path + (i,))
    return out


def _mutate(data: Any, draw: st.DrawFn) -> Any:
    paths = _paths(data)
    path = draw(st.sampled_from(paths))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    op = draw(st.sampled_from(["delete", "duplicate", "retype", "rename"]))
    if op == "delete":
        del parent[key]
    elif op == "duplicate":
        if isinstance(parent, list):
            parent.append(parent[key])
        else:
            parent[f"{key}{draw(st.sampled_from(['', '_', 's']))}x"] = parent[key]
    elif op == "retype":
        parent[key] = draw(VALUES)
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(["nmae", "extends", "sides", "air", "at", "hex", "town", "lat"]))] = parent.pop(key)
    return data


@st.composite
def damaged(draw: st.DrawFn, original: Any = SMALL) -> str:
    data = yaml.safe_load(yaml.safe_dump(original))
    for _ in range(draw(st.integers(1, 3))):
        if _paths(data):
            data = _mutate(data, draw)
    text = yaml.safe_dump(data, sort_keys=False)
    if draw(st.booleans()):  # duplicate a whole line: duplicate keys, bad indentation...
        lines = text.splitlines()
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
        text = "\n".join(lines) + "\n"
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=damaged())
def test_damage_ends_in_scenario_or_scenario_error(text: str, tmp_path_factory: Any) -> None:
    folder: Path = tmp_path_factory.getbasetemp() / "mutants"
    folder.mkdir(exist_ok=True)
    path = folder / "mutant.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        result = load_scenario(path, theatre=THEATRE, root=FIXTURES)
    except ScenarioError as exc:
        assert exc.problems
        assert all(p.file and p.message for p in exc.problems)
        str(exc)
    else:
        assert isinstance(result, LoadedScenario)


def test_the_undamaged_scenario_loads(tmp_path: Path) -> None:
    path = tmp_path / "mutant.yaml"
    path.write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    ls = load_scenario(path, theatre=THEATRE, root=FIXTURES)
    assert [u.spec.id for u in ls.units["armenia"]][-1] == "arm_x"


ORBAT = yaml.safe_load((FIXTURES / "orbats" / "armenia.yaml").read_text(encoding="utf-8"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=damaged(ORBAT))
def test_damaged_orbat_ends_in_scenario_or_scenario_error(text: str, tmp_path_factory: Any) -> None:
    root: Path = tmp_path_factory.getbasetemp() / "mutant_root"
    if not root.exists():
        shutil.copytree(FIXTURES, root)
    (root / "orbats" / "armenia.yaml").write_text(text, encoding="utf-8")
    try:
        result = load_scenario("base", theatre=THEATRE, root=root)
    except ScenarioError as exc:
        assert exc.problems
        str(exc)
    else:
        assert isinstance(result, LoadedScenario)
