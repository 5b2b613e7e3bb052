"""Builds the one C extension, the path searches of ``game/rules/paths.py``. Everything else is in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds, and the game runs the same
searches in Python (same results, more slowly; ``game.rules.paths.COMPILED`` says which).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("game.rules._paths", ["game/rules/_paths.c"], optional=True)])
