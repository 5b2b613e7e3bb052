"""The historical scenario's political blocks: valid, cross-checked against the real map, and not scripting history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from game.scenario.politics import PoliticsBlocks, check_politics

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "historical_2020.yaml"


def blocks() -> dict[str, Any]:
    if not SCENARIO.exists():
        pytest.skip("the historical scenario is not in this tree")
    doc = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    if not doc.get("ceasefire"):
        pytest.skip("the historical scenario has no political blocks yet")
    return {k: doc.get(k) or ({} if k != "triggers" else []) for k in ("ceasefire", "triggers", "victory")}


def test_valid_and_cross_checked() -> None:
    data = blocks()
    b = PoliticsBlocks.model_validate(data)
    try:
        from game.hexmap.theatre import load_theatre

        theatre = load_theatre("theatre")
    except (FileNotFoundError, OSError):
        theatre = None

    class S:
        ceasefire, triggers, victory = data["ceasefire"], data["triggers"], data["victory"]

    assert check_politics(S(), theatre) == []
    assert [p.id for p in b.ceasefire.proposals] == ["hc1_moscow", "hc2_oct18", "hc3_us"]
    assert b.ceasefire.agreement is not None and b.ceasefire.agreement.peacekeepers is not None
    assert b.ceasefire.agreement.peacekeepers.personnel == 1960 and b.ceasefire.agreement.peacekeepers.apcs == 90


def _conditions(c: Any) -> list[Any]:
    out = [c]
    for sub in (c.all or []) + (c.any or []) + ([c.not_] if c.not_ is not None else []):
        out += _conditions(sub)
    return out


def test_nothing_scripts_history() -> None:
    """The final agreement comes from the situation, and no trigger forces a town's fate on a date."""
    b = PoliticsBlocks.model_validate(blocks())
    ag = b.ceasefire.agreement
    assert ag is not None
    if ag.offer_when is not None:
        assert all(c.date is None and c.turn is None for c in _conditions(ag.offer_when))
    for t in b.triggers:
        conds = _conditions(t.when)
        dated = any(c.date is not None or c.turn is not None for c in conds)
        a = t.do
        assert not (a.propose_ceasefire is not None and a.propose_ceasefire.kind == "final" and dated)
        assert a.set is None or not dated, "no dated rule changes in the historical scenario"
