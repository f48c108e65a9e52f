"""`make perf-messages`: the plan's messages scenario (inbox, then a thread) at 50 VUs for 60 s, signed in, on
PostgreSQL with 2 workers, over 10,000 users and 200,000 messages; then a send-path benchmark (a post with its
screening, through the command bus on the same database). Budgets: p95 <= 100 ms, no errors; send p95 <= 50 ms."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from load_clients import client_ids, load_clients
from seed_messages import seed_messages
from service import recreate_database, running_service

from config.container import build_container
from config.settings import Settings
from core.messaging.commands import PostMessage
from core.shared.actor import Actor

RESULTS = Path("perf/results")
VUS = 50


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
    args = parser.parse_args()
    k6 = shutil.which("k6") or str(Path(sys.executable).parent / "k6")
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = RESULTS / "messages-summary.json"
    with running_service(args.database_url, args.workers) as base:
        tokens = load_clients(args.database_url, VUS)
        started = time.perf_counter()
        threads = seed_messages(args.database_url, client_ids(args.database_url), args.users, args.messages)
        print(f"seeded {threads} threads, {args.messages} messages in {time.perf_counter() - started:.1f} s")
        run = subprocess.run(
            [k6, "run", "--quiet", "--summary-export", str(summary), "-e", f"BASE_URL={base}",
             "-e", f"DURATION={args.duration}", "-e", f"CLIENT_TOKENS={','.join(tokens)}", "perf/k6/messages.js"],
            check=False,
        )  # fmt: skip
    metrics = json.loads(summary.read_text())["metrics"]
    latency, failed = metrics["messages_latency_ms"], metrics["http_req_failed"]
    send_p95 = send_benchmark(args.database_url, client_ids(args.database_url)[0], 200)
    print(f"inbox+thread p95 {latency['p(95)']:.1f} ms (budget 100), p99 {latency['p(99)']:.1f} ms, "
          f"failed {failed['value']:.4f}; send p95 {send_p95:.1f} ms (budget 50)")  # fmt: skip
    return run.returncode or (0 if send_p95 <= 50 else 1)


if __name__ == "__main__":
    sys.exit(main())
