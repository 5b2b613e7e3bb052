"""Doctrine profiles (data in ``doctrines.yaml``) that shape how computer players fight."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).resolve().parent / "doctrines.yaml"


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    return data


def doctrine(name: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The profile ``name`` on top of the default one, with a scenario's ``doctrine_overrides`` on top of that."""
    profiles = _all()
    base = dict(profiles["default"])
    base.update(profiles.get(name, {}))
    base.update(overrides or {})
    return base


def check_overrides(overrides: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Problems with a scenario's ``doctrine_overrides``: ``(key, message, hint)`` for each unknown key or value
    of the wrong kind (a number for a number, true/false for a switch, text for text)."""
    profiles = _all()
    known = dict(profiles["default"])
    for prof in profiles.values():
        for k, v in prof.items():
            known.setdefault(k, v)
    out = []
    for key, value in sorted(overrides.items(), key=lambda kv: str(kv[0])):
        if key not in known:
            near = difflib.get_close_matches(str(key), list(known), n=1)
            out.append((str(key), f"unknown doctrine value '{key}'",
                        f"did you mean '{near[0]}'?" if near else "the keys are those of 'default' in game/ai/doctrines.yaml"))
            continue
        want = known[key]
        if isinstance(want, bool):
            ok = isinstance(value, bool)
            kind = "true or false"
        elif isinstance(want, (int, float)):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0
            kind = "a number, 0 or more"
        else:
            ok = isinstance(value, type(want))
            kind = f"a {type(want).__name__}"
        if not ok:
            shown = ("true" if want else "false") if isinstance(want, bool) else repr(want)
            out.append((str(key), f"'{key}' must be {kind}, not {value!r}", f"the default is {shown}"))
    return out


def names() -> list[str]:
    return sorted(_all())
