"""The committed map is exactly what ``tools/build_map.py`` makes from the shared sources."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.hexmap.theatre import ASSET_DIR

REPO = Path(__file__).resolve().parents[2]


def _shared() -> Path | None:
    try:
        import shapely  # noqa: F401  (a build-only dependency)
        from game.hexmap.build.sources import shared_dir
    except ImportError:
        return None
    root = shared_dir()
    return root if (root / "geodata" / "elevation_globe_30s.npy").exists() else None


@pytest.mark.skipif(_shared() is None, reason="../shared geodata (or shapely) not available")
def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "theatre"
    subprocess.run([sys.executable, str(REPO / "tools" / "build_map.py"), "--out", str(out)], check=True,
                   capture_output=True, cwd=REPO)
    for suffix in (".npz", ".json"):
        assert out.with_suffix(suffix).read_bytes() == (ASSET_DIR / "theatre").with_suffix(suffix).read_bytes(), suffix


def test_runtime_does_not_import_shapely() -> None:
    code = ("import sys; import game.hexmap, game.hexmap.los, game.hexmap.commands, game.hexmap.layout;"
            "from game.hexmap.theatre import load_theatre; t = load_theatre();"
            "from game.hexmap.los import visible_hexes; visible_hexes(t, 100);"
            "assert 'shapely' not in sys.modules and 'matplotlib' not in sys.modules, sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, env={"PYTHONPATH": str(REPO)})
