"""Rule parameters: defaults from ``game/rules/params.yaml``, overridden by a scenario.

A counterfactual changes numbers, not code: a scenario's ``parameters:`` block
and a batch's ``--set parameters.a.b=value`` are deep-merged over the defaults.
Unknown parameter paths are refused with the nearest valid one.
"""

from __future__ import annotations

import copy
import difflib
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["DEFAULTS_PATH", "Params", "ParameterError", "default_params"]

DEFAULTS_PATH = Path(__file__).resolve().parent / "rules" / "params.yaml"


class ParameterError(ValueError):
    """A bad parameter override; ``path`` is where it is (``("combat", "attacker_rate")``)."""

    def __init__(self, path: tuple[str, ...], message: str, hint: str | None = None) -> None:
        super().__init__(f"parameters.{'.'.join(path)}: {message}" + (f" ({hint})" if hint else ""))
        self.path, self.message, self.hint = path, message, hint


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DEFAULTS_PATH.read_text(encoding="utf-8"))
    return data


def _merge(base: dict[str, Any], over: dict[str, Any], path: str = "") -> None:
    for key, value in over.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in base:
            near = difflib.get_close_matches(str(key), [str(k) for k in base], n=1)
            raise ParameterError(tuple(where.split(".")), f"unknown parameter '{key}'", f"did you mean '{near[0]}'?" if near else None)
        if isinstance(base[key], dict) and isinstance(value, dict):
            # Month tables and per-class tables take new keys of the same kind.
            if all(isinstance(k, int) for k in base[key]):
                # month tables: keys may arrive as text ("10") from YAML or --set
                for k, v in value.items():
                    try:
                        month = int(k)
                    except (TypeError, ValueError):
                        raise ParameterError((*where.split("."), str(k)), "expected a month number 1-12") from None
                    if not 1 <= month <= 12:
                        raise ParameterError((*where.split("."), str(k)), f"expected a month number 1-12, got {month}")
                    like = base[key].get(month, next(iter(base[key].values())))
                    base[key][month] = _leaf((*where.split("."), str(k)), like, v)
            elif key == "off_map_cities":
                base[key].update(_cities(tuple(where.split(".")), value))
            else:
                _merge(base[key], value, where)
        else:
            if isinstance(base[key], dict) != isinstance(value, dict):
                raise ParameterError(tuple(where.split(".")), f"expected {'a mapping' if isinstance(base[key], dict) else 'a single value'}")
            base[key] = _leaf(tuple(where.split(".")), base[key], value)


#: Upper bounds of the whole-number parameters that set how far a rule searches or how long it
#: waits (a radius of a million hexes is a game that never ends). Everything else only has to
#: be a finite number of the default's kind, 0 or more.
_MOST: dict[str, int] = {
    "control.presence_radius": 20, "control.flip_neighbours": 6, "recon.ground_range": 50, "recon.recon_range": 50,
    "recon.isr_radius": 50, "recon.height_bonus_per_500m": 20, "recon.memory_turns": 400, "air.shots_per_engagement": 64,
    "air.harop_search_radius": 50, "air.strike_radius": 50, "air.ew_radius": 50, "air.personnel_per_hit": 1_000,
    "movement.stack_limit": 20, "combat.max_attackers": 20, "morale.surrender_cut_days": 400,
    "morale.dig_in_days.prepared": 400, "morale.dig_in_days.fortified": 400, "weather.snow_month": 12,
}
_CITY_KEYS = {"name": str, "side": str, "lat": float, "lon": float, "population": int}


def _number(path: tuple[str, ...], default: Any, value: Any) -> float | int:
    """``value`` as a number of the default's kind, or a ParameterError saying what was expected."""
    name = ".".join(path)
    whole = isinstance(default, int)
    if isinstance(value, str):
        try:  # YAML reads 1e-2 or 1e9 as text; a number is what was meant
            value = float(value.strip())
        except ValueError:
            raise ParameterError(path, f"expected a number, got '{value}'", f"the default is {default}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(path, f"expected a number, got {type(value).__name__} {value!r}", f"the default is {default}")
    if not math.isfinite(value):
        raise ParameterError(path, f"expected a finite number, got {value}", f"the default is {default}")
    if value < 0:
        raise ParameterError(path, f"must be 0 or more, got {value}", f"the default is {default}")
    if whole:
        if value != int(value):
            raise ParameterError(path, f"expected a whole number, got {value}", f"the default is {default}")
        value = int(value)
        most = _MOST.get(name)
        if most is not None and value > most:
            raise ParameterError(path, f"must be at most {most:,}, got {value:,}", f"the default is {default}")
    return float(value) if not whole else value


def _leaf(path: tuple[str, ...], default: Any, value: Any) -> Any:
    """Check one overriding value against the default it replaces."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ParameterError(path, f"expected true or false, got {value!r}", f"the default is {str(default).lower()}")
        return value
    if isinstance(default, int | float):
        return _number(path, default, value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ParameterError(path, f"expected text, got {value!r}", f"the default is '{default}'")
        return value
    if isinstance(default, list):
        if not isinstance(value, list):
            raise ParameterError(path, f"expected a list, got {value!r}", f"the default is {default}")
        if default and all(isinstance(x, int | float) and not isinstance(x, bool) for x in default):
            if len(value) != len(default):
                raise ParameterError(path, f"expected a list of {len(default)} numbers, got {len(value)}", f"the default is {default}")
            return [_number((*path, str(i)), d, v) for i, (d, v) in enumerate(zip(default, value, strict=True))]
        if not all(isinstance(x, str) for x in value):
            raise ParameterError(path, "expected a list of names", f"the default is {default}")
        return value
    return value


def _cities(path: tuple[str, ...], value: dict[str, Any]) -> dict[str, Any]:
    """New or changed off-map cities: each a mapping with name, side, lat, lon and population."""
    out = {}
    for cid, city in value.items():
        where = (*path, str(cid))
        if not isinstance(city, dict):
            raise ParameterError(where, "expected a mapping with " + ", ".join(_CITY_KEYS))
        missing = [k for k in _CITY_KEYS if k not in city]
        if missing:
            raise ParameterError(where, f"missing {', '.join(missing)}", "a city needs " + ", ".join(_CITY_KEYS))
        c = dict(city)
        for k, kind in _CITY_KEYS.items():
            if kind is str:
                c[k] = _leaf((*where, k), "", city[k])
            else:
                c[k] = _number((*where, k), kind(0), city[k])
        if c["side"] not in ("azerbaijan", "armenia"):
            raise ParameterError((*where, "side"), f"expected azerbaijan or armenia, got '{c['side']}'")
        out[str(cid)] = c
    return out


class Params(dict[str, Any]):
    """A nested dict of parameters with dotted-path access: ``p.get_path('combat.attacker_rate')``."""

    def get_path(self, path: str) -> Any:
        node: Any = self
        for part in path.split("."):
            node = node[part]
        return node


def default_params(overrides: dict[str, Any] | None = None) -> Params:
    data = copy.deepcopy(_defaults())
    if overrides:
        _merge(data, overrides)
    return Params(data)
