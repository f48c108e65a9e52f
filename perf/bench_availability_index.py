"""Availability-index refresh over the SQL store: N profiles' schedules and imported busy time in PostgreSQL
(or SQLite), then ``refresh_all_availability`` reading them a page at a time and writing every index row.

Budget (issue 12, was 10 s in issue 3): 10,000 profiles in <= 3 s. The engine-only figure is perf/bench_calendar.py's.
Run: .venv/bin/python perf/bench_availability_index.py --admin-url ... --database-url ... [--profiles 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, insert

sys.path.insert(0, str(Path(__file__).parent))
from bench_calendar import NOW, ZONES, busy_blocks, provider
from service import recreate_database

from adapters.memory.calendar import no_bookings_yet
from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.calendar_rows import schedule_row
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.tables.calendar import calendar_feed_events, calendar_feeds, calendar_schedules
from config.container import build_container
from config.settings import Settings
from core.calendar.feeds import CalendarFeed
from core.calendar.index_handlers import refresh_all_availability
from core.calendar.records import StoredSchedule

BUDGET_S = 3.0
_BATCH = 500


def seed(engine: Engine, profiles: int, busy: int) -> None:
    """Schedules like bench_calendar's provider (3 windows a day, buffers, 8 zones) and ``busy`` imported
    events each, written in bulk (the set-up is not measured)."""
    for first in range(0, profiles, _BATCH):
        schedules, feeds, events = [], [], []
        for i in range(first, min(first + _BATCH, profiles)):
            owner = f"prf_idx_{i:05d}"
            schedules.append(schedule_row(StoredSchedule(provider(owner, ZONES[i % len(ZONES)], i % 3), 1, NOW)))
            feed = CalendarFeed.uploaded(f"calfeed_idx_{i:05d}", owner, "bench.ics", (), NOW)
            feeds.append({"id": feed.feed_id, "owner_id": owner, "source": "upload", "url": feed.url,
                          "status": "uploaded", "etag": None, "last_modified": None, "last_error_kind": None,
                          "last_error_detail": None, "consecutive_failures": 0, "last_synced_at": NOW,
                          "next_attempt_at": None})  # fmt: skip
            events.extend(
                {"feed_id": feed.feed_id, "position": n, "owner_id": owner, "uid": f"evt-{n}@bench",
                 "start_at": b.start, "end_at": b.end}
                for n, b in enumerate(busy_blocks(busy, seed=i))
            )  # fmt: skip
        with engine.begin() as connection:
            connection.execute(insert(calendar_schedules), schedules)
            connection.execute(insert(calendar_feeds), feeds)
            if events:
                connection.execute(insert(calendar_feed_events), events)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", help="PostgreSQL maintenance URL (recreates --database-url); omit for SQLite")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--busy", type=int, default=60, help="imported busy events per profile")
    parser.add_argument("--bookings", choices=("service", "none"), default="service",
                        help="BookedTime as the service wires it, or none (the calendar's own cost)")  # fmt: skip
    parser.add_argument("--check", action="store_true", help="exit 1 when the budget is missed")
    parser.add_argument("--runs", type=int, default=1, help="refreshes in a row (the first is the one judged)")
    args = parser.parse_args()
    if args.admin_url:
        recreate_database(args.admin_url, args.database_url)
    upgrade(args.database_url)
    engine = create_database_engine(args.database_url)
    started = time.perf_counter()
    seed(engine, args.profiles, args.busy)
    print(f"seeded {args.profiles} schedules and {args.profiles * args.busy} imported events "
          f"in {time.perf_counter() - started:.1f} s (not measured)")  # fmt: skip
    if args.bookings == "service":
        uow = build_container(Settings(database_url=args.database_url)).calendar_uow  # the service's wiring
    else:
        uow = partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet)
    walls, cpus = [], []
    for _run in range(args.runs):  # the first from a new process (cold caches), the others over the rows it wrote
        started, cpu = time.perf_counter(), time.process_time()
        count = refresh_all_availability(uow(), FixedClock(NOW)).indexed
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    seconds = walls[0]
    with uow() as check:
        row = check.index.get("prf_idx_00000")
    assert row is not None and count == args.profiles
    dialect = engine.dialect.name
    engine.dispose()
    ok = seconds <= BUDGET_S or args.profiles != 10_000
    print(f"index refresh over {dialect} (bookings: {args.bookings}): {count} profiles, {args.busy} busy each, "
          f"in {seconds:.2f} s "
          f"({seconds / count * 1e3:.3f} ms each; first row {row.bookable_minutes[:3]}...); budget {BUDGET_S} s: "
          + ("PASS" if ok else "OVER BUDGET"))  # fmt: skip
    figures = ", ".join(f"{w:.2f} s ({c:.2f} s CPU)" for w, c in zip(walls, cpus, strict=True))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  runs: {figures}; load average {load} (a shared machine: wall is an upper bound)")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
