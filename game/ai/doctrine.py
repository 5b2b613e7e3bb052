"""Doctrine profiles (data in ``doctrines.yaml``) that shape how computer players fight."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).resolve().parent / "doctrines.yaml"


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    return data


def doctrine(name: str) -> dict[str, Any]:
    profiles = _all()
    base = dict(profiles["default"])
    base.update(profiles.get(name, {}))
    return base


def names() -> list[str]:
    return sorted(_all())
