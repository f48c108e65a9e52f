"""Constant-arrival-rate k6 scenarios against the service on PostgreSQL, 2 workers, with their budgets.

`make perf-smoke`, `make perf-public-profile` and `make perf-availability` run this with their scenario.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from service import recreate_database, running_service

RESULTS = Path("perf/results")
# scenario -> (k6 script, default rate per second, p95 budget in ms; the scripts hold the same thresholds)
SCENARIOS = {
    "smoke": ("perf/k6/smoke.js", 300, 50),
    "public-profile": ("perf/k6/public_profile.js", 100, 100),
    "availability": ("perf/k6/availability.js", 100, 50),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (dropped and recreated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=int, help="requests per second (default: the scenario's)")
    parser.add_argument("--duration", default="30s")
    args = parser.parse_args()
    script, default_rate, budget_ms = SCENARIOS[args.scenario]
    rate = args.rate or default_rate
    k6 = shutil.which("k6") or str(Path(sys.executable).parent / "k6")
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = RESULTS / f"{args.scenario}-summary.json"
    with running_service(args.database_url, args.workers) as base:
        run = subprocess.run(
            [k6, "run", "--quiet", "--summary-export", str(summary), "-e", f"BASE_URL={base}",
             "-e", f"RATE={rate}", "-e", f"DURATION={args.duration}", script],
            check=False,
        )  # fmt: skip
    metrics = json.loads(summary.read_text())["metrics"]
    duration, failed = metrics["http_req_duration"], metrics["http_req_failed"]
    print(
        f"perf-{args.scenario}: {metrics['http_reqs']['count']} requests at {rate}/s, {args.workers} workers, "
        f"PostgreSQL | p50 {duration['med']:.1f} ms, p95 {duration['p(95)']:.1f} ms, p99 {duration['p(99)']:.1f} ms, "
        f"errors {failed['value'] * 100:.2f} % | budget p95 < {budget_ms} ms, 0 errors: "
        + ("PASS" if run.returncode == 0 else "FAIL")
    )
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
