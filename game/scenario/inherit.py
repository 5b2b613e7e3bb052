"""``extends:`` inheritance and dotted-path overrides, keeping track of where each value came from.

A counterfactual scenario is a few lines on top of the historical one, so the
merge rules are simple enough to state in one breath: mappings merge key by key
with the child winning, lists and plain values are replaced wholesale, and a
``null`` in the child removes the key (back to the default). Each merged key
remembers the file and line that supplied it, so that an error is reported in
the file the author has to edit.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from .errors import (
    Path_,
    Problem,
    ScenarioError,
    did_you_mean,
    display_path,
    format_path,
    parse_path,
    unwrap_type,
)
from .model import Scenario
from .yamlsafe import YamlDoc

__all__ = ["OVERRIDES_FILE", "MergedDoc", "apply_overrides", "merge_chain", "parse_set", "resolve_ref", "scenario_ids"]

#: The "file" named in problems that come from overrides rather than from a file.
OVERRIDES_FILE = "<overrides>"

Loc = tuple[str, int | None, int | None]


@dataclass
class MergedDoc:
    """The merged data of a scenario and its ancestors, and the origin of each key."""

    data: dict[str, Any]
    origins: dict[Path_, Loc] = field(default_factory=dict)
    file: str = ""

    def locate(self, path: Path_) -> Loc:
        p = tuple(path)
        while p:
            if p in self.origins:
                return self.origins[p]
            p = p[:-1]
        return self.origins.get((), (self.file, None, None))

    def problem(self, path: Path_, message: str, hint: str | None = None) -> Problem:
        file, line, column = self.locate(path)
        return Problem(file, line, column, format_path(path), message, hint)


def scenario_ids(root: Path) -> list[str]:
    """Ids of the manifests directly in ``root`` (``sources.yaml`` is not one)."""
    return sorted(p.stem for p in Path(root).glob("*.yaml") if p.stem != "sources")


def resolve_ref(ref: str, root: Path, base_dir: Path) -> Path:
    """A scenario id (``historical_2020``) names ``<root>/<id>.yaml``; anything that
    looks like a path (a ``/`` or a ``.yaml`` ending) is taken relative to ``base_dir``."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
        path = Path(ref)
        return path if path.is_absolute() else base_dir / path
    return Path(root) / f"{ref}.yaml"


def _origins_of(doc: YamlDoc) -> dict[Path_, Loc]:
    return {p: (doc.file, line, col) for p, (line, col) in doc.marks.items()}


def _drop(origins: dict[Path_, Loc], prefix: Path_) -> None:
    n = len(prefix)
    for p in [p for p in origins if p[:n] == prefix]:
        del origins[p]


def _copy(origins: dict[Path_, Loc], source: dict[Path_, Loc], prefix: Path_) -> None:
    n = len(prefix)
    for p, loc in source.items():
        if p[:n] == prefix:
            origins[p] = loc


