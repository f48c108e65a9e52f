"""Calendar engine micro-benchmark: 14-day preview latency and availability-index refresh throughput.

Budgets (issue 3): preview median <= 1 ms in-process; summaries for 10,000 profiles <= 10 s.
Run: .venv/bin/python perf/bench_calendar.py [--runs 2000] [--profiles 10000] [--check]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall

from core.calendar import BusyInterval, Schedule, WeeklyRule, availability_summary, preview

PREVIEW_BUDGET_MS = 1.0
SUMMARY_BUDGET_S = 10.0
ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/Sao_Paulo",
]
FROM = date(2026, 10, 26)  # the 14 days hold the US fall-back (2026-11-01)
NOW = datetime(2026, 10, 24, 12, tzinfo=UTC)


def provider(owner_id: str = "prf_bench", zone: str = "America/New_York", shift: int = 0) -> Schedule:
    windows = [(8 + shift, 11 + shift), (12 + shift, 15 + shift), (16 + shift, 19 + shift)]
    rules = [WeeklyRule(day, wall(a), wall(b)) for day in range(7) for a, b in windows]
    return Schedule(
        owner_id,
        zone,
        rules,
        buffer_before=timedelta(minutes=15),
        buffer_after=timedelta(minutes=15),
        min_notice=timedelta(hours=12),
    )


def busy_blocks(count: int, seed: int = 0) -> list[BusyInterval]:
    """``count`` one-hour bookings spread over the 14 days (deterministic, no randomness)."""
    first = datetime.combine(FROM, wall(12), UTC)
    step = timedelta(minutes=14 * 24 * 60 // count)
    return [
        BusyInterval.booking(
            first + i * step + timedelta(minutes=(seed * 7) % 60),
            first + i * step + timedelta(minutes=60 + (seed * 7) % 60),
            f"bkg_{i}",
        )
        for i in range(count)
    ]


def bench_preview(runs: int, busy_count: int) -> tuple[float, float, int]:
    schedule, busy = provider(), busy_blocks(busy_count)
    start = time.perf_counter()
    days = preview(schedule, busy, FROM, duration=timedelta(minutes=60), now=NOW)
    first_ms = (time.perf_counter() - start) * 1e3
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        preview(schedule, busy, FROM, duration=timedelta(minutes=60), now=NOW)
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples), first_ms, sum(len(d.slots) for d in days)


def bench_summaries(profiles: int, busy_count: int) -> tuple[float, int]:
    population = [
        (provider(f"prf_{i}", ZONES[i % len(ZONES)], shift=i % 3), busy_blocks(busy_count, seed=i))
        for i in range(profiles)
    ]
    start = time.perf_counter()
    total = sum(availability_summary(s, b, FROM, now=NOW).total_minutes for s, b in population)
    return time.perf_counter() - start, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="preview repetitions")
    parser.add_argument("--profiles", type=int, default=10_000, help="profiles in the index refresh")
    parser.add_argument("--busy", type=int, default=60, help="busy blocks per provider")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    args = parser.parse_args()

    median_ms, first_ms, slots = bench_preview(args.runs, args.busy)
    print(f"preview 14 days, 3 windows/day, {args.busy} busy, buffers, DST crossing: {slots} slots")
    print(
        f"  median {median_ms:.3f} ms over {args.runs} runs (first call {first_ms:.3f} ms); "
        f"budget {PREVIEW_BUDGET_MS} ms"
    )
    seconds, minutes = bench_summaries(args.profiles, args.busy)
    print(
        f"availability summary for {args.profiles} profiles ({len(ZONES)} zones): {seconds:.2f} s "
        f"({seconds / args.profiles * 1e3:.3f} ms each, {minutes} bookable minutes); budget {SUMMARY_BUDGET_S} s"
    )
    ok = median_ms <= PREVIEW_BUDGET_MS and (seconds <= SUMMARY_BUDGET_S or args.profiles != 10_000)
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
