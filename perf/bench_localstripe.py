"""Where a checkout's time goes through localstripe: the three Stripe calls of one paid checkout (create and confirm
a manual-capture PaymentIntent, read it back, capture it), timed one after another as localstripe's store grows.

localstripe keeps every object in one dict and pickles the whole of it to /tmp/localstripe.pickle on every write
(``Store.__setitem__`` and again after each POST), so each write costs time proportional to everything stored
so far, on its single event loop. ``--in-memory`` serves the same app with that dump turned off (for this
measurement only: the tests and ``make perf-checkout`` run localstripe as shipped unless told otherwise), so the
difference between the two runs is the pickling. ``--indexed`` also lists one kind of object without reading every
object stored (localstripe lists a charge's refunds, three times, to serialise it: that is the growth left without
the pickle).

    python perf/bench_localstripe.py --checkouts 1500 [--in-memory | --indexed]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from service import running_localstripe

from adapters.stripe.client import stripe_client

CALLS = ("create+confirm", "retrieve", "capture")


def checkout_calls(api_base: str, checkouts: int, block: int) -> list[dict[str, float]]:
    """Per block of ``block`` checkouts: the median milliseconds of each call, and calls per second overall."""
    client = stripe_client("sk_test_bench", api_base, retries=0)
    blocks: list[dict[str, float]] = []
    timings: dict[str, list[float]] = defaultdict(list)
    started = time.perf_counter()
    for n in range(1, checkouts + 1):
        t0 = time.perf_counter()
        intent = client.v1.payment_intents.create({
            "amount": 11_800, "currency": "usd", "capture_method": "manual", "confirm": True,
            "payment_method": "pm_card_visa", "payment_method_types": ["card"], "expand": ["latest_charge.refunds"],
        }, {"idempotency_key": f"bench-{n}"})  # fmt: skip
        t1 = time.perf_counter()
        client.v1.payment_intents.retrieve(intent.id, {"expand": ["latest_charge.refunds"]})
        t2 = time.perf_counter()
        client.v1.payment_intents.capture(intent.id, {"amount_to_capture": 11_800}, {"idempotency_key": f"cap-{n}"})
        t3 = time.perf_counter()
        for name, ms in zip(CALLS, ((t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3), strict=True):
            timings[name].append(ms)
        if n % block == 0:
            elapsed = time.perf_counter() - started
            row = {name: statistics.median(timings[name]) for name in CALLS}
            row |= {"checkouts": n, "calls_per_s": 3 * block / elapsed}
            blocks.append(row)
            timings.clear()
            started = time.perf_counter()
    return blocks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkouts", type=int, default=1500)
    parser.add_argument("--block", type=int, default=250)
    parser.add_argument("--in-memory", action="store_true", help="localstripe without its pickle on every write")
    parser.add_argument("--indexed", action="store_true", help="and listing a kind without reading every object")
    args = parser.parse_args()
    mode = "indexed" if args.indexed else "in-memory" if args.in_memory else "persist"
    with running_localstripe(mode) as api_base:
        blocks = checkout_calls(api_base, args.checkouts, args.block)
    mode = {"persist": "as shipped (pickles its store on every write)", "in-memory": "in memory (no pickle)",
            "indexed": "in memory, its kinds indexed"}[mode]  # fmt: skip
    print(f"localstripe {mode}: median ms per call, by checkouts made so far")
    for row in blocks:
        calls = ", ".join(f"{name} {row[name]:.1f}" for name in CALLS)
        print(f"  up to {int(row['checkouts']):>5}: {calls} | {row['calls_per_s']:.0f} calls/s sequential")
    return 0


if __name__ == "__main__":
    sys.exit(main())
