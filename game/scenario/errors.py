"""Located, plain-word problems in scenario files, and the error that carries them.

A scenario author should never have to read a traceback or a pydantic error
dump: every problem names the file, the line, the dotted path of the offending
value and what to do about it, e.g.::

    scenarios/x.yaml:42: units[3].type: unknown unit type 'T-99' (did you mean 'T-90S'?)

Problems without a data path (YAML syntax, file limits) show ``file:line:column:``
instead, because there the column is what the author needs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, ValidationError

__all__ = [
    "MAX_PROBLEMS",
    "Path_",
    "Problem",
    "ScenarioError",
    "describe_value",
    "did_you_mean",
    "display_path",
    "format_path",
    "model_at",
    "parse_path",
    "problems_from_validation",
    "unwrap_type",
]

#: A data path inside a document: mapping keys and list indices.
Path_ = tuple[str | int, ...]

#: How many problems one error reports; past this the author fixes the first ones and reruns.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place. ``line``/``column`` are 1-based; None when unknown."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if not self.path and self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.path, self.message)


class ScenarioError(ValueError):
    """A scenario (or one of its files) is invalid; ``problems`` lists every located reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        seen: set[Problem] = set()
        unique: list[Problem] = []
        for p in problems:
            if p not in seen:
                seen.add(p)
                unique.append(p)
        self.problems: list[Problem] = unique
        self.more = max(0, len(unique) - MAX_PROBLEMS)
        super().__init__(self._text())

    def _text(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_PROBLEMS]]
        if self.more:
            lines.append(f"... and {self.more} more problems")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._text()


# --- paths -------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"^[^.\[\]\s'\"]+$")


def format_path(path: Sequence[str | int]) -> str:
    """``("sides", "azerbaijan", "add_units", 3, "type")`` -> ``sides.azerbaijan.add_units[3].type``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(str(part)):
            out += f".{part}" if out else str(part)
        else:
            out += f"[{str(part)!r}]"
    return out


_PATH_TOKEN = re.compile(r"""\[(-?\d+)\]|\[(['"])(.*?)\2\]|\.?([^.\[\]]+)""")


def parse_path(text: str) -> Path_:
    """Inverse of :func:`format_path`; raises ValueError on malformed text."""
    parts: list[str | int] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _PATH_TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read the path {text!r} at character {pos + 1}")
        if m.group(1) is not None:
            parts.append(int(m.group(1)))
        elif m.group(3) is not None:
            parts.append(m.group(3))
        else:
            parts.append(m.group(4))
        pos = m.end()
    if not parts:
        raise ValueError("empty path")
    return tuple(parts)


# --- did you mean ------------------------------------------------------------------


def did_you_mean(word: object, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or None when nothing is close enough."""
    pool = sorted({str(c) for c in candidates})
    if not pool:
        return None
    text = str(word)
    lowered = {c.lower(): c for c in pool}
    if text.lower() in lowered and lowered[text.lower()] != text:
        return f"did you mean {lowered[text.lower()]!r}?"
    close = difflib.get_close_matches(text, pool, n=1, cutoff=0.6)
    if not close:
        close = [lowered[c] for c in difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.6)]
    return f"did you mean {close[0]!r}?" if close else None


# --- pydantic errors in plain words ------------------------------------------------


def describe_value(value: Any) -> str:
    """How a YAML value reads to its author, for 'got ...' phrases."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return str(value)


_PATTERN_WORDS = {
    r"^[A-Za-z0-9_.\-]+$": "an id may contain only letters, digits, '_', '.' and '-'",
    r"^-?\d+,-?\d+$": "a hex is written 'q,r', e.g. '12,-3'",
    r"^[a-z0-9_]+$": "a scenario id may contain only lower-case letters, digits and '_'",
}


def _limit_phrase(kind: str, ctx: Mapping[str, Any]) -> str:
    if kind == "greater_than":
        return f"must be greater than {ctx['gt']}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "less_than":
        return f"must be less than {ctx['lt']}"
    return f"must be at most {ctx['le']}"


def _plain(err: Mapping[str, Any]) -> tuple[str, str | None]:
    """(message, hint) for one pydantic error dict."""
    kind: str = err["type"]
    value = err.get("input")
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    got = describe_value(value)
    if kind == "missing":
        return f"missing required field {err['loc'][-1]!r}", None
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {got}", None
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"expected a number, got {got}", None
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}", None
    if kind in ("string_type", "string_unicode"):
        hint = "put it in quotes" if isinstance(value, int | float | bool | dt.date) else None
        return f"expected text, got {got}", hint
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date written YYYY-MM-DD, got {got}", None
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{_limit_phrase(kind, ctx)}, got {got}", None
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"{got} is not allowed here", _PATTERN_WORDS.get(pattern, f"it must match {pattern}")
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"expected one of {', '.join(repr(o) for o in options)}, got {got}", did_you_mean(value, options)
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return f"expected a mapping of 'key: value' entries, got {got}", None
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"expected a list, got {got}", None
    if kind == "value_error":
        error = ctx.get("error")
        return str(error) if error is not None else str(err.get("msg", "")), None
    if kind == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!r}", None
    msg = str(err.get("msg", kind))
    return f"{msg[0].lower()}{msg[1:]}, got {got}", None


def unwrap_type(tp: Any) -> Any:
    """Strip Annotated and Optional so the model walk sees the real container or model."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def model_at(model: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` under ``model``, if any."""
    tp: Any = model
    for part in path:
        tp = unwrap_type(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return None
            tp = field.annotation
        elif origin in (list, tuple, Sequence):
            tp = typing.get_args(tp)[0]
        elif origin in (dict, Mapping):
            tp = typing.get_args(tp)[1]
        else:
            return None
    tp = unwrap_type(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


Locate = typing.Callable[[Path_], tuple[str, int | None, int | None]]


def problems_from_validation(
    exc: ValidationError,
    model: type[BaseModel],
    locate: Locate,
    base: Path_ = (),
) -> list[Problem]:
    """Translate a pydantic error into located problems; ``base`` prefixes every path."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc: Path_ = tuple(err["loc"])
        message, hint = _plain(err)
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
            if err["type"] == "literal_error":
                options = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
                message = f"unknown key {err.get('input')!r}; allowed keys: {', '.join(repr(o) for o in options)}"
            else:
                message = f"key {err.get('input')!r}: {message}"
        if err["type"] == "extra_forbidden":
            parent = model_at(model, loc[:-1])
            if parent is not None:
                hint = did_you_mean(loc[-1], parent.model_fields) or "allowed keys: " + ", ".join(parent.model_fields)
        elif err["type"] == "model_type" and isinstance(err.get("input"), str):
            target = model_at(model, loc)
            if target is not None and target.__name__ == "Location":
                hint = f"write {{town: {err['input']}}}, {{hex: \"q,r\"}} or {{lat: ..., lon: ...}}"
        full = base + loc
        if hint is None and err["type"] in ("less_than", "less_than_equal"):
            from .limits import schema_hint

            hint = schema_hint(full)
        file, line, column = locate(full)
        out.append(Problem(file, line, column, format_path(full), message, hint))
    return sorted(out, key=Problem.sort_key)


def display_path(path: Path, root: Path | None = None) -> str:
    """The file name shown in messages: relative to the folder above ``root`` (so
    ``scenarios/x.yaml``), else to the working folder, else absolute."""
    path = Path(path).resolve()
    bases = [root.resolve().parent] if root is not None else []
    bases.append(Path.cwd().resolve())
    for base in bases:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
