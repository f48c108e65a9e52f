"""Constant-arrival-rate k6 scenarios against the service on PostgreSQL, 2 workers, judged against the floor.

`make perf-smoke`, `make perf-public-profile` and `make perf-availability` run this with their scenario. On the
service it starts: the rate this machine's `/healthz` holds is found and the scenario runs at a share of it, capped
at the plan's rate (``--rate`` asks a rate outright); the floor (`/healthz`) runs at that rate for the same duration,
then the scenario. It passes with no failed request, no dropped iteration, and a p95 within its ratio budget of the
floor's p95 (floor_ratio); the plan's absolute budget is printed beside (``--judge absolute`` judges by it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from floor_ratio import RATIO_BUDGETS, Budget, add_judgement_arguments, k6_metrics, machine_rate, measure_floor, report
from service import recreate_database, running_service

RESULTS = Path("perf/results")
# scenario -> (k6 script, the plan's rate per second, the plan's p95 budget in ms: printed, judged only absolutely)
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
    parser.add_argument("--rate", type=int, help="requests per second (default: scaled to this machine's floor)")
    parser.add_argument("--duration", default="30s")
    add_judgement_arguments(parser)
    args = parser.parse_args()
    script, plan_rate, plan_ms = SCENARIOS[args.scenario]
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with running_service(args.database_url, args.workers) as base:
        rate = args.rate or machine_rate(base, plan_rate, RESULTS / f"{args.scenario}-rate.json", args.search_seconds)
        floor = measure_floor(base, rate, args.duration, RESULTS / f"{args.scenario}-floor.json")
        during = (f"RATE={rate}", f"DURATION={args.duration}")
        metrics = k6_metrics(base, script, RESULTS / f"{args.scenario}-summary.json", *during)
    duration, requests = metrics["http_req_duration"], int(metrics["http_reqs"]["count"])
    failed = float(metrics.get("http_req_failed", {}).get("value", 1.0))
    dropped = int(metrics.get("dropped_iterations", {}).get("count", 0))
    load = (f"{requests} requests at {rate}/s (plan {plan_rate}/s), {args.workers} workers, PostgreSQL, "
            f"p50 {duration['med']:.1f} ms, p99 {duration['p(99)']:.1f} ms")  # fmt: skip
    health = f"errors {failed * 100:.2f} %, dropped {dropped}"
    budget = Budget(RATIO_BUDGETS[args.scenario], plan_ms)
    passed = report(args.scenario, floor, float(duration["p(95)"]), budget, args.judge, load, health,
                    clean=requests > 0 and failed == 0 and dropped == 0)  # fmt: skip
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
