"""Hex grid, projection and the theatre map."""

from .hexgrid import DIRECTIONS, Hex, hex_distance, hex_line, hex_neighbours, hex_ring
from .projection import THEATRE, Projection
from .theatre import Country, RiverClass, RoadClass, Terrain, TheatreMap, Town, load_theatre

__all__ = [
    "DIRECTIONS", "THEATRE", "Country", "Hex", "Projection", "RiverClass", "RoadClass",
    "Terrain", "TheatreMap", "Town", "hex_distance", "hex_line", "hex_neighbours", "hex_ring",
    "load_theatre",
]
