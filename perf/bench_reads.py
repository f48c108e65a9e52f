"""The most-read paths as ratios to ``/healthz`` in the same run: budgets that travel between machines.

    make perf-reads      # or: python perf/bench_reads.py --admin-url URL --database-url URL [--check]

One uvicorn worker on a fresh PostgreSQL database (created, migrated, seeded, dropped afterwards), one client
on one keep-alive connection, requests one after another: each round asks every path once (shuffled), so
the floor and the paths see the same machine at the same moments. The median server round trip of each path is
printed with its ratio to ``/healthz``'s median; ``--check`` exits 1 when a ratio is over its budget. A second
service on the same database, with ``PUBLIC_READ_KEEP_S=0``, measures the public reads, the profile JSON and
availability again as every read costs when nobody asked the same a moment ago (the "uncached" rows, against that
run's own ``/healthz``). Then, on the
first service, the throughput half (``reads_throughput``; ``--no-throughput`` skips it): k6 at the highest rate at
which ``/healthz`` keeps p95 under 10 ms here, each path's completions per second as a fraction of the floor's.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from reads_throughput import report as report_throughput
from reads_throughput import throughput
from service import drop_database, recreate_database, running_service

PROFILE = "prf_demo_photographer_la"
SLUG = "demo-photographer-la"
# name -> (path, ratio budget to /healthz held here; None: the floor). Budgets are what this code achieves on the
# 2-core development machine under load, with headroom; ISSUE_TARGETS (issue 18) are printed beside them.
PATHS: dict[str, tuple[str, float | None]] = {
    "healthz": ("/healthz", None),
    "profile JSON": (f"/api/profiles/{PROFILE}", 2.0),
    "availability 14 days": (f"/api/profiles/{PROFILE}/availability?days=14&duration=60", 3.0),
    "public JSON": (f"/api/profiles/{PROFILE}/public", 3.0),
    "public page": (f"/p/{SLUG}", 3.0),
}
REVALIDATED = {"public page 304": "public page", "public JSON 304": "public JSON"}
REVALIDATION_BUDGET = 1.3  # the issue's own (measured 1.03-1.06x on the 2-core machine)
# The public reads again with PUBLIC_READ_KEEP_S=0: every read asks the database (the service's default answers
# a page read a moment ago from memory, which the rows above measure; so do the anonymous profile JSON and the
# availability inputs of a published profile). name -> (the row it repeats, budget).
UNKEPT = {
    "profile JSON uncached": ("profile JSON", 3.0),
    "availability 14 days uncached": ("availability 14 days", 4.5),
    "public JSON uncached": ("public JSON", 3.0),
    "public page uncached": ("public page", 3.0),
    "public page 304 uncached": ("public page 304", 2.75),
    "public JSON 304 uncached": ("public JSON 304", 2.75),
}
# Under k6 at the floor's sustainable rate (reads_throughput): what a path completes per second over the floor's.
THROUGHPUT_BUDGETS = {"public page": 0.40, "profile JSON": 0.50}
ISSUE_TARGETS = {"profile JSON": 2.0, "availability 14 days": 3.0, "public JSON": 3.0, "public page": 3.0,
                 "public page 304": 1.3, "public JSON 304": 1.3, "public JSON uncached": 3.0,
                 "public page uncached": 3.0}  # fmt: skip


def _timed(client: httpx.Client, path: str, headers: dict[str, str], expect: int) -> float:
    started = time.perf_counter()
    answer = client.get(path, headers=headers)
    elapsed = time.perf_counter() - started
    if answer.status_code != expect:
        raise RuntimeError(f"GET {path}: {answer.status_code}, expected {expect}: {answer.text[:200]}")
    return elapsed * 1000


def measure(base: str, rounds: int, warmup: int) -> dict[str, float]:
    """The median milliseconds of each path (and each 304 revalidation the service supports)."""
    samples: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=10) as client:
        etags = {name: client.get(PATHS[name][0]).headers.get("etag") for name in REVALIDATED.values()}
        plan: list[tuple[str, str, dict[str, str], int]] = [(name, path, {}, 200) for name, (path, _) in PATHS.items()]
        plan += [(name, PATHS[of][0], {"If-None-Match": str(etags[of])}, 304) for name, of in REVALIDATED.items()
                 if etags[of]]  # fmt: skip
        shuffler = random.Random(18)
        for turn in range(warmup + rounds):
            shuffler.shuffle(plan)
            for name, path, headers, expect in plan:
                took = _timed(client, path, headers, expect)
                if turn >= warmup:
                    samples.setdefault(name, []).append(took)
    return {name: statistics.median(values) for name, values in samples.items()}


def report(medians: dict[str, float]) -> list[str]:
    """Print the table; return the budgets broken."""
    floor = medians["healthz"]
    budgets = {name: budget for name, (_, budget) in PATHS.items()}
    budgets.update(dict.fromkeys(REVALIDATED, REVALIDATION_BUDGET))
    budgets.update({name: budget for name, (_, budget) in UNKEPT.items()})
    broken = []
    print(f"{'path':<30} {'median ms':>10} {'x healthz':>10} {'budget':>8} {'issue':>7}")
    for name in [*PATHS, *REVALIDATED, *UNKEPT]:
        if name not in medians:
            continue
        median = medians[name]
        # an uncached row against the floor of its own run (another service: the same machine moments later)
        floor = medians.get("healthz uncached", floor) if name in UNKEPT else medians["healthz"]
        ratio, budget = median / floor, budgets.get(name)
        verdict = "" if budget is None else ("ok" if ratio <= budget else "OVER")
        if verdict == "OVER":
            broken.append(f"{name} {ratio:.2f}x > {budget}x")
        shown = "" if budget is None else f"<= {budget}x"
        target = f"{ISSUE_TARGETS[name]}x" if name in ISSUE_TARGETS else ""
        print(f"{name:<30} {median:>10.2f} {ratio:>9.2f}x {shown:>8} {target:>7} {verdict}")
    return broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--admin-url", required=True, help="PostgreSQL maintenance database URL")
    parser.add_argument("--database-url", required=True, help="The benchmark database (dropped and recreated)")
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio is over its budget")
    parser.add_argument("--no-throughput", dest="throughput", action="store_false", help="skip the k6 half")
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database_url)
    rates = None
    try:
        with running_service(args.database_url, workers=1) as base:
            medians = measure(base, args.rounds, args.warmup)
            if args.throughput:
                rates = throughput(base, {name: PATHS[name][0] for name in THROUGHPUT_BUDGETS}, Path("perf/results"))
        with running_service(args.database_url, workers=1, seed=False, extra_env={"PUBLIC_READ_KEEP_S": "0"}) as base:
            unkept = measure(base, args.rounds, args.warmup)
        medians["healthz uncached"] = unkept["healthz"]
        medians.update({name: unkept[row] for name, (row, _) in UNKEPT.items() if row in unkept})
    finally:
        drop_database(args.admin_url, args.database_url)
    print(f"perf-reads: {args.rounds} rounds, 1 worker, PostgreSQL, sequential, one keep-alive connection; the")
    print("uncached rows from a second service with PUBLIC_READ_KEEP_S=0, each against that run's /healthz")
    broken = report(medians)
    if rates is not None:
        broken += report_throughput(rates, THROUGHPUT_BUDGETS)
    missing = [name for name in REVALIDATED if name not in medians]
    if missing:
        print(f"not measured (no ETag answered): {', '.join(missing)}")
    if broken or missing:
        print("budgets broken: " + "; ".join(broken + [f"{name}: no 304" for name in missing]))
    return 1 if args.check and (broken or missing) else 0


if __name__ == "__main__":
    sys.exit(main())
