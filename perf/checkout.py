"""`make perf-checkout`: the checkout scenario (20 -> 60 VUs) on PostgreSQL, then an audit.

Payments are test-mode by default; with PAYMENTS_BACKEND=stripe they go through Stripe's API, by default a
private localstripe started here (STRIPE_API_BASE names another server; STRIPE_API_KEY defaults to a test key).
LOCALSTRIPE_PERSIST=0 starts that localstripe without its pickle of the whole store on every write, which makes
each of its writes slower the more it holds (see perf/bench_localstripe.py): the figure then measures us, not the
fake's disk dump.

Each VU is its own signed-in API client (a bearer token made by load_clients.py) and books its own load
profile; afterwards the bookings table is checked for overlapping held or confirmed bookings of one owner,
which must be zero (the exclusion constraint makes any other count a bug), and every booking's ledger must balance
(its entries sum to zero per currency).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))
from load_clients import load_clients
from service import recreate_database, running_localstripe, running_service

from adapters.sqlalchemy.booking_audit import overlapping_pairs

RESULTS = Path("perf/results")
MAX_VUS = 60


UNBALANCED = (
    "SELECT count(*) FROM (SELECT booking_id FROM ledger_entries GROUP BY booking_id, currency"
    " HAVING sum(amount) <> 0) AS unbalanced"
)


def audit(database_url: str) -> tuple[int, dict[str, int], int, int]:
    """Overlapping pairs (must be 0), bookings per state, bookings with ledger entries, and how many of those do
    not balance (must be 0)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            states = connection.execute(sa.text("SELECT state, count(*) FROM bookings GROUP BY state")).all()
            posted = connection.execute(sa.text("SELECT count(DISTINCT booking_id) FROM ledger_entries")).scalar()
            unbalanced = connection.execute(sa.text(UNBALANCED)).scalar()
            return overlapping_pairs(connection), {state: count for state, count in states}, posted, unbalanced
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (dropped and recreated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stage-scale", type=float, default=1.0, help="1 = the plan's 6 minutes; 0.25 = 90 s")
    args = parser.parse_args()
    k6 = shutil.which("k6") or str(Path(sys.executable).parent / "k6")
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = RESULTS / "checkout-summary.json"
    payments = os.environ.get("PAYMENTS_BACKEND", "test")
    with contextlib.ExitStack() as peers:
        if payments == "stripe":
            os.environ.setdefault("STRIPE_API_KEY", "sk_test_perf")
            if not os.environ.get("STRIPE_API_BASE"):
                persist = os.environ.get("LOCALSTRIPE_PERSIST", "1") != "0"
                os.environ["STRIPE_API_BASE"] = peers.enter_context(running_localstripe(persist=persist))
        run = _run_k6(k6, args, summary, budget := 600 if payments == "stripe" else 150)
    overlaps, states, posted, unbalanced = audit(args.database_url)
    metrics = json.loads(summary.read_text())["metrics"]
    latency, failed, ok = metrics["checkout_latency_ms"], metrics["http_req_failed"], metrics["checkout_ok"]
    passed = run.returncode == 0 and overlaps == 0 and unbalanced == 0  # k6 holds the p95 budget and error rate
    where = "test-mode"
    if payments == "stripe":
        where = "localstripe" if os.environ.get("LOCALSTRIPE_PERSIST", "1") != "0" else "localstripe (in memory)"
    print(
        f"perf-checkout: {metrics['http_reqs']['count']} requests, {metrics['iterations']['count']} checkouts, "
        f"{args.workers} workers, PostgreSQL, {where} payments | p50 {latency['med']:.1f} ms, "
        f"p95 {latency['p(95)']:.1f} ms, p99 {latency['p(99)']:.1f} ms, http errors {failed['value'] * 100:.2f} %, "
        f"checkouts ok {ok['value'] * 100:.2f} % | bookings {states} | overlaps {overlaps} | "
        f"ledgers {posted}, unbalanced {unbalanced} | "
        f"budget p95 < {budget} ms, errors < 0.5 %, 0 overlaps, 0 unbalanced: " + ("PASS" if passed else "FAIL")
    )
    return 0 if passed else 1


def _run_k6(k6: str, args: argparse.Namespace, summary: Path, budget: int) -> subprocess.CompletedProcess[bytes]:
    with running_service(args.database_url, args.workers, ("--load-profiles", str(MAX_VUS))) as base:
        tokens = load_clients(args.database_url, MAX_VUS)  # one signed-in API client per VU
        run = subprocess.run(
            [k6, "run", "--quiet", "--summary-export", str(summary), "-e", f"BASE_URL={base}",
             "-e", f"STAGE_SCALE={args.stage_scale}", "-e", f"CLIENT_TOKENS={','.join(tokens)}",
             "-e", f"P95_BUDGET_MS={budget}",
             "perf/k6/checkout.js"],
            check=False,
        )  # fmt: skip
    return run


if __name__ == "__main__":
    sys.exit(main())
