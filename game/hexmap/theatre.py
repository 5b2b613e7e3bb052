"""The theatre map: per-hex numpy arrays plus small tables of towns, districts and rivers.

A map is a rectangle of ``nrows x ncols`` hexes in odd-r offset order; the hex
index is ``row * ncols + col``. Every per-hex attribute is a numpy array
indexed by that index, so that rules can work on whole layers at once.
Hexside features (rivers, roads) are ``(N, 6)`` arrays indexed by direction
(see :mod:`game.hexmap.hexgrid`), kept symmetric: a river between hexes ``a``
and ``b`` appears at ``a``'s side towards ``b`` and at ``b``'s side towards ``a``.

The derived map is stored as ``<name>.npz`` (arrays) beside ``<name>.json``
(tables and metadata). It is built from ``../shared/geodata`` by
``tools/build_map.py`` and committed under ``assets/map/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from game.datadir import data_dir

from .hexgrid import DQ, DR, Hex, axial_to_offset, offset_to_axial
from .projection import THEATRE, Projection

__all__ = [
    "ASSET_DIR",
    "contact_sides",
    "Country",
    "District",
    "RiverClass",
    "RoadClass",
    "Terrain",
    "TheatreMap",
    "Town",
    "load_theatre",
]

ASSET_DIR = data_dir("assets") / "map"
MAP_FORMAT_VERSION = 1


#: Neighbourhood of a cell in :attr:`TheatreMap.axial_grid`: offsets (row ``dr`` + 1, column ``dq`` + 1) of the six
#: axial directions, and the cell itself.
AXIAL_NEIGHBOURHOOD = np.zeros((3, 3), dtype=bool)
AXIAL_NEIGHBOURHOOD[1, 1] = True
AXIAL_NEIGHBOURHOOD[DR + 1, DQ + 1] = True


class Terrain(IntEnum):
    PLAIN = 0
    HILLS = 1
    MOUNTAINS = 2
    HIGH_MOUNTAINS = 3
    URBAN = 4
    FOREST = 5
    WATER = 6  # lakes and reservoirs: impassable to ground units


TERRAIN_NAMES = {t: t.name.lower().replace("_", " ") for t in Terrain}


class Country(IntEnum):
    """De jure state of a hex (Natural Earth boundaries)."""

    AZERBAIJAN = 0
    ARMENIA = 1
    IRAN = 2


class RiverClass(IntEnum):
    NONE = 0
    STREAM = 1  # DEM-derived reach, fordable with some delay
    RIVER = 2  # named river (Hakari, Tartar, Khachen, Vorotan/Bazarchay...)
    MAJOR = 3  # Aras, Kura: bridges only


class RoadClass(IntEnum):
    NONE = 0
    ROAD = 1
    MAIN = 2


#: Control values in the ``control0`` layer and in the game state.
CONTROL_AZERBAIJAN = 0
CONTROL_ARMENIA = 1
CONTROL_NEUTRAL = -1  # Iran: off limits to both sides


def contact_sides(control: NDArray[np.integer], country: NDArray[np.integer], neighbours: NDArray[np.int32]) -> NDArray[np.bool_]:
    """(n, 6) True on the hexsides of the front: control differs between two hexes inside Azerbaijan's borders.

    With ``control0`` this is the 1994-2020 line of contact. The Armenia-Azerbaijan
    state border (including Nakhchivan's) is a border, not part of this line.
    """
    valid = neighbours >= 0
    b = np.where(valid, neighbours, 0)
    az = country == Country.AZERBAIJAN
    c = control
    out: NDArray[np.bool_] = valid & az[:, None] & az[b] & (c[b] != c[:, None]) & (c[:, None] >= 0) & (c[b] >= 0)
    return out


@dataclass(frozen=True)
class Town:
    id: str
    name_en: str
    name_az: str | None
    name_hy: str | None
    lat: float
    lon: float
    hex_index: int
    population: int
    key: bool = False  # a victory location / named in captures
    country: str = "AZ"

    @property
    def display_name(self) -> str:
        """Both sides' names where they differ, e.g. ``Shusha/Shushi``."""
        names = [self.name_en]
        for other in (self.name_az, self.name_hy):
            if other and other not in names:
                names.append(other)
        return "/".join(names[:2]) if len(names) > 1 else names[0]


@dataclass(frozen=True)
class District:
    id: int
    name: str
    country: str


@dataclass
class TheatreMap:
    """All per-hex layers of the theatre. Arrays have length ``n`` (or shape ``(n, 6)``)."""

    projection: Projection
    nrows: int
    ncols: int
    elev_mean: NDArray[np.int16]
    elev_max: NDArray[np.int16]
    roughness: NDArray[np.float32]  # std-dev of elevation inside the hex, metres
    terrain: NDArray[np.uint8]  # Terrain
    country: NDArray[np.uint8]  # Country
    district: NDArray[np.int16]  # index into districts, -1 none
    river: NDArray[np.uint8]  # (n, 6) RiverClass per hexside
    road: NDArray[np.uint8]  # (n, 6) RoadClass per hexside
    control0: NDArray[np.int8]  # controller at scenario start (1994-2020 line of contact)
    fort: NDArray[np.uint8]  # fortification level 0..3 (belt behind the LoC)
    mines: NDArray[np.float32]  # minefield density 0..1 (in front of the LoC)
    town: NDArray[np.int16]  # index into towns, -1 none
    towns: list[Town] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    #: Optional precomputed layers (absent from older files): the packed line-of-sight
    #: bitmask over a disc around each hex (see :mod:`game.hexmap.los`).
    viewshed: NDArray[np.uint8] | None = None

    # --- geometry -----------------------------------------------------------
    @property
    def n(self) -> int:
        return self.nrows * self.ncols

    @cached_property
    def q(self) -> NDArray[np.int32]:
        rows, cols = np.divmod(np.arange(self.n, dtype=np.int32), self.ncols)
        q: NDArray[np.int32] = (cols - (rows - (rows & 1)) // 2).astype(np.int32)
        return q

    @cached_property
    def r(self) -> NDArray[np.int32]:
        return (np.arange(self.n, dtype=np.int32) // self.ncols).astype(np.int32)

    @cached_property
    def neighbours(self) -> NDArray[np.int32]:
        """``(n, 6)`` hex index of each neighbour, -1 beyond the map edge."""
        nq = self.q[:, None] + DQ[None, :]
        nr = self.r[:, None] + DR[None, :]
        col = nq + (nr - (nr & 1)) // 2
        ok = (nr >= 0) & (nr < self.nrows) & (col >= 0) & (col < self.ncols)
        idx = nr * self.ncols + col
        return np.where(ok, idx, -1).astype(np.int32)

    @cached_property
    def axial_grid(self) -> tuple[tuple[int, int], NDArray[np.int64]]:
        """The shape of a 2-D array indexed ``[r + 1, q - min q + 1]`` (axial rows and columns) and each hex's flat position in it.

        In that array the six neighbours of a hex sit at the fixed offsets of :data:`AXIAL_NEIGHBOURHOOD`,
        so grid operations (``scipy.ndimage`` labelling, shifted sums) work on the map's hex adjacency;
        cells that are no hex of the map, including a border one cell wide, stay empty.
        """
        q0 = int(self.q.min())
        shape = (int(self.r.max()) + 3, int(self.q.max()) - q0 + 3)
        cells = (self.r.astype(np.int64) + 1) * shape[1] + (self.q.astype(np.int64) - q0 + 1)
        return shape, cells

    def neighbour_counts(self, mask: NDArray[np.bool_]) -> NDArray[np.int8]:
        """Per hex, how many of its neighbours on the map are set in ``mask``."""
        (h, w), cells = self.axial_grid
        flat = np.zeros(h * w, dtype=np.int8)
        flat[cells] = mask
        grid = flat.reshape(h, w)
        count = np.zeros((h, w), dtype=np.int8)
        inner = count[1:h - 1, 1:w - 1]  # every hex sits inside the border
        for dq, dr in zip(DQ.tolist(), DR.tolist(), strict=True):
            inner += grid[1 + dr:h - 1 + dr, 1 + dq:w - 1 + dq]
        out: NDArray[np.int8] = count.ravel()[cells]
        return out

    @cached_property
    def neighbours_padded(self) -> NDArray[np.int32]:
        """:attr:`neighbours` with ``n`` (one past the last hex) for "beyond the map edge", for padded lookups."""
        out: NDArray[np.int32] = np.where(self.neighbours >= 0, self.neighbours, self.n).astype(np.int32)
        return out

    @cached_property
    def qs(self) -> tuple[int, ...]:
        """``q`` of every hex as plain ints (for scalar arithmetic)."""
        return tuple(int(x) for x in self.q)

    @cached_property
    def rs(self) -> tuple[int, ...]:
        """``r`` of every hex as plain ints (for scalar arithmetic)."""
        return tuple(int(x) for x in self.r)

    @cached_property
    def neighbour_lists(self) -> tuple[tuple[int, ...], ...]:
        """Per hex, the indices of its neighbours on the map (direction order), as plain ints."""
        return tuple(tuple(int(x) for x in row if x >= 0) for row in self.neighbours)

    @cached_property
    def lat(self) -> NDArray[np.float64]:
        return self.projection.hex_to_latlon_arrays(self.q, self.r)[0]

    @cached_property
    def lon(self) -> NDArray[np.float64]:
        return self.projection.hex_to_latlon_arrays(self.q, self.r)[1]

    def contains(self, h: Hex) -> bool:
        col, row = axial_to_offset(h)
        return 0 <= row < self.nrows and 0 <= col < self.ncols

    def index(self, h: Hex) -> int:
        """Hex index of an axial coordinate; raises KeyError off the map."""
        q, row = h
        col = q + (row - (row & 1)) // 2  # axial_to_offset, inlined: this is called for every order
        if not (0 <= row < self.nrows and 0 <= col < self.ncols):
            raise KeyError(f"hex {h} is off the map")
        return row * self.ncols + col

    def hex_at(self, index: int) -> Hex:
        row, col = divmod(int(index), self.ncols)
        return offset_to_axial(col, row)

    def index_of_latlon(self, lat: float, lon: float) -> int:
        return self.index(self.projection.latlon_to_hex(lat, lon))

    @cached_property
    def passable(self) -> NDArray[np.bool_]:
        """Ground units may stand here: not water, not Iran."""
        ok: NDArray[np.bool_] = (self.terrain != Terrain.WATER) & (self.country != Country.IRAN)
        return ok

    def front_sides(self, control: NDArray[np.integer] | None = None) -> NDArray[np.bool_]:
        """Hexsides of the front for a control layer (default ``control0``: the line of contact)."""
        return contact_sides(self.control0 if control is None else control, self.country, self.neighbours)

    @cached_property
    def town_by_id(self) -> dict[str, Town]:
        return {t.id: t for t in self.towns}

    @cached_property
    def _towns_by_name(self) -> dict[str, Town]:
        """Every lower-cased id and name of every town -> the first town (in map order) that has it."""
        out: dict[str, Town] = {}
        for t in self.towns:
            names = {t.id.lower(), t.name_en.lower()}
            names |= {n.lower() for n in (t.name_az, t.name_hy) if n}
            names |= {p.lower() for p in t.display_name.split("/")}
            for n in names:
                out.setdefault(n, t)
        return out

    def find_town(self, name: str) -> Town | None:
        """Find a town by id or by any of its names (case-insensitive)."""
        return self._towns_by_name.get(name.strip().lower())

    # --- persistence --------------------------------------------------------
    ARRAY_FIELDS = (
        "elev_mean", "elev_max", "roughness", "terrain", "country", "district",
        "river", "road", "control0", "fort", "mines", "town",
    )
    OPTIONAL_ARRAY_FIELDS = ("viewshed",)

    def save(self, stem: Path) -> None:
        """Write ``stem.npz`` and ``stem.json`` (deterministic content)."""
        stem = Path(stem)
        stem.parent.mkdir(parents=True, exist_ok=True)
        arrays = {f: getattr(self, f) for f in self.ARRAY_FIELDS}
        arrays.update({f: getattr(self, f) for f in self.OPTIONAL_ARRAY_FIELDS if getattr(self, f) is not None})
        _save_npz_deterministic(stem.with_suffix(".npz"), arrays)
        doc = {
            "format_version": MAP_FORMAT_VERSION,
            "projection": {
                k: getattr(self.projection, k)
                for k in ("lon_min", "lon_max", "lat_min", "lat_max", "lat0", "spacing_km")
            },
            "nrows": self.nrows,
            "ncols": self.ncols,
            "towns": [t.__dict__ for t in self.towns],
            "districts": [d.__dict__ for d in self.districts],
            "meta": self.meta,
        }
        stem.with_suffix(".json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, stem: Path) -> TheatreMap:
        stem = Path(stem)
        doc = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        if doc.get("format_version") != MAP_FORMAT_VERSION:
            raise ValueError(f"{stem}.json: map format {doc.get('format_version')} is not {MAP_FORMAT_VERSION}; rebuild it with tools/build_map.py")
        with np.load(stem.with_suffix(".npz")) as z:
            arrays = {f: z[f] for f in cls.ARRAY_FIELDS}
            arrays.update({f: z[f] for f in cls.OPTIONAL_ARRAY_FIELDS if f in z.files})
        proj = Projection(**doc["projection"])
        return cls(
            projection=proj,
            nrows=doc["nrows"],
            ncols=doc["ncols"],
            towns=[Town(**t) for t in doc["towns"]],
            districts=[District(**d) for d in doc["districts"]],
            meta=doc.get("meta", {}),
            **arrays,
        )


def _save_npz_deterministic(path: Path, arrays: dict[str, NDArray[Any]]) -> None:
    """Like ``np.savez_compressed`` but with fixed zip timestamps, so equal maps give equal bytes."""
    import io
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())


_CACHE: dict[str, TheatreMap] = {}


def load_theatre(name: str = "theatre") -> TheatreMap:
    """Load a committed map from ``assets/map/`` (cached per process; treat as read-only)."""
    if name not in _CACHE:
        _CACHE[name] = TheatreMap.load(ASSET_DIR / name)
    return _CACHE[name]


def town_label(name: str, map_name: str = "theatre") -> str:
    """A town named in a game record (``Shusha``) under both sides' names where they differ
    (``Shusha/Shushi``), for reports; the name as it is when the map does not know it."""
    try:
        town = load_theatre(map_name).find_town(name)
    except (FileNotFoundError, OSError, ValueError):
        return name
    return town.display_name if town is not None else name


def default_projection() -> Projection:
    return THEATRE
