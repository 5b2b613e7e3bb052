"""``python -m game`` is the same as the ``karabakh`` command."""

from game.cli import main

raise SystemExit(main())
