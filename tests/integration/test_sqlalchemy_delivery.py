"""The delivery queue on SQLAlchemy (SQLite and PostgreSQL): the contract, sealing at rest, concurrent claims."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, select

from adapters.crypto.fernet_cipher import FernetSecretCipher
from adapters.sqlalchemy.delivery import SqlAlchemyDeliveryQueue
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.notifications import SqlAlchemyDigestsUnitOfWork
from adapters.sqlalchemy.tables.delivery import delivery_outbox
from core.delivery.model import Claimed, Outbound
from core.identity.errors import DeliveryFailed
from core.onboarding.digests import Message
from tests.contracts.delivery_queue import LEASE, T0, DeliveryQueueContract, email
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration
CIPHER = FernetSecretCipher([Fernet.generate_key().decode()])


@pytest.fixture
def sqlite_queue(tmp_path: Path) -> Iterator[SqlAlchemyDeliveryQueue]:
    for engine in sqlite_engine(tmp_path):
        yield SqlAlchemyDeliveryQueue(engine, CIPHER, now=lambda: T0)


@pytest.fixture
def pg_queue(pg_engine: Engine) -> SqlAlchemyDeliveryQueue:
    truncate_all(pg_engine)
    return SqlAlchemyDeliveryQueue(pg_engine, CIPHER, now=lambda: T0)


class TestSqliteDeliveryQueue(DeliveryQueueContract):
    @pytest.fixture
    def queue(self, sqlite_queue: SqlAlchemyDeliveryQueue) -> SqlAlchemyDeliveryQueue:
        return sqlite_queue


class TestPostgresDeliveryQueue(DeliveryQueueContract):
    @pytest.fixture
    def queue(self, pg_queue: SqlAlchemyDeliveryQueue) -> SqlAlchemyDeliveryQueue:
        return pg_queue


@pytest.mark.parametrize("which", ["sqlite_queue", "pg_queue"])
def test_recipient_subject_and_text_are_sealed_at_rest(which: str, request: pytest.FixtureRequest) -> None:
    queue: SqlAlchemyDeliveryQueue = request.getfixturevalue(which)
    queue.put(email(7))
    with queue._engine.connect() as connection:  # the raw row, as a database reader would see it
        (row,) = connection.execute(select(delivery_outbox)).all()
    assert row.channel == "email" and row.attempts == 0 and row.created_at == T0
    for clear in ("user7@example.com", "Subject 7", "100007"):
        assert clear not in row.payload


@pytest.mark.parametrize("which", ["sqlite_queue", "pg_queue"])
def test_a_message_sealed_with_a_retired_key_is_buried_not_retried(which: str, request: pytest.FixtureRequest) -> None:
    queue: SqlAlchemyDeliveryQueue = request.getfixturevalue(which)
    retired = SqlAlchemyDeliveryQueue(queue._engine, FernetSecretCipher([Fernet.generate_key().decode()]))
    retired.put(email(1))
    queue.put(email(2))
    (readable,) = queue.claim(T0, 10, T0 + LEASE)
    assert readable.message == email(2)
    (letter,) = queue.dead_letters(10)
    assert letter.last_error is not None and "unreadable" in letter.last_error


def test_concurrent_claims_on_postgres_never_share_a_message(pg_queue: SqlAlchemyDeliveryQueue) -> None:
    """Eight dispatchers claim five at a time from 200 messages: each message is claimed exactly once."""
    for n in range(200):
        pg_queue.put(email(n))
    claims: list[list[Claimed]] = []
    lock, gate = threading.Lock(), threading.Barrier(8)

    def dispatcher() -> None:
        gate.wait()
        while batch := list(pg_queue.claim(T0, 5, T0 + timedelta(minutes=5))):
            with lock:
                claims.append(batch)

    threads = [threading.Thread(target=dispatcher) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    ids = [claimed.id for batch in claims for claimed in batch]
    assert len(ids) == 200 and len(set(ids)) == 200
    assert {claimed.message.to for batch in claims for claimed in batch} == {f"user{n}@example.com" for n in range(200)}
    assert max(len(batch) for batch in claims) == 5


@pytest.mark.parametrize("which", ["sqlite_queue", "pg_queue"])
def test_a_digest_is_queued_for_delivery_in_its_own_transaction(which: str, request: pytest.FixtureRequest) -> None:
    """The digest notifier writes the email to the queue with its sent-log entry: both commit or neither."""
    queue: SqlAlchemyDeliveryQueue = request.getfixturevalue(which)
    message = Message("prf_0001", "ana@example.com", "Your RastUp week 2026-W48", "Hello Ana")
    with SqlAlchemyDigestsUnitOfWork(queue._engine, CIPHER) as uow:
        uow.notifier.deliver(message)  # ... and the unit is left without a commit: rolled back
    assert queue.claim(T0, 10, T0 + LEASE) == []
    with SqlAlchemyDigestsUnitOfWork(queue._engine, CIPHER) as uow:
        uow.notifier.deliver(message)
        uow.commit()
    (claimed,) = queue.claim(T0, 10, T0 + LEASE)
    assert claimed.message == Outbound("email", "ana@example.com", "Your RastUp week 2026-W48", "Hello Ana")


def test_a_database_that_refuses_the_write_is_a_logged_delivery_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Not migrated (or down): ``put`` raises ``DeliveryFailed`` and logs it, without the recipient."""
    engine = create_database_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no schema: the insert fails
    with pytest.raises(DeliveryFailed) as caught:
        SqlAlchemyDeliveryQueue(engine, CIPHER).put(email(3))
    engine.dispose()
    assert (caught.value.channel, caught.value.reason) == ("email", "queue-unavailable")
    assert "delivery_queue_unavailable" in caplog.text and "user3@example.com" not in caplog.text
