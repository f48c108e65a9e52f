"""`make perf-checkout`: the checkout scenario (20 -> 60 VUs) on PostgreSQL, then an audit.

Payments are test-mode by default; with PAYMENTS_BACKEND=stripe they go through Stripe's API, by default a
private localstripe started here (STRIPE_API_BASE names another server; STRIPE_API_KEY defaults to a test key).
LOCALSTRIPE_PERSIST=0 starts that localstripe without its pickle of the whole store on every write, which makes
each of its writes slower the more it holds (see perf/bench_localstripe.py): the figure then measures us, not the
fake's disk dump. LOCALSTRIPE_INDEXED=1 also lists one kind of object without reading every object it holds
(which it does to serialise each charge), so that its calls no longer slow as it fills. Through the private
localstripe, the service's reconciliation pass is off unless PAYMENTS_RECONCILE_INTERVAL_S says otherwise (see
main). PEAK_VUS runs the same shape to a lower peak (for a peer that cannot carry 60), and the figures say where a
checkout's gateway time went.

Each VU is its own signed-in API client (a bearer token made by load_clients.py) and books its own load
profile; afterwards the bookings table is checked for overlapping held or confirmed bookings of one owner,
which must be zero (the exclusion constraint makes any other count a bug), and every booking's ledger must balance
(its entries sum to zero per currency).

Before the scenario, `/healthz` is measured on the same service (floor_ratio: at a rate scaled to the machine, for
the length of the first stage); the checkout p95 passes within a ratio budget of the floor's p95, the plan's
absolute budget printed beside (``--judge absolute`` or PERF_JUDGE=absolute judges by it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

import httpx
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, str(Path(__file__).parent))
from floor_ratio import Budget, Floor, add_judgement_arguments, k6_metrics, machine_rate, measure_floor, report
from load_clients import load_clients
from service import recreate_database, running_localstripe, running_service

from adapters.sqlalchemy.booking_audit import overlapping_pairs
from adapters.sqlalchemy.ledger_balance import ledger_balance

RESULTS = Path("perf/results")
MAX_VUS = 60
FLOOR_RATE = 100  # the gate's floor rate, scaled to the machine like the constant-rate scenarios'
# payments -> (ratio budget, the plan's p95 ms). The gate's 60x holds 20 VUs (measured 29.7-42.5x); the plan's 60 VUs
# queue more on two workers. The plan's milliseconds over the floor of the quiet reference run (1.87 ms, 2026-12-05)
# carry that machine's verdict to any other: 150 ms -> 80x, 600 ms (through localstripe) -> 320x. Not yet measured
# at the full shape against a floor.
BUDGETS = {"test": Budget(80.0, 150), "stripe": Budget(320.0, 600)}


def audit(database_url: str) -> tuple[int, dict[str, int], int, int]:
    """Overlapping pairs (must be 0), bookings per state, bookings with ledger entries, and how many of those do
    not balance (must be 0; the check a restore runs, ``ledger_balance``)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            states = connection.execute(sa.text("SELECT state, count(*) FROM bookings GROUP BY state")).all()
            overlaps = overlapping_pairs(connection)
    finally:
        engine.dispose()
    ledgers = ledger_balance(database_url, limit=1_000_000)
    return overlaps, {state: count for state, count in states}, ledgers.bookings, len(ledgers.unbalanced)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (dropped and recreated)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stage-scale", type=float, default=1.0, help="1 = the plan's 6 minutes; 0.25 = 90 s")
    add_judgement_arguments(parser)
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = RESULTS / "checkout-summary.json"
    payments = os.environ.get("PAYMENTS_BACKEND", "test")
    fake = None  # the localstripe started here, whose own time per call is read afterwards
    with contextlib.ExitStack() as peers:
        if payments == "stripe":
            os.environ.setdefault("STRIPE_API_KEY", "sk_test_perf")
            if not os.environ.get("STRIPE_API_BASE"):
                fake = peers.enter_context(running_localstripe(localstripe_mode()))
                os.environ["STRIPE_API_BASE"] = fake
                # The reconciliation pass lists every intent: localstripe cannot filter them by creation, and
                # serialises each one by scanning its whole store (measured: 32 pages of 100 at ~1.9 s each, about
                # 60 s of its loop, at ~3,900 checkouts). That stalls every checkout behind it; Stripe filters
                # server-side. Off for the scenario unless asked for (PAYMENTS_RECONCILE_INTERVAL_S).
                interval = os.environ.setdefault("PAYMENTS_RECONCILE_INTERVAL_S", "0")
                print(f"reconciliation pass every {interval} s (0: none) during the scenario")
        floor, metrics, gateway = _run_k6(args, summary, payments == "stripe", fake)
    overlaps, states, posted, unbalanced = audit(args.database_url)
    latency, requests = metrics["checkout_latency_ms"], int(metrics["http_reqs"]["count"])
    failed = float(metrics.get("http_req_failed", {}).get("value", 1.0))
    ok = float(metrics.get("checkout_ok", {}).get("value", 0.0))
    where = "test-mode"
    if payments == "stripe":
        where = f"localstripe ({localstripe_mode()})"
    peak = int(os.environ.get("PEAK_VUS", MAX_VUS))  # k6 reads it too (perf/k6/checkout.js)
    load = (f"{requests} requests, {int(metrics['iterations']['count'])} checkouts, {peak} VUs peak, "
            f"{args.workers} workers, PostgreSQL, {where} payments, p50 {latency['med']:.1f} ms, "
            f"p99 {latency['p(99)']:.1f} ms")  # fmt: skip
    health = (f"http errors {failed * 100:.2f} % (< 0.5 %), checkouts ok {ok * 100:.2f} % | bookings {states} | "
              f"overlaps {overlaps} | ledgers {posted}, unbalanced {unbalanced}")  # fmt: skip
    clean = requests > 0 and failed < 0.005 and ok > 0.995 and overlaps == 0 and unbalanced == 0
    budget = BUDGETS["stripe" if payments == "stripe" else "test"]
    for line in gateway:
        print(line)
    passed = report("checkout", floor, float(latency["p(95)"]), budget, args.judge, load, health, clean)
    return 0 if passed else 1


