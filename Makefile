# Quick start:  make play   |   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: play test venv bench map lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null

$(STAMP): pyproject.toml setup.py game/rules/_paths.c | $(BIN)/python
	$(BIN)/python -m pip install -e . 
	touch $@

$(TSTAMP): pyproject.toml setup.py game/rules/_paths.c | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test,dask,pettingzoo]'
	touch $@ $(STAMP)

venv: $(STAMP)

play: $(STAMP)
	$(BIN)/karabakh play $(ARGS)

test: $(TSTAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Rebuild the derived theatre map from ../shared/geodata (needs ../shared beside the project).
map: $(TSTAMP)
	$(BIN)/python -m pip install -e '.[build]'
	$(BIN)/python tools/build_map.py

# Static checks: ruff everywhere, mypy --strict on the engine (settings in pyproject.toml).
lint: $(TSTAMP)
	$(BIN)/python -m pip install -e '.[dev]' >/dev/null
	$(BIN)/ruff check game tests tools
	$(BIN)/mypy game --exclude game/ui

clean:
	rm -rf $(VENV) build *.egg-info
