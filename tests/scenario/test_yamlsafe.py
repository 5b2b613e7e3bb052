"""The safe YAML reader: positions, merge keys, and the limits that protect the loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from game.scenario.errors import ScenarioError
from game.scenario.yamlsafe import MAX_BYTES, load_yaml, load_yaml_text

TEXT = """\
name: Test
sides:
  azerbaijan:
    add_units:
      - id: a
        type: mech_bn
      - id: b
        type: rifle_bn
start_date: 2020-09-27
"""


def test_every_key_and_item_has_a_line() -> None:
    doc = load_yaml_text(TEXT, "x.yaml")
    assert doc.data["start_date"] == dt.date(2020, 9, 27)
    assert doc.marks[("sides", "azerbaijan", "add_units", 1)] == (7, 9)
    assert doc.marks[("sides", "azerbaijan", "add_units", 1, "type")] == (8, 9)
    assert doc.locate(("sides", "azerbaijan", "add_units", 1, "type", "deeper")) == ("x.yaml", 8, 9)
    assert doc.locate(("nowhere",)) == ("x.yaml", 1, 1)


def test_keys_are_always_text() -> None:
    doc = load_yaml_text("2S19: 4\non: 1\n1.5: x\n", "x.yaml")
    assert list(doc.data) == ["2S19", "on", "1.5"]


def test_merge_keys_and_alias_positions() -> None:
    doc = load_yaml_text("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\nd: [*b]\n", "x.yaml")
    assert doc.data["c"] == {"x": 1, "y": 3}
    assert doc.marks[("c", "y")] == (4, 3)
    assert doc.marks[("d", 0)] == (5, 5)  # the alias itself, not its anchor


def test_file_over_one_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# padding\n" * (MAX_BYTES // 10 + 100), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_yaml(path, display="big.yaml")
    assert str(err.value) == (
        f"big.yaml: the file is too large: 1.0 MiB ({path.stat().st_size} bytes); the limit is 1.0 MiB"
        " (split it into several files)"
    )


def test_text_over_the_limit_is_refused() -> None:
    with pytest.raises(ScenarioError, match="too large"):
        load_yaml_text("a: " + "x" * MAX_BYTES, "x.yaml")


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(ScenarioError, match="contains it"):
        load_yaml_text("a: &a [1, *a]\n", "x.yaml")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"name: ok\ntown: Kalbajar\xe7\n")
    with pytest.raises(ScenarioError) as err:
        load_yaml(path, display="latin.yaml")
    assert str(err.value) == "latin.yaml:2:15: the file is not UTF-8 text (save it as UTF-8)"


def test_missing_file() -> None:
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_yaml(Path("/nonexistent/x.yaml"), display="x.yaml")


def test_every_problem_in_a_file_is_reported() -> None:
    with pytest.raises(ScenarioError) as err:
        load_yaml_text("a: 1\na: 2\nb: !!set {x}\nb: 3\n", "x.yaml")
    assert [p.line for p in err.value.problems] == [2, 3, 4]


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(ScenarioError, match="nested more than"):
        load_yaml_text("a: " + "[" * 200 + "]" * 200, "x.yaml")


def test_empty_document_is_none() -> None:
    assert load_yaml_text("# only a comment\n", "x.yaml").data is None
