"""The two belligerents. Side 0 is Azerbaijan, side 1 is Armenia with the Artsakh Defence Army."""

from __future__ import annotations

SIDES: tuple[str, str] = ("azerbaijan", "armenia")
AZ, AM = 0, 1
SIDE_LABELS = {"azerbaijan": "Azerbaijan", "armenia": "Armenia and Artsakh"}


def side_index(name: str) -> int:
    try:
        return SIDES.index(name)
    except ValueError:
        raise ValueError(f"unknown side {name!r}; expected one of {', '.join(SIDES)}") from None


def other(side: int) -> int:
    return 1 - side


def label(side: int) -> str:
    """How the game's own texts name a side."""
    return {"azerbaijan": "Azerbaijan", "armenia": "Armenia"}[SIDES[side]]
