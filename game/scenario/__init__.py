"""Scenario content: typed models, safe YAML loading with located errors, cross-reference checks."""
