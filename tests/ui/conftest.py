"""Fixtures for the desktop front end: a headless display, private config/save folders, and a scenario.

The tests use the real historical scenario on the real map when both are
present in the checkout, else the small synthetic one from the engine tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

ROOT = Path(__file__).resolve().parents[2]
REAL = (ROOT / "assets" / "map" / "theatre.npz").exists() and (ROOT / "game" / "scenario" / "loader.py").exists() \
    and (ROOT / "scenarios" / "historical_2020.yaml").exists() and not os.environ.get("KARABAKH_UI_TESTS_SYNTHETIC")
SCENARIO = "historical_2020" if REAL else "synthetic"


def loader(ref: str, overrides: dict[str, Any] | None = None) -> Any:
    if REAL:
        from game.scenario.loader import load_scenario

        return load_scenario(ref, overrides=overrides)
    from tests.engine.synthetic import make_scenario

    return make_scenario()


def lister() -> list[tuple[str, str, str]]:
    if REAL:
        from game.scenario.loader import list_scenarios

        return list(list_scenarios())
    return [("synthetic", "Synthetic test theatre", "A small plain with hills in the west.")]


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def make_app() -> Iterator[Callable[..., Any]]:
    import pygame

    from game.ui.app import App

    apps: list[Any] = []

    def factory(size: tuple[int, int] = (1600, 1000)) -> Any:
        app = App(size=size, loader=loader, lister=lister)
        app.settings.animation_speed = 4.0
        app.idle_work = False  # tile preparation between frames only slows the tests; it has its own test
        apps.append(app)
        return app

    yield factory
    pygame.display.quit()
