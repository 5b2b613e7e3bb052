"""Player settings (window size, full screen, animation speed), kept in a JSON file under the user's config folder."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

RESOLUTIONS = ((1280, 800), (1600, 1000), (1920, 1080), (2560, 1440))
SPEEDS = (0.5, 1.0, 2.0, 4.0)


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "karabakh"


@dataclass
class Settings:
    width: int = 1600
    height: int = 1000
    fullscreen: bool = False
    animation_speed: float = 1.0
    show_grid: bool = True

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read the settings; a missing or unreadable file gives the defaults rather than an error."""
        p = path or config_dir() / "settings.json"
        try:
            raw = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        s = cls()
        if isinstance(raw, dict):
            for f in fields(cls):
                v = raw.get(f.name)
                if isinstance(v, type(getattr(s, f.name))) or (f.type == "float" and isinstance(v, int)):
                    setattr(s, f.name, v)
        return s

    def save(self, path: Path | None = None) -> Path:
        """Write atomically (temporary file, then rename) so that a crash never leaves half a file."""
        p = path or config_dir() / "settings.json"
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".settings.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(self), fh, indent=1)
            os.replace(tmp, p)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return p

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def saves_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "karabakh" / "saves"
