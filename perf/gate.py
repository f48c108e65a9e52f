"""`make perf-gate`: short versions of the k6 scenarios at reduced rates on PostgreSQL, judged against a floor.

One service (2 workers, the demo plus load profiles) on a fresh database. First the floor: `/healthz` at the
gate's rate. Then each scenario (smoke, public page, availability, search, messages, checkout) with k6's own absolute
thresholds off. A scenario passes when no request failed and its p95 is within its budget stated as a multiple
of the floor's p95 measured in this same run, so the gate fails for the same reasons on a fast or a slow machine.
Exit 1 names every scenario over its budget. Figures go to stdout and perf/results/gate.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from floor_ratio import RATIO_BUDGETS, Floor, k6_metrics, measure_floor
from load_clients import client_ids, load_clients
from seed_messages import seed_messages
from service import drop_database, recreate_database, running_service

RESULTS = Path("perf/results")
FLOOR_RATE = 100
# scenario -> (k6 script, rate per second (checkout: the peak of its VU stages), latency metric, p95 budget as x floor).
# Budgets: what these paths cost over /healthz on the development machine (see the README's Performance), with
# room for noise; a regression that doubles a path's cost breaks them. The constant-rate ones are floor_ratio's,
# which `make perf-smoke` and the other full-length scenarios judge by too.
SCENARIOS: dict[str, tuple[str, int, str, float]] = {
    "smoke": ("perf/k6/smoke.js", 100, "http_req_duration", RATIO_BUDGETS["smoke"]),
    "public-profile": ("perf/k6/public_profile.js", 50, "http_req_duration", RATIO_BUDGETS["public-profile"]),
    "availability": ("perf/k6/availability.js", 50, "http_req_duration", RATIO_BUDGETS["availability"]),
    "search": ("perf/k6/search.js", 50, "search_latency_ms", RATIO_BUDGETS["search"]),
    # inbox then its first thread, signed in: MESSAGE_VUS clients (0.5 s think time: about 2 pairs a second each)
    # over a seeded 1,000 users and 20,000 messages (`make perf-messages` runs the plan's 50 VUs over 200,000);
    # measured 18.1x (33.9 ms over a 1.87 ms floor) on a quiet machine and 24.1x in that day's CI run (2026-12-05):
    # 40x leaves room for that noise; a doubling of the CI figure still fails
    "messages": ("perf/k6/messages.js", 10, "messages_latency_ms", 40.0),
    # checkout writes (hold, ledger, thread, outbox, mail) where /healthz reads nothing: on a quiet machine with a
    # 1 ms floor it measured 29.7x in CI (30.8 ms), so 40x left too little room for noise; 60x still fails a doubling
    "checkout": ("perf/k6/checkout.js", 20, "checkout_latency_ms", 60.0),
}
# Load profiles and signed-in clients, one each per checkout VU. The plan's stages peak at 60 VUs (about 60
# checkouts a second with its 1 s think time): `make perf-checkout` runs that; the gate, like every scenario
# here, a reduced rate, so that it measures the path's cost rather than how a 2-core machine queues at saturation.
CHECKOUT_VUS = SCENARIOS["checkout"][1]
MESSAGE_VUS = SCENARIOS["messages"][1]
MESSAGE_USERS, MESSAGES = 1_000, 20_000


def _judge(name: str, metrics: dict[str, dict[str, float]], metric: str, floor: Floor, budget: float) -> dict:
    latency, failed = metrics.get(metric, {}), metrics.get("http_req_failed", {"value": 1.0})
    p95 = float(latency.get("p(95)", float("inf")))
    ratio = floor.ratio(p95)
    requests = int(metrics.get("http_reqs", {}).get("count", 0))
    ok = requests > 0 and failed.get("value", 1.0) == 0 and ratio <= budget
    print(f"perf-gate {name}: {requests} requests, p95 {p95:.1f} ms = {ratio:.1f}x floor (budget {budget:g}x), "
          f"errors {failed.get('value', 1.0) * 100:.2f} %: " + ("PASS" if ok else "FAIL"))  # fmt: skip
    return {"scenario": name, "requests": requests, "p95_ms": p95, "ratio": ratio, "budget": budget, "ok": ok}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The gate's database (created, then dropped)")
    parser.add_argument("--duration", default="10s", help="each scenario's length (checkout: its stages scaled)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    verdicts = []
    unlimited = {"SEARCH_RATE_LIMIT": "0", "SUGGEST_RATE_LIMIT": "0"}  # k6 is one client address
    try:
        seed = ("--load-profiles", str(CHECKOUT_VUS))
        with running_service(args.database_url, args.workers, seed, extra_env=unlimited) as base:
            tokens = load_clients(args.database_url, CHECKOUT_VUS)  # (the first MESSAGE_VUS read their messages)
            seed_messages(args.database_url, client_ids(args.database_url)[:MESSAGE_VUS], MESSAGE_USERS, MESSAGES)
            during = f"DURATION={args.duration}"
            floor = measure_floor(base, FLOOR_RATE, args.duration, RESULTS / "gate-floor.json")
            print(f"perf-gate floor: /healthz p95 {floor.p95_ms:.2f} ms ({floor.requests} requests)")
            for name, (script, rate, metric, budget) in SCENARIOS.items():
                env = [f"RATE={rate}", during]
                if name == "messages":  # a closed model: VUs, each a signed-in client
                    env = [f"VUS={rate}", during, f"CLIENT_TOKENS={','.join(tokens[:rate])}"]
                if name == "checkout":  # 360 s of stages scaled to about the gate's length
                    env = ["STAGE_SCALE=0.05", f"PEAK_VUS={rate}", f"CLIENT_TOKENS={','.join(tokens)}", "RUN_ID=gate"]
                metrics = k6_metrics(base, script, RESULTS / f"gate-{name}.json", *env)
                verdicts.append(_judge(name, metrics, metric, floor, budget))
    finally:
        drop_database(args.admin_url, args.database_url)
    (RESULTS / "gate.json").write_text(json.dumps({"floor_p95_ms": floor.p95_ms, "scenarios": verdicts}, indent=2))
    failed = [v["scenario"] for v in verdicts if not v["ok"]]
    print("perf-gate: " + (f"FAIL ({', '.join(failed)})" if failed else "PASS"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
