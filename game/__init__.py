"""A turn-based strategic wargame of the Second Nagorno-Karabakh War (27 September - 10 November 2020).

The engine (everything here except :mod:`game.ui`) never imports pygame. Start
reading at :mod:`game.engine` (the turn loop) and ``docs/architecture.md``.
"""

__version__ = "0.1.0"
