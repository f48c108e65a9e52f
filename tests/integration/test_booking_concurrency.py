"""Many clients race for one slot: exactly one hold wins, every other attempt is a clean SlotUnavailable.

PostgreSQL: threads in this process plus several spawned processes, each with its own engine, released
together by one barrier; the exclusion constraint decides. SQLite: threads; IMMEDIATE transactions
serialise the check-then-insert. Afterwards the table holds no overlapping pair.
"""

from __future__ import annotations

import multiprocessing
import threading
import zlib
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.booking_audit import overlapping_pairs
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from core.booking.errors import SlotUnavailable
from core.booking.handlers import request_booking
from tests.integration.sql_stores import sqlite_engine, truncate_all
from tests.unit.booking.booking_builders import NOW, RULES, quote, request
from tests.unit.booking.in_memory_bookings import FakeClock

pytestmark = pytest.mark.integration

THREADS = 12
PROCESSES = 3


class PrefixedIds:
    def __init__(self, prefix: str) -> None:
        self.prefix, self.count, self.lock = prefix, 0, threading.Lock()

    def new_id(self, kind: str) -> str:
        with self.lock:
            self.count += 1
            return f"{kind}_{self.prefix}_{self.count:04d}"


def attempt(engine: Engine, who: str, barrier: Any) -> str:
    """One client asks for an Instant Book hold overlapping everyone else's; ``won`` or ``refused``."""
    offset = timedelta(
        minutes=15 * (zlib.crc32(who.encode()) % 8)
    )  # every start within 1h45 of the others: all overlap
    checkout = quote(starts_in=timedelta(days=10) + offset, quote_id=f"qte_{who}")
    command = request(checkout, instant=True, key=f"key-{who}", client=f"cli_{who}")
    barrier.wait()
    try:
        request_booking(command, SqlAlchemyBookingUnitOfWork(engine), FakeClock(NOW), PrefixedIds(who), RULES)
    except SlotUnavailable:
        return "refused"
    return "won"


def hammer(engine: Engine, prefix: str, barrier: Any) -> list[str]:
    outcomes: list[str] = []

    def run(n: int) -> None:
        try:
            outcomes.append(attempt(engine, f"{prefix}{n}", barrier))
        except Exception as error:  # anything else is a failure the test must show
            outcomes.append(f"error: {error!r}")

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def process_main(url: str, prefix: str, barrier: Any, results: Any) -> None:
    engine = create_database_engine(url)
    try:
        results.put(hammer(engine, prefix, barrier))
    finally:
        engine.dispose()


def assert_one_winner(outcomes: list[str], engine: Engine) -> None:
    counts = Counter(outcomes)
    assert counts == {"won": 1, "refused": len(outcomes) - 1}, counts
    with engine.connect() as connection:
        assert overlapping_pairs(connection) == 0


def test_threads_and_processes_race_for_one_slot_on_postgres(pg_url: str) -> None:
    upgrade(pg_url)
    engine = create_database_engine(pg_url)
    truncate_all(engine)
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(THREADS * (PROCESSES + 1)), spawn.Queue()
    workers = [spawn.Process(target=process_main, args=(pg_url, f"p{n}t", barrier, results)) for n in range(PROCESSES)]
    try:
        for worker in workers:
            worker.start()
        outcomes = hammer(engine, "main", barrier)
        for _ in workers:
            outcomes += results.get(timeout=120)
        for worker in workers:
            worker.join(timeout=30)
        assert len(outcomes) == THREADS * (PROCESSES + 1)
        assert_one_winner(outcomes, engine)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        engine.dispose()


def test_threads_race_for_one_slot_on_sqlite(tmp_path: Path) -> None:
    for engine in sqlite_engine(tmp_path):
        outcomes = hammer(engine, "t", threading.Barrier(THREADS))
        assert_one_winner(outcomes, engine)
