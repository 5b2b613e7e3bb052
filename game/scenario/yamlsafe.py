"""Plain YAML with a line number for every key and list item, and hard limits.

Scenario files are written by hand and shared between players, so loading one
must never run code, exhaust memory or hide a typo. The loader composes the
node tree with :class:`yaml.SafeLoader` and then builds plain Python values
itself, which lets it

* remember where each mapping key and sequence item stands, so that an error
  at ``sides.azerbaijan.add_units[3].type`` can name its line;
* refuse every tag outside plain YAML (``!!python/object`` and friends, custom
  ``!tags``, ``!!binary``, ``!!set``);
* refuse duplicate keys, which PyYAML would silently resolve to the last one;
* count the values built by expanding aliases, so a "billion laughs" file is
  refused long before it fills memory;
* refuse files over :data:`MAX_BYTES`.

Mapping keys are always read as text (``2S19:`` and ``on:`` stay strings), since
every key in the scenario format is a name or an id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Path_, Problem, ScenarioError

__all__ = ["MAX_ALIAS_VALUES", "MAX_BYTES", "MAX_DEPTH", "YamlDoc", "load_yaml", "load_yaml_text"]

#: Largest file accepted. The whole 2020 order of battle fits in a few dozen KiB.
MAX_BYTES = 1 << 20
#: Values that alias expansion may build in one file (YAML anchors are for small shared blocks).
MAX_ALIAS_VALUES = 10_000
#: Deepest nesting of lists and mappings.
MAX_DEPTH = 64

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("null", "bool", "int", "float", "str", "timestamp")}
_MERGE = _STD + "merge"
_SEQ = _STD + "seq"
_MAP = _STD + "map"


@dataclass
class YamlDoc:
    """Plain data read from one YAML file, with the position of every key and item."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    path: Path | None = None

    def position(self, path: Path_) -> tuple[int, int] | None:
        """Line and column of ``path``, or of its nearest recorded ancestor."""
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get(())

    def locate(self, path: Path_) -> tuple[str, int | None, int | None]:
        pos = self.position(path)
        return (self.file, pos[0], pos[1]) if pos else (self.file, None, None)

    def problem(self, path: Path_, message: str, hint: str | None = None) -> Problem:
        from .errors import format_path

        file, line, column = self.locate(path)
        return Problem(file, line, column, format_path(path), message, hint)


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag


class _Alias(Node):
    """An alias as written (``*name``), kept apart from its anchor so that its own
    position is known and each expansion can be counted."""

    id = "alias"

    def __init__(self, target: Node, start_mark: Any, end_mark: Any) -> None:
        super().__init__("", target, start_mark, end_mark)
        self.target = target