def _merge(base: dict[str, Any], over: Mapping[str, Any], path: Path_, origins: dict[Path_, Loc], source: dict[Path_, Loc]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        p = path + (key,)
        if value is None:
            out.pop(key, None)
            _drop(origins, p)
        elif isinstance(value, Mapping) and isinstance(base.get(key), dict):
            out[key] = _merge(base[key], value, p, origins, source)
            if p in source:
                origins[p] = source[p]
        else:
            out[key] = value
            _drop(origins, p)
            _copy(origins, source, p)
    return out


def merge_chain(chain: list[YamlDoc]) -> MergedDoc:
    """Merge documents from the oldest ancestor to the child; the child wins."""
    merged = MergedDoc({}, {}, chain[-1].file)
    for doc in chain:
        merged.data = _merge(merged.data, doc.data, (), merged.origins, _origins_of(doc))
    merged.origins[()] = (chain[-1].file, 1, 1)
    return merged


def _literal_options(tp: Any) -> list[str] | None:
    tp = unwrap_type(tp)
    if typing.get_origin(tp) is Literal:
        return [str(a) for a in typing.get_args(tp)]
    return None


def apply_overrides(merged: MergedDoc, overrides: Mapping[Any, Any], model: type[BaseModel] = Scenario) -> list[Problem]:
    """Set each dotted path (``sides.azerbaijan.air.TB2``) to its value, in the given order.

    A path must follow the schema: a key of a model must be one of its fields,
    a key of a mapping with fixed keys (``sides``) one of those keys, and a list
    index must exist. New keys may be added to free mappings (an air pool, parameters).
    """
    problems: list[Problem] = []
    for raw_path, value in overrides.items():
        text = raw_path if isinstance(raw_path, str) else format_path(raw_path)

        def bad(message: str, hint: str | None = None, text: str = text) -> None:
            problems.append(Problem(OVERRIDES_FILE, None, None, text, message, hint))

        try:
            path = parse_path(raw_path) if isinstance(raw_path, str) else tuple(raw_path)
        except ValueError as exc:
            bad(str(exc))
            continue
        node: Any = merged.data
        tp: Any = model
        for i, part in enumerate(path):
            where = format_path(path[:i]) or "the top level"
            last = i == len(path) - 1
            kind = unwrap_type(tp)
            origin = typing.get_origin(kind)
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                if part not in kind.model_fields:
                    bad(f"{where} has no key {part!r}", did_you_mean(part, kind.model_fields))
                    break
                tp = kind.model_fields[str(part)].annotation
            elif origin in (dict, Mapping):
                key_t, tp = typing.get_args(kind)
                options = _literal_options(key_t)
                if options is not None and part not in options:
                    bad(f"{where} has no key {part!r}", did_you_mean(part, options))
                    break
            elif origin is list:
                tp = typing.get_args(kind)[0]
            elif kind is not Any:
                bad(f"{where} is a single value; it has no key {part!r}")
                break
            if isinstance(part, int):
                if not isinstance(node, list) or not -len(node) <= part < len(node):
                    size = f"the list has {len(node)} items" if isinstance(node, list) else f"{where} is not a list"
                    bad(f"index [{part}] is out of range", size)
                    break
            elif not isinstance(node, dict):
                bad(f"{where} is not a mapping; it has no key {part!r}")
                break
            if last:
                node[part] = value
                _drop(merged.origins, path)
                merged.origins[path] = (OVERRIDES_FILE, None, None)
            else:
                if isinstance(node, dict) and node.get(part) is None:
                    node[part] = [] if isinstance(path[i + 1], int) else {}
                node = node[part]
    return problems


def read_chain(path: Path, root: Path, read: typing.Callable[[Path], YamlDoc]) -> list[YamlDoc]:
    """The scenario at ``path`` and its ``extends`` ancestors, oldest first."""
    chain: list[YamlDoc] = []
    seen: list[Path] = []
    current = path
    while True:
        doc = read(current)
        chain.append(doc)
        seen.append(current.resolve())
        parent_ref = doc.data.get("extends")
        if parent_ref is None:
            break
        if not isinstance(parent_ref, str) or not parent_ref.strip():
            raise ScenarioError([doc.problem(("extends",), "extends must be a scenario id or a path to a .yaml file")])
        parent = resolve_ref(parent_ref, root, current.parent)
        if not parent.is_file():
            hint = did_you_mean(parent_ref, scenario_ids(root))
            raise ScenarioError([doc.problem(("extends",), f"no scenario {parent_ref!r} to extend (looked for {display_path(parent, root)})", hint)])
        if parent.resolve() in seen:
            start = seen.index(parent.resolve())
            names = [p.stem for p in seen[start:]] + [parent.stem]
            raise ScenarioError([doc.problem(("extends",), "extends cycle: " + " → ".join(names))])
        current = parent
    chain.reverse()
    return chain


def parse_set(items: typing.Iterable[str]) -> dict[str, Any]:
    """``["sides.azerbaijan.air.TB2=0", "weather.rain=[1, 2]"]`` -> overrides for :func:`load_scenario`.

    The value after ``=`` is read as plain YAML, so ``0`` is a number, ``true`` a
    boolean and ``[1, 2]`` a list; later items win over earlier ones.
    """
    from .yamlsafe import load_yaml_text

    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for item in items:
        path, sep, text = item.partition("=")
        if not sep or not path.strip():
            problems.append(Problem(OVERRIDES_FILE, None, None, "", f"{item!r} is not PATH=VALUE"))
            continue
        try:
            out[path.strip()] = load_yaml_text(text, f"{OVERRIDES_FILE} {path.strip()}").data
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return out
