# The two commands a newcomer needs: `make run` and `make test`. Everything else is for the curious.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_ADMIN_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PERF_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/rastup_perf

.PHONY: sbom run test lint unit integration chaos dr-drill failover-drill perf-throughput perf-smoke perf-public-profile perf-availability perf-checkout clean perf-media perf-messages perf-reads perf-search perf-freshness perf-gate

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

## test: install the dev extras, then lint, check the layers, type-check the core, run every test in TEST_WORKERS
## processes (pytest-xdist; the suite mostly waits on its peers, so more processes than cores pay; 0 = one process)
TEST_WORKERS ?= 4
test: $(VENV)/.installed-dev lint
	$(BIN)/pytest tests -q -n $(TEST_WORKERS) --dist loadfile

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests perf ops
	$(BIN)/ruff format --check src tests perf ops
	$(BIN)/lint-imports
	$(BIN)/mypy src/core

## sbom: the CycloneDX SBOM of what `pip install .` installs (no extras) in sbom.cdx.json; fails on a forbidden licence
sbom: $(VENV)/.installed-dev
	rm -rf .venv-sbom && $(PYTHON) -m venv .venv-sbom && .venv-sbom/bin/pip install --quiet .
	$(BIN)/cyclonedx-py environment --pyproject pyproject.toml --output-reproducible -o sbom.cdx.json .venv-sbom/bin/python
	$(BIN)/python -m ops.licences sbom.cdx.json

unit: $(VENV)/.installed-dev
	$(BIN)/pytest tests/unit -q

integration: $(VENV)/.installed-dev
	$(BIN)/pytest tests/integration -q

## chaos: only the fault tests (tests/chaos; `make test` runs them too)
chaos: $(VENV)/.installed-dev
	$(BIN)/pytest tests/chaos tests/unit/test_fault_proxy.py -q

## dr-drill: a throwaway PostgreSQL server archiving its WAL, a base backup, heartbeats under light load; the server
## and its disk lost, `rastup ops restore --to latest` (point-in-time recovery) on a new port; prints RPO (<= 60 s)
## and RTO (<= 600 s). DR_RUN / DR_ARCHIVE_TIMEOUT change the seconds of load and the server's archive_timeout
dr-drill: $(VENV)/.installed-dev
	$(BIN)/python perf/dr_drill.py --run $(or $(DR_RUN),150) --archive-timeout $(or $(DR_ARCHIVE_TIMEOUT),10)

## failover-drill: a throwaway PostgreSQL primary and streaming replica (loopback ports, not 5432), heartbeat writes,
## the primary crashed, the replica promoted and the service pointed at it; prints RPO and RTO. FAILOVER_RUN: seconds
failover-drill: $(VENV)/.installed-dev
	$(BIN)/python perf/failover_drill.py --run $(or $(FAILOVER_RUN),60)

## perf-throughput: requests per second of ONE worker on PostgreSQL, closed loop (k6, 8 users, 15 s each): a profile
## read, 14-day availability, a draft write; the per-worker figures of the README's "Scaling out"
perf-throughput: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/throughput.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_throughput'

## The k6 scenarios below run at a rate scaled to the machine (10 % of what /healthz holds under p95 10 ms, at most the
## plan's), measure /healthz on the same service in the same run, and pass by p95 as a ratio to the floor's p95
## (perf/floor_ratio.py); the plan's absolute budget is printed beside. PERF_JUDGE=absolute judges by the plan's ms.
## perf-smoke: PostgreSQL, 2 workers, GET a profile for 30 s (k6; plan 300 req/s, p95 < 50 ms; budget 6x floor)
perf-smoke: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/constant_rate.py smoke --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)'

## perf-public-profile: /p/demo-photographer-la for 30 s on PostgreSQL, 2 workers (k6; plan 100 req/s, p95 < 100 ms; 8x)
perf-public-profile: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/constant_rate.py public-profile --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)'

## perf-availability: 14-day availability for 30 s (k6; plan 100 req/s, p95 < 50 ms; 15x floor), then the index refresh
## of 10,000 profiles with 60 imported events each over PostgreSQL (<= 3 s, absolute); its own database, _calendar
perf-availability: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/constant_rate.py availability --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_calendar'
	$(BIN)/python perf/bench_availability_index.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_calendar' --check

## perf-checkout: start + confirm checkout, 20 -> 60 VUs (k6), on PostgreSQL with test-mode payments (80x floor; plan
## p95 < 150 ms); PAYMENTS_BACKEND=stripe: through a private localstripe (320x; plan 600 ms; LOCALSTRIPE_PERSIST=0:
## without its pickle of the whole store on every write; LOCALSTRIPE_INDEXED=1: nor its scans of everything stored),
## then where a checkout's time went. PEAK_VUS lowers the peak. Then 0 overlaps and every ledger balanced.
## perf/bench_localstripe.py times localstripe
perf-checkout: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/checkout.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)' $(if $(STAGE_SCALE),--stage-scale $(STAGE_SCALE))

## perf-messages: inbox then a thread, 50 signed-in VUs for 60 s over 10,000 users and 200,000 messages on
## PostgreSQL, 2 workers (k6; 50x floor, plan p95 <= 100 ms, no errors); then the send path with screening, in-process
## (p95 <= 50 ms, absolute)
perf-messages: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/messages.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_messages'
## perf-gate: every scenario short (10 s) at reduced rates on PostgreSQL, 2 workers; each p95 judged as a ratio to
## /healthz's p95 measured in the same run, and no failed request (perf/gate.py; its own database, _gate)
perf-gate: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/gate.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_gate'

## perf-reads: the most-read paths (profile JSON, availability, public page and JSON, 304s) as ratios to /healthz
## measured in the same run (1 worker, PostgreSQL, sequential); then k6 at the highest rate /healthz holds (p95 < 10 ms),
## the public page and profile JSON as fractions of its throughput; exit 1 over a budget. Its own database, _reads
perf-reads: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/bench_reads.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_reads' --check
## perf-search: generated profiles (COUNT, default 100,000 on Typesense and 10,000 on SQL), a timed full reindex, then
## k6 for 60 s over a list of queries (plan 200 req/s), 2 workers: Typesense, then SQL on PostgreSQL, each 20x floor
## (plan p95 <= 50 / 100 ms); its own database, _search suffix, dropped afterwards
perf-search: $(VENV)/.installed-dev $(VENV)/.installed-perf
	$(BIN)/python perf/search.py --backend typesense --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_search' $(if $(COUNT),--count $(COUNT))
	$(BIN)/python perf/search.py --backend sql --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_search' $(if $(COUNT),--count $(COUNT))

## perf-freshness: change -> searchable (profile edit, schedule saved, booking held) on PostgreSQL (p95 <= 5 s)
perf-freshness: $(VENV)/.installed-dev
	$(BIN)/python perf/bench_freshness.py --admin-url '$(PG_ADMIN_URL)' --database-url '$(PERF_DATABASE_URL)_freshness'

## perf-media: a 24-megapixel JPEG into every variant, in-process (median <= 1.5 s)
perf-media: $(VENV)/.installed-dev
	$(BIN)/python perf/bench_media.py --check

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
