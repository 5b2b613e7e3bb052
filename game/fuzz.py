"""``karabakh fuzz``: feed the scenario loader thousands of damaged scenario files.

Every input must end in a loaded scenario or a located :class:`ScenarioError`
— never another exception — within ``--max-seconds`` and ``--max-mb`` of
memory. Inputs are mutations of the real files (a manifest, an order of
battle, a content file): lines deleted, duplicated, swapped or cut short,
values retyped, keys misspelt, indentation broken, aliases and tags added.
Mutations are drawn from a seeded generator, so a failure is reproducible by
its seed and index; the failing input is written to ``--out``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NOISE = ["", "~", "null", "[]", "{}", "-1", "1e99", "'x'", "T-99", "!!python/object:os.system", "*a", "&a x",
         "\t", ": :", "{a: [", "2020-13-45", "yes", "0x1F", "'''", "\"\\u0000\"", "- - -", "? x"]


def mutate(text: str, rng: np.random.Generator) -> str:
    """One to three random edits of a YAML text."""
    lines = text.splitlines()
    for _ in range(int(rng.integers(1, 4))):
        if not lines:
            lines = [""]
        k = int(rng.integers(len(lines)))
        op = int(rng.integers(9))
        line = lines[k]
        if op == 0:
            del lines[k]
        elif op == 1:
            lines.insert(k, line)
        elif op == 2 and len(lines) > 1:
            j = int(rng.integers(len(lines)))
            lines[k], lines[j] = lines[j], lines[k]
        elif op == 3 and line:
            cut = int(rng.integers(len(line)))
            lines[k] = line[:cut]
        elif op == 4 and ":" in line:
            key, _, _ = line.partition(":")
            lines[k] = f"{key}: {NOISE[int(rng.integers(len(NOISE)))]}"
        elif op == 5 and ":" in line:
            key, sep, rest = line.partition(":")
            if key.strip():
                pos = int(rng.integers(len(key)))
                key = key[:pos] + "zq"[int(rng.integers(2))] + key[pos + 1:]
            lines[k] = key + sep + rest
        elif op == 6:
            lines[k] = (" " * int(rng.integers(1, 4))) + line
        elif op == 7:
            lines.insert(k, NOISE[int(rng.integers(len(NOISE)))])
        else:
            digits = [i for i, c in enumerate(line) if c.isdigit()]
            if digits:
                i = digits[int(rng.integers(len(digits)))]
                lines[k] = line[:i] + str(int(rng.integers(10))) * int(rng.integers(1, 8)) + line[i + 1:]
    return "\n".join(lines) + ("\n" if rng.random() < 0.9 else "")


def fuzz(inputs: int, seed: int, fixtures: Path, max_seconds: float, max_mb: float, out: Path | None, progress: bool = True) -> dict[str, float]:
    from game.scenario.errors import ScenarioError
    from game.scenario.loader import load_scenario

    sys.path.insert(0, str(ROOT))
    from tests.scenario.scenario_fixtures import (
        build_theatre,  # the small synthetic map the fixtures use
    )

    theatre = build_theatre()
    files = sorted(p.relative_to(fixtures) for p in fixtures.rglob("*.yaml"))
    rng = np.random.Generator(np.random.PCG64(seed))
    worst_s = 0.0
    worst_mb = 0.0
    loaded = errors = 0
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=inputs, unit="input", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "scenarios"
        for i in range(inputs):
            if root.exists():
                shutil.rmtree(root)
            shutil.copytree(fixtures, root)
            target = files[int(rng.integers(len(files)))]
            original = (fixtures / target).read_text(encoding="utf-8")
            bad = mutate(original, rng)
            (root / target).write_text(bad, encoding="utf-8")
            tracemalloc.start()
            t0 = time.process_time()  # CPU time: a busy machine must not fail an input
            try:
                load_scenario("base", root=root, theatre=theatre)
                loaded += 1
            except ScenarioError as e:
                errors += 1
                if not str(e).strip() or ":" not in str(e).splitlines()[0]:
                    _fail(out, i, seed, target, bad, f"an error message without a location: {e!r}")
            except Exception as e:  # noqa: BLE001 - this is what the fuzzer hunts
                _fail(out, i, seed, target, bad, f"{type(e).__name__}: {e}")
            dt = time.process_time() - t0
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            worst_s, worst_mb = max(worst_s, dt), max(worst_mb, peak)
            if dt > max_seconds or peak > max_mb:
                _fail(out, i, seed, target, bad, f"took {dt:.2f} s and {peak:.0f} MB (limits {max_seconds} s, {max_mb} MB)")
            if bar:
                bar.update()
    if bar:
        bar.close()
    return {"inputs": inputs, "loaded": loaded, "errors": errors, "worst_s": worst_s, "worst_mb": worst_mb}


class FuzzFailure(AssertionError):
    pass


def _fail(out: Path | None, i: int, seed: int, target: Path, text: str, why: str) -> None:
    where = ""
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        p = out / f"seed{seed}-input{i}-{target.name}"
        p.write_text(text, encoding="utf-8")
        where = f" (input written to {p})"
    raise FuzzFailure(f"input {i} (seed {seed}, mutating {target}): {why}{where}")


def cmd_fuzz(args: argparse.Namespace) -> int:
    fixtures = ROOT / "tests" / "scenario" / "fixtures"
    if not fixtures.exists():
        print(f"karabakh fuzz: {fixtures} not found (run from a source checkout)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        r = fuzz(args.inputs, args.seed, fixtures, args.max_seconds, args.max_mb, Path(args.out) if args.out else None, not args.no_progress)
    except FuzzFailure as e:
        print(f"fuzz failure: {e}", file=sys.stderr)
        return 1
    print(f"{r['inputs']} inputs: {r['loaded']} loaded, {r['errors']} refused with a located error, none crashed; "
          f"slowest {r['worst_s'] * 1000:.0f} ms, largest {r['worst_mb']:.1f} MB ({time.perf_counter() - t0:.0f} s)")
    return 0
