"""The parts of the build that pyproject.toml cannot say: the C extension and the game's data files.

* The path searches of ``game/rules/paths.py`` are a small C extension. It is optional: without a C
  compiler the install still succeeds, and the game runs the same searches in Python (same results,
  more slowly; ``game.rules.paths.COMPILED`` says which).
* A plain ``pip install .`` copies the scenarios, the built map and the calibration bands to
  ``<prefix>/share/karabakh-wargame/``, where ``game/datadir.py`` finds them; a checkout and an
  editable install use the folders beside the code.
"""

from pathlib import Path

from setuptools import Extension, setup

SHARE = "share/karabakh-wargame"
HERE = Path(__file__).resolve().parent


def data_files() -> list[tuple[str, list[str]]]:
    files = [p for pattern in ("scenarios/**/*.yaml", "assets/map/*.npz", "assets/map/*.json") for p in HERE.glob(pattern)]
    files.append(HERE / "calibration" / "bands.yaml")
    by_dir: dict[str, list[str]] = {}
    for p in sorted(files):
        rel = p.relative_to(HERE)
        by_dir.setdefault(f"{SHARE}/{rel.parent.as_posix()}", []).append(rel.as_posix())
    return sorted(by_dir.items())


setup(
    ext_modules=[Extension("game.rules._paths", ["game/rules/_paths.c"], optional=True)],
    data_files=data_files(),
)
