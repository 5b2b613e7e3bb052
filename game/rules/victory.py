"""Victory: key towns that changed hands, decided when the war ends.

The scenario's ``victory:`` block may set ``decisive_key_towns`` and
``marginal_key_towns`` (defaults in ``parameters.victory``). The net count of
key towns taken by Azerbaijan (minus those taken back by Armenia) decides the
outcome class: decisive or marginal victory for either side, or a draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.state import GameState


def key_town_balance(state: GameState) -> int:
    """Key towns held by Azerbaijan now minus at the start."""
    m = state.theatre
    net = 0
    for t in m.towns:
        if not t.key:
            continue
        start, now = int(m.control0[t.hex_index]), int(state.control[t.hex_index])
        if start != now:
            net += 1 if now == 0 else -1
    return net


def outcome(state: GameState) -> tuple[str, str]:
    """(winner, outcome class)."""
    p = dict(state.params["victory"])
    p.update(state.flags.get("victory", {}))
    net = key_town_balance(state)
    if net >= p["decisive_key_towns"]:
        return "azerbaijan", "decisive"
    if net >= p["marginal_key_towns"]:
        return "azerbaijan", "marginal"
    if net <= -p["marginal_key_towns"]:
        return "armenia", "decisive" if net <= -p["decisive_key_towns"] else "marginal"
    if net <= 0:
        return "armenia", "marginal"
    return "draw", "draw"
