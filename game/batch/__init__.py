"""Many AI-versus-AI games: a grid of sweep points times a list of seeds, on local processes or Dask.

``karabakh batch`` runs :func:`run_one` for every (point, seed) and appends each
record to ``results.jsonl``; :func:`summarise` and :func:`plot_report` read
records back into distributions. See ``docs/batch.md``.
"""

from game.batch.grid import (
    BatchInputError,
    Task,
    expand_grid,
    make_tasks,
    parse_set,
    parse_sweep,
    point_key,
)
from game.batch.summary import compact, format_table, plot_report, summarise, wilson, write_csv
from game.batch.worker import failure_record, run_one

__all__ = [
    "BatchInputError",
    "Task",
    "compact",
    "expand_grid",
    "failure_record",
    "format_table",
    "make_tasks",
    "parse_set",
    "parse_sweep",
    "plot_report",
    "point_key",
    "run_one",
    "summarise",
    "wilson",
    "write_csv",
]
