"""`make perf-messages`: the plan's messages scenario (inbox, then a thread) at 50 VUs for 60 s, signed in, on
PostgreSQL with 2 workers, over 10,000 users and 200,000 messages; then a send-path benchmark (a post with its
screening, through the command bus on the same database). Budgets: p95 <= RATIO_BUDGET x the p95 of `/healthz`
measured just before on the same service (floor_ratio; the plan's 100 ms printed beside, judged with
``--judge absolute``), errors < 0.5 %; send p95 <= 50 ms (in-process, no floor: absolute)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from floor_ratio import Budget, add_judgement_arguments, k6_metrics, machine_rate, measure_floor, report
from load_clients import client_ids, load_clients
from seed_messages import seed_messages
from service import recreate_database, running_service

from config.container import build_container
from config.settings import Settings
from core.messaging.commands import PostMessage
from core.shared.actor import Actor

RESULTS = Path("perf/results")
VUS = 50
FLOOR_RATE = 100  # the gate's floor rate, scaled to the machine like the constant-rate scenarios' (closed loop here)
# The gate's 40x holds 10 VUs; the plan's 50 VUs queue more on two workers. The plan's 100 ms over the floor of the
# quiet reference run (1.87 ms, 2026-12-05, where the gate measured messages at 18.1x) is 53x: that machine's verdict,
# carried to any other. Not yet measured at the full shape against a floor (the 2026-12-03 run had none).
RATIO_BUDGET, PLAN_MS, SEND_MS = 50.0, 100, 50


def send_benchmark(database_url: str, sender: str, sends: int) -> float:
    """p95 in ms of ``sends`` posts (screened, rate limits on, unread counters in the same unit of work)."""
    container = build_container(Settings(database_url=database_url, messaging_pair_limit=10**6))
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        thread = connection.execute(
            sa.text("SELECT id FROM messaging_threads WHERE starter_id = :u LIMIT 1"), {"u": sender}
        ).scalar_one()
    engine.dispose()
    bus, took = container.commands(), []
    for n in range(sends):
        body = f"See you at 10:30 on 2026-12-14, $250 as quoted for {n % 4 + 1} looks"  # screened, found clean
        started = time.perf_counter()
        bus.handle(PostMessage(actor=Actor(sender), thread_id=thread, body=body, client_message_id=f"bench-{n}"))
        took.append((time.perf_counter() - started) * 1000)
    container.engine().dispose()
    return statistics.quantiles(took, n=20)[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (dropped and recreated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--duration", default="60s")
    add_judgement_arguments(parser)
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = RESULTS / "messages-summary.json"
    with running_service(args.database_url, args.workers) as base:
        tokens = load_clients(args.database_url, VUS)
        started = time.perf_counter()
        threads = seed_messages(args.database_url, client_ids(args.database_url), args.users, args.messages)
        print(f"seeded {threads} threads, {args.messages} messages in {time.perf_counter() - started:.1f} s")
        rate = machine_rate(base, FLOOR_RATE, RESULTS / "messages-rate.json", args.search_seconds)
        floor = measure_floor(base, rate, args.duration, RESULTS / "messages-floor.json")
        during = (f"VUS={VUS}", f"DURATION={args.duration}", f"CLIENT_TOKENS={','.join(tokens)}")
        metrics = k6_metrics(base, "perf/k6/messages.js", summary, *during)
    latency, requests = metrics["messages_latency_ms"], int(metrics["http_reqs"]["count"])
    failed = float(metrics.get("http_req_failed", {}).get("value", 1.0))
    ok = float(metrics.get("messages_ok", {}).get("value", 0.0))
    load = (f"inbox+thread, {VUS} VUs for {args.duration}, {requests} requests, {args.workers} workers, PostgreSQL, "
            f"p50 {latency['med']:.1f} ms, p99 {latency['p(99)']:.1f} ms")  # fmt: skip
    health = f"errors {failed * 100:.2f} %, threads read {ok * 100:.2f} %"
    passed = report("messages", floor, float(latency["p(95)"]), Budget(RATIO_BUDGET, PLAN_MS), args.judge, load,
                    health, clean=requests > 0 and failed < 0.005 and ok > 0.995)  # fmt: skip
    send_p95 = send_benchmark(args.database_url, client_ids(args.database_url)[0], 200)
    print(f"perf-messages send: p95 {send_p95:.1f} ms (budget {SEND_MS} ms, in-process: judged absolutely): "
          + ("PASS" if send_p95 <= SEND_MS else "FAIL"))  # fmt: skip
    return 0 if passed and send_p95 <= SEND_MS else 1


if __name__ == "__main__":
    sys.exit(main())
