"""Pytest fixtures for the scenario tests (the data lives in ``scenario_fixtures``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_fixtures import FIXTURES, build_theatre

from game.hexmap.theatre import TheatreMap

_THEATRE = build_theatre()


@pytest.fixture()
def theatre() -> TheatreMap:
    return _THEATRE


@pytest.fixture()
def fixtures_root() -> Path:
    return FIXTURES
