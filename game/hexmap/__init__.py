"""Hex grid, projection and the theatre map."""

from .hexgrid import DIRECTIONS, Hex, hex_distance, hex_line, hex_neighbours, hex_ring
from .layout import Layout
from .projection import THEATRE, Projection
from .theatre import (
    Country,
    RiverClass,
    RoadClass,
    Terrain,
    TheatreMap,
    Town,
    contact_sides,
    load_theatre,
)

__all__ = [
    "DIRECTIONS", "THEATRE", "Country", "Hex", "Layout", "Projection", "RiverClass", "RoadClass",
    "Terrain", "TheatreMap", "Town", "contact_sides", "hex_distance", "hex_line", "hex_neighbours",
    "hex_ring", "load_theatre",
]