def localstripe_mode() -> str:
    """LOCALSTRIPE_INDEXED=1: ``indexed``; else LOCALSTRIPE_PERSIST=0: ``in-memory``; else ``persist``."""
    if os.environ.get("LOCALSTRIPE_INDEXED", "0") == "1":
        return "indexed"
    return "persist" if os.environ.get("LOCALSTRIPE_PERSIST", "1") != "0" else "in-memory"


def _run_k6(
    args: argparse.Namespace, summary: Path, through_stripe: bool, fake: str | None
) -> tuple[Floor, dict[str, dict[str, float]], list[str]]:
    """The floor, the scenario's metrics, and (through Stripe) where a checkout's gateway time went."""
    with running_service(args.database_url, args.workers, ("--load-profiles", str(MAX_VUS))) as base:
        tokens = load_clients(args.database_url, MAX_VUS)  # one signed-in API client per VU
        rate = machine_rate(base, FLOOR_RATE, RESULTS / "checkout-rate.json", args.search_seconds)
        first_stage = f"{max(3, round(60 * args.stage_scale))}s"
        floor = measure_floor(base, rate, first_stage, RESULTS / "checkout-floor.json")
        during = (f"STAGE_SCALE={args.stage_scale}", f"CLIENT_TOKENS={','.join(tokens)}")
        if fake is not None:
            httpx.delete(f"{fake}/_perf/stats", timeout=30).raise_for_status()  # the scenario's calls only
        metrics = k6_metrics(base, "perf/k6/checkout.js", summary, *during)
        gateway = where_the_time_goes(base, fake, metrics) if through_stripe else []
        return floor, metrics, gateway


def where_the_time_goes(base: str, fake: str | None, metrics: dict[str, dict[str, float]]) -> list[str]:
    """Lines that say what a checkout spent in gateway calls (the service's ``rastup_payment_gateway_seconds``,
    summed over its workers) and, for a localstripe started here, what of it was the fake's own handling and how
    busy its one event loop was over the scenario."""
    text = httpx.get(f"{base}/metrics", timeout=30).text
    seconds: dict[str, float] = {}
    calls: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "rastup_payment_gateway_seconds":
            continue
        for sample in family.samples:
            call = sample.labels.get("call", "")
            if sample.name.endswith("_sum"):
                seconds[call] = seconds.get(call, 0.0) + sample.value
            elif sample.name.endswith("_count"):
                calls[call] = calls.get(call, 0.0) + sample.value
    checkouts = int(metrics["iterations"]["count"])
    per = max(1, checkouts)
    # k6's trend holds both requests of a checkout (start, then confirm): their mean, twice, is a checkout's time
    answered = 2 * float(metrics["checkout_latency_ms"]["avg"])
    # open_since is the reconciliation pass's listing, not a checkout's
    waited = sum(s for call, s in seconds.items() if call != "open_since") / per * 1e3
    lines = [f"gateway calls per checkout (service side, {checkouts} checkouts): "
             + ", ".join(f"{call} {calls[call] / per:.2f} x {seconds[call] / max(1, calls[call]) * 1e3:.1f} ms"
                         for call in sorted(calls))
             + f" = {waited:.1f} ms per checkout",
             f"a checkout's two requests take {answered:.1f} ms on average: {waited:.1f} ms waiting on the gateway, "
             f"{answered - waited:.1f} ms the service's own (its work, and its wait for a core)"]  # fmt: skip
    if fake is not None:
        own = httpx.get(f"{fake}/_perf/stats", timeout=30).json()
        lines.append(f"localstripe's own handling (its event loop, one core at most): {own['calls']} calls, "
                     f"busy {own['busy_s']:.0f} s of {own['wall_s']:.0f} s ({own['busy_s'] / own['wall_s']:.0%}), "
                     f"{own['busy_s'] / max(1, own['calls']) * 1e3:.1f} ms per call on average")  # fmt: skip
        for kind, row in own["kinds"].items():
            ms = f"median {row['median_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms"
            lines.append(f"  {kind}: {row['calls']} calls, {ms}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
