"""The committed map: structure, persistence and the checks against reality."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import numpy as np
import pytest
import yaml

from game.hexmap.hexgrid import hex_neighbours
from game.hexmap.theatre import (
    CONTROL_ARMENIA,
    CONTROL_AZERBAIJAN,
    CONTROL_NEUTRAL,
    Country,
    RiverClass,
    RoadClass,
    Terrain,
    TheatreMap,
)


def at(tm: TheatreMap, lat: float, lon: float) -> int:
    return tm.index_of_latlon(lat, lon)


# --- structure -------------------------------------------------------------------------

def test_hex_count_and_shapes(theatre: TheatreMap) -> None:
    assert 6000 <= theatre.n <= 9000
    for f in theatre.ARRAY_FIELDS:
        arr = getattr(theatre, f)
        assert arr.shape[0] == theatre.n, f
    assert theatre.river.shape == theatre.road.shape == (theatre.n, 6)


def test_neighbour_table_matches_hex_neighbours(theatre: TheatreMap) -> None:
    nb = theatre.neighbours
    for i in range(0, theatre.n, 37):
        for d, h in enumerate(hex_neighbours(theatre.hex_at(i))):
            assert nb[i, d] == (theatre.index(h) if theatre.contains(h) else -1)


@pytest.mark.parametrize("layer", ["river", "road"])
def test_hexside_layers_are_symmetric(theatre: TheatreMap, layer: str) -> None:
    arr = getattr(theatre, layer)
    nb = theatre.neighbours
    i, d = np.nonzero(arr)
    assert (nb[i, d] >= 0).all()
    assert np.array_equal(arr[i, d], arr[nb[i, d], (d + 3) % 6])


def test_save_load_round_trip(theatre: TheatreMap, tmp_path: Path) -> None:
    theatre.save(tmp_path / "copy")
    again = TheatreMap.load(tmp_path / "copy")
    for f in (*theatre.ARRAY_FIELDS, "viewshed"):
        assert np.array_equal(getattr(theatre, f), getattr(again, f)), f
    assert again.towns == theatre.towns and again.districts == theatre.districts
    theatre.save(tmp_path / "copy2")
    assert (tmp_path / "copy.npz").read_bytes() == (tmp_path / "copy2.npz").read_bytes()


def test_towns_point_at_their_hexes(theatre: TheatreMap) -> None:
    for k, t in enumerate(theatre.towns):
        assert theatre.town[t.hex_index] == k
    assert len({t.id for t in theatre.towns}) == len(theatre.towns)


# --- reality checks (tests/hexmap/data/reality_checks.yaml) ---------------------------------

CHECKS = yaml.safe_load((Path(__file__).parent / "data" / "reality_checks.yaml").read_text(encoding="utf-8"))["places"]
CONTROL_NAMES = {"azerbaijan": CONTROL_AZERBAIJAN, "armenia": CONTROL_ARMENIA, "neutral": CONTROL_NEUTRAL}


@pytest.mark.parametrize("place", CHECKS, ids=[p["name"] for p in CHECKS])
def test_reality_check(theatre: TheatreMap, place: dict[str, object]) -> None:
    i = at(theatre, float(place["lat"]), float(place["lon"]))  # type: ignore[arg-type]
    if "control" in place:
        assert theatre.control0[i] == CONTROL_NAMES[str(place["control"])]
    for field in ("elev_mean", "elev_max"):
        if field in place:
            lo, hi = place[field]  # type: ignore[misc]
            assert lo <= getattr(theatre, field)[i] <= hi, (field, getattr(theatre, field)[i])


def test_shusha_and_stepanakert_are_different_hexes(theatre: TheatreMap) -> None:
    assert at(theatre, 39.758, 46.750) != at(theatre, 39.815, 46.752)
    assert theatre.find_town("shusha").hex_index != theatre.find_town("stepanakert").hex_index


def test_lake_sevan_and_sarsang_are_water(theatre: TheatreMap) -> None:
    assert theatre.terrain[at(theatre, 40.30, 45.45)] == Terrain.WATER  # Lake Sevan, south-east basin
    assert theatre.terrain[at(theatre, 40.1814, 46.6171)] == Terrain.WATER
    assert not theatre.passable[at(theatre, 40.1814, 46.6171)]


# --- control at the start ----------------------------------------------------------------

AZ_HELD_TOWNS = ["tartar", "horadiz", "jojug_marjanli", "barda"]
AM_HELD_TOWNS = ["madagiz", "fuzuli", "agdam", "zangilan", "gubadli", "jabrayil", "lachin", "kalbajar",
                 "stepanakert", "shusha", "martuni", "martakert", "talish", "hadrut"]


@pytest.mark.parametrize("name", AZ_HELD_TOWNS)
def test_azerbaijani_held_town(theatre: TheatreMap, name: str) -> None:
    t = theatre.find_town(name)
    assert t is not None and theatre.control0[t.hex_index] == CONTROL_AZERBAIJAN


@pytest.mark.parametrize("name", AM_HELD_TOWNS)
def test_armenian_held_town(theatre: TheatreMap, name: str) -> None:
    t = theatre.find_town(name)
    assert t is not None and theatre.control0[t.hex_index] == CONTROL_ARMENIA


def test_goranboy_district_azerbaijani_held(theatre: TheatreMap) -> None:
    # Goranboy town (40.61 N) lies just north of the map edge. Its district reaches up to the Murovdag
    # crest, where the coarse district polygon and the line disagree by a hex or so.
    k = next(i for i, d in enumerate(theatre.districts) if d.name == "Goranboy")
    district = theatre.district == k
    assert np.mean(theatre.control0[district] == CONTROL_AZERBAIJAN) > 0.95
    assert (theatre.control0[district & (theatre.lat > 40.35)] == CONTROL_AZERBAIJAN).all()
    assert theatre.control0[at(theatre, 40.597, 46.79)] == CONTROL_AZERBAIJAN  # map edge below the town


def test_control_by_country(theatre: TheatreMap) -> None:
    c, ctl = theatre.country, theatre.control0
    assert (ctl[c == Country.ARMENIA] == CONTROL_ARMENIA).all()
    assert (ctl[c == Country.IRAN] == CONTROL_NEUTRAL).all()
    nakhchivan = (c == Country.AZERBAIJAN) & (theatre.lon < 46.2) & (theatre.lat < 39.6)
    assert nakhchivan.sum() > 100 and (ctl[nakhchivan] == CONTROL_AZERBAIJAN).all()


def test_forts_and_mines_sit_along_the_line(theatre: TheatreMap) -> None:
    am = theatre.control0 == CONTROL_ARMENIA
    assert theatre.fort[am].max() == 3 and theatre.fort[~am].max() <= 2
    assert ((theatre.fort == 3) & ~am).sum() == 0
    assert theatre.mines.max() <= 1.0 and theatre.mines[am].max() > theatre.mines[~am].max()
    fuzuli_front = at(theatre, 39.60, 47.17)
    assert theatre.fort[fuzuli_front] >= 1


# --- rivers and roads ------------------------------------------------------------------------

def test_aras_is_major_along_the_iran_border(theatre: TheatreMap) -> None:
    nb = theatre.neighbours
    b = np.maximum(nb, 0)
    iran = theatre.country == Country.IRAN
    border = (nb >= 0) & ~iran[:, None] & iran[b]
    share = np.mean(theatre.river[border] == RiverClass.MAJOR)
    assert share > 0.7, share
    assert "Aras" in theatre.meta["rivers"] and "Kura" in theatre.meta["rivers"]


@pytest.mark.parametrize("name", ["Tartar", "Hakari", "Khachen", "Voghji/Okhchuchay", "Bazarchay/Vorotan", "Karkar"])
def test_named_rivers_present(theatre: TheatreMap, name: str) -> None:
    sides = theatre.meta["rivers"][name]
    assert len(sides) >= 5
    assert all(theatre.river[i, d] >= RiverClass.RIVER for i, d in sides)


def _road_reach(tm: TheatreMap, start: int, allowed: np.ndarray | None = None) -> np.ndarray:
    seen = np.zeros(tm.n, dtype=bool)
    seen[start] = True
    queue = deque([start])
    while queue:
        u = queue.popleft()
        for d in range(6):
            v = int(tm.neighbours[u, d])
            if tm.road[u, d] and not seen[v] and (allowed is None or allowed[v]):
                seen[v] = True
                queue.append(v)
    return seen


def test_road_goris_lachin_shusha_stepanakert(theatre: TheatreMap) -> None:
    ids = ["goris", "lachin", "shusha", "stepanakert"]
    hexes = [theatre.find_town(i).hex_index for i in ids]
    main_only = np.zeros(theatre.n, dtype=bool)
    main_only[np.nonzero((theatre.road == RoadClass.MAIN).any(axis=1))[0]] = True
    for a, b in zip(hexes, hexes[1:], strict=False):
        assert _road_reach(theatre, a, main_only)[b]
    # ...and Goris reaches Stepanakert only through Lachin and Shusha on the main road.
    for cut in hexes[1:3]:
        blocked = main_only.copy()
        blocked[cut] = False
        assert not _road_reach(theatre, hexes[0], blocked)[hexes[3]]


def test_key_towns_are_on_the_road_network(theatre: TheatreMap) -> None:
    reach = _road_reach(theatre, theatre.find_town("stepanakert").hex_index)
    for t in theatre.towns:
        if t.key:
            assert reach[t.hex_index], t.id


def test_display_names_show_both_sides(theatre: TheatreMap) -> None:
    expect = {"shusha": "Shusha/Shushi", "stepanakert": "Stepanakert/Khankendi", "lachin": "Lachin/Berdzor",
              "kalbajar": "Kalbajar/Karvachar", "martakert": "Martakert/Aghdara", "madagiz": "Madagiz/Sugovushan",
              "martuni": "Martuni/Khojavend"}
    for tid, name in expect.items():
        assert theatre.town_by_id[tid].display_name == name
        assert theatre.find_town(name.split("/")[1]) is not None


# --- terrain classes and the front ---------------------------------------------------------

def test_terrain_classes_where_expected(theatre: TheatreMap) -> None:
    t = theatre.terrain
    assert t[theatre.find_town("stepanakert").hex_index] == Terrain.URBAN
    assert t[theatre.find_town("barda").hex_index] == Terrain.URBAN
    assert t[at(theatre, 39.447, 47.335)] == Terrain.PLAIN  # Horadiz, on the Aras plain
    assert t[at(theatre, 39.154, 46.004)] == Terrain.HIGH_MOUNTAINS  # Kaputjugh massif
    forest = t == Terrain.FOREST
    assert 200 < forest.sum() < 1500
    assert not (forest & (theatre.elev_mean < 450)).any()  # none on the lowland
    near_shusha = (np.abs(theatre.lat - 39.75) < 0.15) & (np.abs(theatre.lon - 46.78) < 0.15)
    assert forest[near_shusha].mean() > 0.2


def test_line_of_contact_is_one_connected_front(theatre: TheatreMap) -> None:
    sides = theatre.front_sides()
    hexes = np.flatnonzero(sides.any(axis=1))
    assert 120 < hexes.size < 300
    # Every line hex has a line hex within two steps: no stray islands of control.
    near = set(hexes.tolist())
    for h in hexes:
        ring = {int(v) for v in theatre.neighbours[h] if v >= 0}
        ring2 = {int(w) for v in ring for w in theatre.neighbours[v] if w >= 0}
        assert (ring | ring2) & (near - {int(h)})


def test_murovdag_sector_is_lightly_held(theatre: TheatreMap) -> None:
    murov = (theatre.lon < 46.6) & (theatre.lat > 40.2)
    assert theatre.fort[murov].max() <= 1
    front = (theatre.lon > 46.8) & (theatre.lat < 40.2)
    assert theatre.fort[front].max() == 3
