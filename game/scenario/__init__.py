"""Scenario content: typed models, safe YAML loading with located errors, cross-reference checks.

The public entry points are re-exported here; see ``docs/scenario-format.md``.
"""

from .content import Library
from .errors import Problem, ScenarioError
from .loader import (
    LoadedScenario,
    PlacedUnit,
    ResolvedReinforcement,
    list_scenarios,
    load_content,
    load_scenario,
    parse_set,
)

__all__ = [
    "Library",
    "LoadedScenario",
    "PlacedUnit",
    "Problem",
    "ResolvedReinforcement",
    "ScenarioError",
    "list_scenarios",
    "load_content",
    "load_scenario",
    "parse_set",
]
