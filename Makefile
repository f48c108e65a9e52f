# The two commands a newcomer needs: `make run` and `make test`. Everything else is for the curious.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PERF_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/rastup_perf

.PHONY: run test lint unit integration perf-smoke clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "RastUp needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed-runtime

$(VENV)/.installed-perf: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[perf]'
	@touch $@

## run: install, migrate the embedded SQLite database, load the demo marketplace, serve on $(HOST):$(PORT)
run: $(VENV)/.installed-runtime
	$(BIN)/rastup db upgrade
	$(BIN)/rastup demo seed
	$(BIN)/rastup serve --host $(HOST) --port $(PORT)

## test: install the dev extras, then lint, check the layers, type-check the core, run every test
test: $(VENV)/.installed-dev lint
	$(BIN)/pytest tests -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests perf
	$(BIN)/ruff format --check src tests perf
	$(BIN)/lint-imports
	$(BIN)/mypy src/core

unit: $(VENV)/.installed-dev
	$(BIN)/pytest tests/unit -q

integration: $(VENV)/.installed-dev
	$(BIN)/pytest tests/integration -q

## perf-smoke: the service on PostgreSQL with 2 workers, GET a profile at 300 req/s for 30 s (k6)
perf-smoke: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/smoke.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)'

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
