"""The calibration report: measures, bands and counterfactual checks, on hand-made records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.calibrate import counterfactual_checks, measures, write_report


def _record(seed: int, winner: str, *, days: int = 44, shusha: int | None = None, az_tanks: int = 60,
            am_tanks: int = 250, az_drones: int = 10, broke_after: int | None = 0) -> dict[str, Any]:
    caps = {"Shusha": {"by": "azerbaijan", "turn": shusha, "date": "2020-11-08"}} if shusha else {}
    ceasefires = []
    if broke_after is not None:
        ceasefires.append({"kind": "humanitarian", "accepted": True, "effective": "2020-10-10 12:00",
                           "broke": f"2020-10-{10 + broke_after:02d}"})
    loss = {"personnel_killed": 3000, "drones": 0, "tanks": 0}
    return {
        "seed": seed, "winner": winner, "outcome": "decisive" if winner != "draw" else "draw", "war_days": days,
        "end_turn": days, "captures": caps, "ceasefires": ceasefires, "players": {"azerbaijan": "x", "armenia": "y"},
        "territory": [[100, 200], [110, 190], [120, 180]],
        "losses": {"azerbaijan": {**loss, "tanks": az_tanks, "drones": az_drones},
                   "armenia": {**loss, "tanks": am_tanks}},
    }


def test_measures_hand_checked() -> None:
    recs = [_record(1, "azerbaijan", shusha=40, az_tanks=50), _record(2, "azerbaijan", shusha=44, az_tanks=70),
            _record(3, "draw", az_tanks=90, broke_after=5), _record(4, "armenia", az_tanks=30, broke_after=None)]
    m = measures(recs)
    assert m["az_win_rate"]["value"] == pytest.approx(50.0)
    assert m["shusha_day"]["value"] == pytest.approx(42.0)
    assert "2 of 4" in m["shusha_day"]["note"]
    assert m["az_tanks"]["value"] == pytest.approx(60.0)
    # three ceasefires in force, two broke within two days
    assert m["hc_break"]["value"] == pytest.approx(200.0 / 3)


def test_counterfactual_checks_measure_against_the_same_seeds() -> None:
    base = [_record(s, "azerbaijan", az_drones=10) for s in range(1, 5)]
    cf = {
        "no_tb2": [_record(1, "azerbaijan"), _record(2, "draw"), _record(3, "armenia"), _record(4, "azerbaijan")],
        "armenian_layered_air_defence": [_record(s, "azerbaijan", az_drones=25) for s in range(1, 5)],
    }
    got = {c["scenario"]: c for c in counterfactual_checks(base, cf)}
    assert got["no_tb2"]["value"] == pytest.approx(50.0)  # 100 % -> 50 %
    assert got["no_tb2"]["ok"]
    assert got["armenian_layered_air_defence"]["value"] == pytest.approx(2.5)
    assert got["armenian_layered_air_defence"]["ok"]
    cf["no_tb2"] = [_record(s, "azerbaijan") for s in range(1, 5)]
    assert not {c["scenario"]: c for c in counterfactual_checks(base, cf)}["no_tb2"]["ok"]


def test_report_lists_bands_and_counterfactuals(tmp_path: Path) -> None:
    base = [_record(s, "azerbaijan", shusha=43) for s in range(1, 4)]
    checks = counterfactual_checks(base, {"no_tb2": [_record(s, "draw") for s in range(1, 4)]})
    path = write_report(base, tmp_path, 1.0, checks)
    text = path.read_text(encoding="utf-8")
    assert "| Azerbaijani tanks lost (median) (tanks) | 62 (Oryx, visually confirmed) | 60 |" in text
    assert "## Counterfactuals" in text and "| `no_tb2` |" in text and "| yes |" in text
    assert "| Shusha/Shushi | 3 | 43 |" in text  # towns under both sides' names
    assert (tmp_path / "territory.png").stat().st_size > 1000
