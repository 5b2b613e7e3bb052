"""``karabakh map query`` and ``karabakh map render`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main


def test_query_prints_the_hex(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "query", "--lat", "39.758", "--lon", "46.750"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["town"] == "Shusha/Shushi"
    assert doc["controller"] == "armenia"
    assert doc["country"] == "azerbaijan"
    for key in ("hex", "offset", "index", "centre", "elev_mean", "elev_max", "terrain", "district", "fort",
                "mines", "rivers", "roads"):
        assert key in doc
    assert doc["roads"] and set(doc["roads"].values()) <= {"road", "main"}


def test_query_names_the_river(capsys: pytest.CaptureFixture[str]) -> None:
    # Lachin town sits on the Hakari.
    assert main(["map", "query", "--lat", "39.6408", "--lon", "46.5469"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["town"] == "Lachin/Berdzor"
    assert any(side["name"] == "Hakari" and side["class"] == "river" for side in doc["rivers"].values())


def test_query_iran_is_neutral(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "query", "--lat", "38.8", "--lon", "47.3"]) == 0
    assert json.loads(capsys.readouterr().out)["controller"] == "neutral"


@pytest.mark.parametrize("lat,lon", [(42.0, 46.7), (39.5, 44.0), (-10.0, 200.0)])
def test_query_off_map_exits_2(capsys: pytest.CaptureFixture[str], lat: float, lon: float) -> None:
    assert main(["map", "query", "--lat", str(lat), "--lon", str(lon)]) == 2
    captured = capsys.readouterr()
    assert "off the map" in captured.err and captured.out == ""


def test_render_writes_a_png(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    assert main(["map", "render", "--out", str(out), "--width", "400"]) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
