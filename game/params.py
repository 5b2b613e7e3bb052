"""Rule parameters: defaults from ``game/rules/params.yaml``, overridden by a scenario.

A counterfactual changes numbers, not code: a scenario's ``parameters:`` block
and a batch's ``--set parameters.a.b=value`` are deep-merged over the defaults.
Unknown parameter paths are refused with the nearest valid one.
"""

from __future__ import annotations

import copy
import difflib
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
                        base[key][int(k)] = v
                    except (TypeError, ValueError):
                        raise ParameterError((*where.split("."), str(k)), "expected a month number 1-12") from None
            elif key == "off_map_cities":
                base[key].update(value)
            else:
                _merge(base[key], value, where)
        else:
            if isinstance(base[key], dict) != isinstance(value, dict):
                raise ParameterError(tuple(where.split(".")), f"expected {'a mapping' if isinstance(base[key], dict) else 'a single value'}")
            base[key] = value


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
