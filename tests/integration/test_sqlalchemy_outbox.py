"""The SQL outbox (SQLite and PostgreSQL): the contract, relays racing on PostgreSQL, and a relay killed with
SIGKILL between claim and acknowledgement."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.sqlalchemy.outbox import SqlAlchemyOutbox
from adapters.sqlalchemy.tables.outbox import outbox as outbox_table
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.shared.outbox import OutboxMessage
from core.shared.relay import ALREADY_PROCESSED, Consumer, Relay
from core.shared.retry import RetryPolicy
from core.shared.unit_of_work import AfterCommit
from tests.contracts.outbox import LEASE, T0, NewUow, OutboxContract, ThingHappened
from tests.contracts.unit_of_work_hand_over import HandingTo, HandOverContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration
KILLED_RELAY = Path(__file__).parent / "outbox_killed_relay.py"


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[Engine]:
    yield from sqlite_engine(tmp_path)


@pytest.fixture
def postgres(pg_engine: Engine) -> Engine:
    truncate_all(pg_engine)
    return pg_engine


def units(engine: Engine, clock: FixedClock, ids: SequentialIds) -> NewUow:
    return lambda: SqlAlchemyUnitOfWork(engine, now=clock.now, new_id=ids.new_id)


class TestSqliteOutbox(OutboxContract):
    @pytest.fixture
    def outbox(self, sqlite: Engine) -> SqlAlchemyOutbox:
        return SqlAlchemyOutbox(sqlite)

    @pytest.fixture
    def new_uow(self, sqlite: Engine, clock: FixedClock, ids: SequentialIds) -> NewUow:
        return units(sqlite, clock, ids)


class TestPostgresOutbox(OutboxContract):
    @pytest.fixture
    def outbox(self, postgres: Engine) -> SqlAlchemyOutbox:
        return SqlAlchemyOutbox(postgres)

    @pytest.fixture
    def new_uow(self, postgres: Engine, clock: FixedClock, ids: SequentialIds) -> NewUow:
        return units(postgres, clock, ids)


class TestPostgresHandOver(HandOverContract):
    @pytest.fixture
    def outbox(self, postgres: Engine) -> SqlAlchemyOutbox:
        return SqlAlchemyOutbox(postgres)

    @pytest.fixture
    def handing_to(self, postgres: Engine) -> HandingTo:
        ids = SequentialIds()

        def unit(after: AfterCommit) -> SqlAlchemyUnitOfWork:
            return SqlAlchemyUnitOfWork(postgres, now=FixedClock(T0).now, new_id=ids.new_id, after_commit=after)

        return unit


@pytest.mark.parametrize("which", ["sqlite", "postgres"])
def test_a_row_no_event_class_reads_any_more_is_buried(which: str, request: pytest.FixtureRequest) -> None:
    engine: Engine = request.getfixturevalue(which)
    with engine.begin() as connection:
        connection.execute(outbox_table.insert().values(event_id="evt_x", topic="gone.renamed", payload="{}",
                                                        occurred_at=T0))  # fmt: skip
    outbox = SqlAlchemyOutbox(engine)
    assert outbox.claim(T0, 10, T0 + LEASE) == []
    (letter,) = outbox.dead_letters(10)
    assert letter.event_id == "evt_x" and "unknown outbox topic" in (letter.last_error or "")


def test_events_are_stored_as_json_under_their_topic(sqlite: Engine) -> None:
    with SqlAlchemyUnitOfWork(sqlite, now=lambda: T0, new_id=SequentialIds().new_id) as uow:
        uow.record(ThingHappened(3))
        uow.commit()
    with sqlite.connect() as connection:
        (row,) = connection.execute(select(outbox_table)).all()
    assert (row.event_id, row.topic, row.occurred_at, row.attempts) == ("evt_000001", "test.thing_happened", T0, 0)
    assert row.payload == (
        '{"at":"2026-11-23T09:00:00+00:00","mood":"glad","n":3,"price":{"amount":1250,"currency":"EUR"},'
        '"tags":["a","\\u00e9"]}'
    )


def test_racing_relays_on_postgres_deliver_each_message_once(postgres: Engine) -> None:
    """Six relays, five messages a claim, 150 messages: every message goes to the consumer exactly once."""
    clock, ids = FixedClock(T0), SequentialIds()
    new_uow = units(postgres, clock, ids)
    for n in range(150):
        with new_uow() as uow:
            uow.record(ThingHappened(n))
            uow.commit()
    seen: list[int] = []
    lock, gate = threading.Lock(), threading.Barrier(6)

    def consume(message: OutboxMessage) -> None:
        with lock:
            seen.append(message.event.n)  # type: ignore[attr-defined]  # a ThingHappened

    def relay() -> None:
        own = Relay(SqlAlchemyOutbox(postgres), [Consumer("c", "test.thing_happened", consume)], clock,
                    RetryPolicy(), batch=5)  # fmt: skip
        gate.wait()
        while own.run_once().handled:
            pass

    threads = [threading.Thread(target=relay) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(seen) == list(range(150))
    assert SqlAlchemyOutbox(postgres).stats(T0).pending == 0


def test_a_relay_process_killed_after_its_consumer_committed_delivers_once_after_restart(
    postgres: Engine, pg_url: str
) -> None:
    """A relay in another process commits the consumer's work and is SIGKILLed before acknowledging; the
    restarted relay, once the lease has run out, finds the inbox mark and only acknowledges."""
    clock = FixedClock(T0)
    with SqlAlchemyUnitOfWork(postgres, now=clock.now, new_id=SequentialIds().new_id) as uow:
        uow.record(ThingHappened(42))
        uow.commit()
    killed = subprocess.run([sys.executable, str(KILLED_RELAY), pg_url], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    outbox = SqlAlchemyOutbox(postgres)
    assert outbox.stats(T0).leased == 1

    from tests.integration.outbox_killed_relay import indexer

    restarted = Relay(outbox, [indexer(postgres, clock)], clock, RetryPolicy(), lease=LEASE)
    assert restarted.run_once().handled == 0  # the dead relay's lease still holds
    clock.advance(LEASE)
    round_ = restarted.run_once()
    assert [c.done for c in round_.consumed] == [ALREADY_PROCESSED]
    assert outbox.stats(clock.now()).pending == 0
    with SqlAlchemyUnitOfWork(postgres).reading() as uow:
        assert uow.idempotency.get("indexer", "42") is not None  # the effect, committed once by the dead relay
