"""``karabakh validate`` and ``karabakh schema``.

``validate`` is what an author runs after every edit and what CI runs over the
whole ``scenarios/`` folder, so it must always end with a list of located
problems and an exit code, never with a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from game.hexmap.theatre import TheatreMap

from .content import DEFAULT_ROOT, collect_content, load_source_ids, require_mapping
from .errors import Problem, ScenarioError, display_path
from .loader import check_orbat, default_theatre, load_scenario
from .model import ContentFile, Orbat, Scenario
from .yamlsafe import load_yaml

__all__ = ["EXIT_INVALID", "check_file", "cmd_schema", "cmd_validate", "file_kind", "schema_for"]

EXIT_INVALID = 2

SCHEMA_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "scenario": (Scenario, "Karabakh 2020 scenario manifest (scenarios/<id>.yaml)"),
    "orbat": (Orbat, "Karabakh 2020 order of battle (scenarios/orbats/*.yaml)"),
    "content": (ContentFile, "Karabakh 2020 content library file (scenarios/units/*.yaml)"),
}


def file_kind(path: Path, data: Any) -> str | None:
    """``scenario``, ``orbat``, ``content`` or ``sources``: by folder first, then by keys;
    a file directly in a scenarios folder is a manifest; None for anything else."""
    if path.name == "sources.yaml":
        return "sources"
    if path.parent.name == "units":
        return "content"
    if path.parent.name == "orbats":
        return "orbat"
    if isinstance(data, dict):
        keys = set(data)
        if keys & {"sides", "extends", "start_date", "max_turns"}:
            return "scenario"
        if keys & {"unit_types", "equipment", "air_types"}:
            return "content"
        if keys & {"side", "units", "reinforcements"}:
            return "orbat"
    if (path.parent / "units").is_dir() or (path.parent / "orbats").is_dir():
        return "scenario"
    return None


def _root_for(path: Path) -> Path:
    """The scenarios folder a file belongs to: the nearest folder above it that holds
    ``units/`` or ``orbats/``; else the project's own."""
    for parent in path.resolve().parents:
        if (parent / "units").is_dir() or (parent / "orbats").is_dir():
            return parent
    return DEFAULT_ROOT


def _optional_theatre() -> TheatreMap | None:
    try:
        return default_theatre("theatre")
    except (OSError, ValueError, KeyError):
        return None


def check_file(
    path: Path, *, root: Path | None = None, theatre: TheatreMap | None = None, skip_unknown: bool = False
) -> list[Problem] | None:
    """Every problem in one file, judged by its kind. A scenario is checked in full
    (its orbats, content and map too); orbats and content files on their own.

    A file of no known kind is a problem, or with ``skip_unknown`` gives None: a
    folder may hold other data (reference tables) beside the scenario files.
    """
    path = Path(path)
    if path.name == "sources.yaml":
        ids = load_source_ids(path.parent)
        return ids if isinstance(ids, list) else []
    try:
        doc = load_yaml(path, display=lambda p: display_path(p, root))
    except ScenarioError as exc:
        return exc.problems
    kind = file_kind(path, doc.data)
    if kind is None and skip_unknown:
        return None
    try:
        require_mapping(doc)
    except ScenarioError as exc:
        return exc.problems
    root = Path(root) if root is not None else _root_for(path)
    name = display_path(path, root)
    if kind is None:
        return [Problem(
            name, None, None, "", "not a scenario, order-of-battle, content or sources file",
            "a manifest has 'sides', an orbat 'side' and 'units', a content file 'equipment', 'air_types' or 'unit_types'",
        )]
    try:
        if kind == "scenario":
            load_scenario(path, theatre=theatre, root=root)
            return []
        if kind == "orbat":
            return check_orbat(path, root=root, theatre=theatre or _optional_theatre())
        if kind == "content":
            _, problems = collect_content(root, extra=[path])
            return [p for p in problems if p.file == name]
        return []  # "sources" is handled above
    except ScenarioError as exc:
        return exc.problems


def _files(paths: list[str]) -> tuple[list[tuple[Path, bool]], list[str]]:
    """``(file, found in a folder)`` pairs, and the paths that do not exist."""
    files: list[tuple[Path, bool]] = []
    missing: list[str] = []
    for text in paths:
        p = Path(text)
        if p.is_dir():
            files += [(q, True) for q in sorted(p.rglob("*")) if q.suffix in (".yaml", ".yml") and q.is_file()]
        elif p.is_file():
            files.append((p, False))
        else:
            missing.append(text)
    return files, missing


def cmd_validate(args: argparse.Namespace) -> int:
    """Check files or folders; print ``OK path`` or located problems. Exit 0 if all are valid, else 2."""
    paths: list[str] = list(getattr(args, "paths", None) or [])
    if not paths:
        paths = ["scenarios"] if Path("scenarios").is_dir() else [str(DEFAULT_ROOT)]
    files, missing = _files(paths)
    bad = len(missing)
    for text in missing:
        print(f"{text}: no such file or folder")
    for path, in_folder in files:
        name = display_path(path)
        try:
            problems = check_file(path, skip_unknown=in_folder)
        except Exception as exc:  # noqa: BLE001 - the command must report, never crash
            problems = [Problem(name, None, None, "", f"internal error while checking this file: {type(exc).__name__}: {exc}")]
        if problems is None:
            print(f"SKIP {name} (not a scenario, order-of-battle or content file)")
        elif problems:
            bad += 1
            for p in problems:
                print(p)
        else:
            print(f"OK {name}")
    if not files and not missing:
        print("no YAML files found in " + ", ".join(paths))
        return EXIT_INVALID
    if bad:
        print(f"{bad} of {len(files) + len(missing)} files have problems", file=sys.stderr)
    return EXIT_INVALID if bad else 0


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file, with ``$id`` and a title editors can show."""
    model, title = SCHEMA_KINDS[kind]
    body = model.model_json_schema()
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:karabakh-wargame:schema:{kind}",
        "title": title,
    }
    body.pop("title", None)
    return head | body


def cmd_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema for ``--kind`` (scenario, orbat or content)."""
    kind = getattr(args, "kind", None) or "scenario"
    if kind not in SCHEMA_KINDS:
        print(f"unknown schema kind {kind!r}; choose one of {', '.join(SCHEMA_KINDS)}", file=sys.stderr)
        return EXIT_INVALID
    text = json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
    out = getattr(args, "out", None)
    if out:
        try:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_INVALID
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
