"""The content library (equipment, air and unit types) and the list of sources.

Every file under ``scenarios/units/`` may hold any mix of equipment, air types
and unit types; the library is their union. An id defined twice is an error at
the second place, naming the first, because silently keeping one of them would
make a scenario's strength depend on file order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.datadir import data_dir

from .errors import (
    Path_,
    Problem,
    ScenarioError,
    did_you_mean,
    display_path,
    problems_from_validation,
)
from .model import AirType, ContentFile, EquipmentType, UnitType
from .yamlsafe import YamlDoc, load_yaml

__all__ = [
    "DEFAULT_ROOT",
    "Library",
    "check_sources",
    "collect_content",
    "load_content",
    "load_source_ids",
    "read_document",
    "require_mapping",
    "validate_document",
]

#: The project's ``scenarios/`` folder: manifests, ``units/``, ``orbats/``, ``sources.yaml``.
DEFAULT_ROOT = data_dir("scenarios")

#: Which ``ContentFile`` list holds which kind of thing, with the word used in messages.
KINDS = (("equipment", "equipment"), ("air_types", "air type"), ("unit_types", "unit type"))

ProblemAt = Callable[[Path_, str, str | None], Problem]


@dataclass
class Library:
    """Everything defined under ``units/``, by id, in file order."""

    equipment: dict[str, EquipmentType] = field(default_factory=dict)
    air_types: dict[str, AirType] = field(default_factory=dict)
    unit_types: dict[str, UnitType] = field(default_factory=dict)
    #: ``(list name, id) -> "file:line"``, to point at definitions in messages.
    where: dict[tuple[str, str], str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def read_document(path: Path, root: Path | None) -> YamlDoc:
    """Load a YAML file and insist that its top level is a mapping."""
    return require_mapping(load_yaml(path, display=lambda p: display_path(p, root)))


def require_mapping(doc: YamlDoc) -> YamlDoc:
    """``doc`` itself if its top level is a mapping; every kind of file here is one."""
    if not isinstance(doc.data, dict):
        got = "an empty file" if doc.data is None else "a list" if isinstance(doc.data, list) else repr(doc.data)
        raise ScenarioError([Problem(doc.file, 1, 1, "", f"expected a mapping of 'key: value' entries at the top level, got {got}")])
    return doc


def validate_document(doc: YamlDoc, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    """Validate a whole document against ``model``: (instance or None, problems)."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, model, doc.locate)


def content_files(root: Path) -> list[Path]:
    folder = Path(root) / "units"
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def collect_content(root: Path | None = None, extra: Sequence[Path] = ()) -> tuple[Library, list[Problem]]:
    """Read every content file (and ``extra`` ones, after them); return the library
    built from the valid ones and all problems."""
    root = Path(root) if root is not None else DEFAULT_ROOT
    lib = Library()
    problems: list[Problem] = []
    docs: list[YamlDoc] = []
    files = content_files(root)
    files += [p for p in extra if Path(p).resolve() not in {f.resolve() for f in files}]
    for path in files:
        lib.files.append(path)
        try:
            doc = read_document(path, root)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        content, found = validate_document(doc, ContentFile)
        problems.extend(found)
        if content is None:
            continue
        docs.append(doc)
        for attr, word in KINDS:
            table: dict[str, Any] = getattr(lib, attr)
            for i, item in enumerate(getattr(content, attr)):
                first = lib.where.get((attr, item.id))
                if first is not None:
                    problems.append(doc.problem((attr, i, "id"), f"duplicate {word} id {item.id!r}", f"first defined at {first}"))
                    continue
                table[item.id] = item
                line = doc.position((attr, i))
                lib.where[(attr, item.id)] = f"{doc.file}:{line[0]}" if line else doc.file
    for doc in docs:
        for i, raw in enumerate(doc.data.get("unit_types") or []):
            for eq in (raw.get("equipment") or {}) if isinstance(raw, dict) else {}:
                if eq not in lib.equipment:
                    problems.append(doc.problem(("unit_types", i, "equipment", eq), f"unknown equipment {eq!r}", did_you_mean(eq, lib.equipment)))
    sources = load_source_ids(root)
    if isinstance(sources, set):
        for doc in docs:
            problems.extend(check_sources(doc.data, doc.problem, sources))
    elif sources:
        problems.extend(sources)
    return lib, problems


def load_content(root: Path | None = None) -> Library:
    """All content files under ``<root>/units`` merged into one :class:`Library`.

    Raises :class:`ScenarioError` listing every located problem in every file.
    """
    lib, problems = collect_content(root)
    if problems:
        raise ScenarioError(problems)
    return lib


def load_source_ids(root: Path | None = None) -> set[str] | list[Problem] | None:
    """Ids in ``<root>/sources.yaml``; None when the file is absent, problems when it is broken.

    The file is a list of ``{id, title, url}`` entries, or a mapping with such a
    list under ``sources:``.
    """
    root = Path(root) if root is not None else DEFAULT_ROOT
    path = root / "sources.yaml"
    if not path.is_file():
        return None
    try:
        doc = load_yaml(path, display=lambda p: display_path(p, root))
    except ScenarioError as exc:
        return exc.problems
    entries: Any = doc.data
    base: Path_ = ()
    if isinstance(entries, dict) and "sources" in entries:
        entries, base = entries["sources"], ("sources",)
    if not isinstance(entries, list):
        return [doc.problem(base, "expected a list of sources, each with id, title and url")]
    ids: set[str] = set()
    problems: list[Problem] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(doc.problem(base + (i,), "each source needs an 'id' written as text"))
        elif entry["id"] in ids:
            problems.append(doc.problem(base + (i, "id"), f"duplicate source id {entry['id']!r}"))
        else:
            ids.add(entry["id"])
    return problems or ids


def _src_lists(data: Any, path: Path_) -> Iterator[tuple[Path_, list[Any]]]:
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key == "src" and isinstance(value, list):
                yield path + (key,), value
            else:
                yield from _src_lists(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _src_lists(value, path + (i,))


def check_sources(data: Any, problem: ProblemAt, sources: set[str], base: Path_ = ()) -> list[Problem]:
    """Every ``src:`` id anywhere in ``data`` must be a source id."""
    out = []
    for path, ids in _src_lists(data, base):
        for i, sid in enumerate(ids):
            if isinstance(sid, str) and sid not in sources:
                out.append(problem(path + (i,), f"unknown source id {sid!r}", did_you_mean(sid, sources)))
    return out
