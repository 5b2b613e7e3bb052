"""``karabakh new NAME --extends PARENT``: write a commented counterfactual template."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = """\
# yaml-language-server: $schema=../build/schema/scenario.schema.json
# (write that schema with: karabakh schema --out build/schema/scenario.schema.json)
# A counterfactual on top of '{parent}'. Everything not written here comes from the parent.
# Check it with:   karabakh validate {path}
# Play it with:    karabakh play {name}
# Batch it with:   karabakh batch {name} --games 200 --workers 2 --out runs/{name}
id: {name}
extends: {parent}
name: "{title}"
description: >
  What changes against '{parent}', and why it is plausible (cite sources where you can).
src: []

# Change rule parameters (see game/rules/params.yaml for every path and its source):
# parameters:
#   air:
#     ew_effect: 0.5
#   weather:
#     low_cloud:
#       highland: {{10: 0.4, 11: 0.6}}

# Change a side: its air pool, doctrine, or units added and removed.
# sides:
#   azerbaijan:
#     air: {{TB2: 0}}
#   armenia:
#     doctrine: mobile_defence
#     add_units:
#       - id: am.cf.tor2
#         name: Tor-M2KM battery (counterfactual)
#         type: am_tor_battery
#         at: {{town: Lachin}}
#         estimate: true
#     remove_units: []
"""


def cmd_new(args: argparse.Namespace) -> int:
    name = args.name
    if not re.fullmatch(r"[a-z0-9_]+", name):
        print(f"karabakh new: '{name}' is not a valid scenario id; use lower-case letters, digits and _ (e.g. no_tb2)", file=sys.stderr)
        return 2
    root = Path(args.root) if args.root else Path("scenarios")
    path = root / f"{name}.yaml"
    if path.exists() and not args.force:
        print(f"karabakh new: {path} already exists (use --force to overwrite)", file=sys.stderr)
        return 2
    parent_file = root / f"{args.extends}.yaml"
    if not parent_file.exists():
        print(f"karabakh new: no scenario '{args.extends}' in {root}/ to extend", file=sys.stderr)
        return 2
    from game.fileio import atomic_write_text

    title = name.replace("_", " ").capitalize()
    atomic_write_text(path, TEMPLATE.format(name=name, parent=args.extends, path=path, title=title))
    print(f"wrote {path}")
    return 0