class _Loader(yaml.SafeLoader):
    """SafeLoader whose composer returns :class:`_Alias` nodes instead of sharing the anchored node."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            event: Any = self.get_event()  # type: ignore[no-untyped-call]
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            return _Alias(self.anchors[event.anchor], event.start_mark, event.end_mark)
        node: Node = super().compose_node(parent, index)  # type: ignore[assignment]
        return node


class _Refused(Exception):
    """Internal: stop building at once (aliases, recursion, depth)."""

    def __init__(self, node: Node, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.node, self.message, self.hint = node, message, hint


class _Builder:
    """Turns a composed node tree into plain values, recording marks and problems."""

    def __init__(self, loader: _Loader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.stack: set[int] = set()
        self.expanded = 0

    def problem(self, node: Node, message: str, hint: str | None = None) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.file, line, col, "", message, hint))

    def build(self, node: Node, path: Path_, depth: int = 0, via_alias: _Alias | None = None) -> Any:
        """Plain value of ``node``; ``via_alias`` is the outermost alias being expanded, if any."""
        if isinstance(node, _Alias):
            if id(node.target) in self.stack:
                raise _Refused(node, "an alias refers to a mapping or list that contains it", "recursive data is not allowed")
            via_alias = via_alias or node
            node = node.target
        key = id(node)
        if via_alias is not None:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_VALUES:
                raise _Refused(
                    via_alias,
                    f"too many aliases: expanding them would build more than {MAX_ALIAS_VALUES} values",
                    "use anchors and aliases only for small shared blocks",
                )
        if depth > MAX_DEPTH:
            raise _Refused(node, f"lists and mappings are nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        self.stack.add(key)
        try:
            if isinstance(node, SequenceNode):
                self._check_tag(node, _SEQ)
                out: list[Any] = []
                for i, item in enumerate(node.value):
                    self.marks[path + (i,)] = _mark(item)
                    out.append(self.build(item, path + (i,), depth + 1, via_alias))
                return out
            if isinstance(node, MappingNode):
                self._check_tag(node, _MAP)
                return self._mapping(node, path, depth, via_alias)
        finally:
            self.stack.discard(key)
        raise _Refused(node, f"unsupported YAML node {type(node).__name__}")

    def _check_tag(self, node: Node, expected: str) -> bool:
        if node.tag == expected:
            return True
        self.problem(
            node,
            f"the tag {_tag_text(node.tag)!r} is not allowed; only plain YAML is",
            "use text, numbers, true/false, dates, lists and mappings",
        )
        return False

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._check_tag(node, _STD + "str")
            return node.value
        try:
            return self.loader.yaml_constructors[node.tag](self.loader, node)
        except (ValueError, yaml.YAMLError) as exc:
            kind = "date" if node.tag.endswith("timestamp") else _tag_text(node.tag)[2:]
            self.problem(node, f"{node.value!r} is not a valid {kind}: {exc}")
            return node.value

    def _key(self, node: Node) -> str | None:
        if not isinstance(node, ScalarNode):
            self.problem(node, "a mapping key must be plain text, not a list or mapping")
            return None
        if node.tag not in _SCALAR_TAGS and node.tag != _MERGE:
            self._check_tag(node, _STD + "str")
        return str(node.value)

    def _mapping(self, node: MappingNode, path: Path_, depth: int, via_alias: _Alias | None) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        explicit: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for src in reversed(sources):  # earlier sources win, as the YAML merge spec says
                    value = self.build(src, path, depth + 1, via_alias)
                    if isinstance(value, dict):
                        merged.update(value)
                    else:
                        self.problem(src, "'<<' must merge a mapping or a list of mappings")
                continue
            key = self._key(key_node)
            if key is None:
                continue
            line, _ = _mark(key_node)
            if key in first_line:
                self.problem(key_node, f"duplicate key {key!r} (first at line {first_line[key]}, again at line {line})")
                continue
            first_line[key] = line
            self.marks[path + (key,)] = _mark(key_node)
            explicit[key] = self.build(value_node, path + (key,), depth + 1, via_alias)
        merged.update(explicit)
        return merged


def _syntax_problem(file: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        hint = None
        if exc.problem and exc.problem.startswith("but found another document"):
            return Problem(file, mark.line + 1, mark.column + 1, "", "a second YAML document starts here; a file holds exactly one", "remove the extra '---'")
        if exc.context and exc.context.startswith("found duplicate anchor") and exc.context_mark is not None:
            anchor = exc.context.split(";")[0].removeprefix("found duplicate anchor ")
            return Problem(file, mark.line + 1, mark.column + 1, "", f"YAML syntax error: the anchor {anchor} is defined twice", f"first at line {exc.context_mark.line + 1}")
        if exc.problem and "'\\t'" in exc.problem:
            hint = "indent with spaces, not tabs"
        elif exc.context:
            hint = exc.context
            if exc.context_mark is not None and exc.context_mark.line != mark.line:
                hint += f" that starts at line {exc.context_mark.line + 1}"
        return Problem(file, mark.line + 1, mark.column + 1, "", f"YAML syntax error: {exc.problem}", hint)
    if isinstance(exc, yaml.reader.ReaderError):
        return Problem(file, None, None, "", f"cannot read the file: {exc.reason} (character {exc.character!r} at byte {exc.position})")
    return Problem(file, None, None, "", f"YAML syntax error: {exc}")


def load_yaml_text(text: str, file: str = "<string>", path: Path | None = None) -> YamlDoc:
    """Read one YAML document from text; raises :class:`ScenarioError` with located problems."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ScenarioError([_too_big(file, size)])
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise ScenarioError([_syntax_problem(file, exc)]) from None
        except RecursionError:
            raise ScenarioError([Problem(file, None, None, "", f"lists and mappings are nested more than {MAX_DEPTH} levels deep")]) from None
        if node is None:
            return YamlDoc(file, None, {}, path)
        builder = _Builder(loader, file)
        builder.marks[()] = _mark(node)
        try:
            data = builder.build(node, ())
        except _Refused as exc:
            line, col = _mark(exc.node)
            raise ScenarioError([*builder.problems, Problem(file, line, col, "", exc.message, exc.hint)]) from None
        if builder.problems:
            raise ScenarioError(builder.problems)
        return YamlDoc(file, data, builder.marks, path)
    finally:
        loader.dispose()


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} bytes"


def _too_big(file: str, size: int) -> Problem:
    return Problem(
        file, None, None, "",
        f"the file is too large: {_size(size)}{f' ({size} bytes)' if size >= 1024 else ''}; the limit is {_size(MAX_BYTES)}",
        "split it into several files",
    )


def load_yaml(path: Path, display: str | Callable[[Path], str] | None = None) -> YamlDoc:
    """Read a YAML file; ``display`` is the name used in messages (default: the path as given)."""
    path = Path(path)
    name = display(path) if callable(display) else (display or str(path))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ScenarioError([Problem(name, None, None, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    if size > MAX_BYTES:
        raise ScenarioError([_too_big(name, size)])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(name, None, None, "", f"cannot read the file: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise ScenarioError([Problem(name, line, column, "", "the file is not UTF-8 text", "save it as UTF-8")]) from None
    return load_yaml_text(text, name, path)
