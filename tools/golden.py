"""Write or check the golden playthrough: a readable turn-by-turn dump of one seeded game.

    python tools/golden.py            # compare with tests/golden/<scenario>_seed<N>.txt
    python tools/golden.py --update   # regenerate it on purpose after a rules change

The dump pins the behaviour of the whole engine in a file a reviewer can read
(OpenSpiel's playthroughs do the same).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIO = "historical_2020"
SEED = 1
TURNS = 12
PLAYERS = ("greedy", "greedy")


def playthrough(scenario_id: str = SCENARIO, seed: int = SEED, turns: int = TURNS) -> str:
    from game.engine import Game
    from game.run import make_agents
    from game.scenario.loader import load_scenario

    sc = load_scenario(scenario_id, overrides={"max_turns": turns})
    game = Game(sc, seed)
    agents = make_agents(game, PLAYERS)
    out = [f"# {scenario_id}, seed {seed}, players {PLAYERS[0]} (Azerbaijan) v {PLAYERS[1]} (Armenia), {turns} turns", ""]
    while not game.is_over():
        turn, date = game.turn, game.state.date
        orders = [agents[s].orders(game.view(s)) for s in (0, 1)]
        events = game.resolve_turn(orders[0], orders[1])
        out.append(f"== turn {turn} ({date.isoformat()}) ==")
        for name in ("azerbaijan", "armenia"):
            out.append(f"-- orders {name}:")
            out += [f"   {o}" for o in game.history[-1][name]]
        out.append("-- events:")
        out += [f"   [{e.phase}] {e.text}" for e in events]
        st = game.state
        out.append(f"-- hexes held: Azerbaijan {st.territory[-1][0]}, Armenia {st.territory[-1][1]}; "
                   f"pressure {st.sides[0].pressure:.1f} / {st.sides[1].pressure:.1f}; digest {st.digest()}")
        out.append("")
    return "\n".join(out) + "\n"


def golden_path() -> Path:
    return ROOT / "tests" / "golden" / f"{SCENARIO}_seed{SEED}.txt"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    text = playthrough()
    path = golden_path()
    if args.update:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
        return 0
    old = path.read_text(encoding="utf-8")
    if old == text:
        print("golden playthrough unchanged")
        return 0
    sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True), "golden", "now", n=1))
    return 1


if __name__ == "__main__":
    sys.exit(main())
