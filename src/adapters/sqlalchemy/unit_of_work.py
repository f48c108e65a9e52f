"""The SQLAlchemy unit of work: one connection and one transaction per unit, rolled back unless committed."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.idempotency import SqlAlchemyIdempotencyStore
from adapters.sqlalchemy.outbox import SqlAlchemyInbox, write_outbound
from core.shared.events import Event
from core.shared.outbox import OutboxMessage
from core.shared.unit_of_work import AfterCommit, PendingEvents


def _system_now() -> datetime:
    return datetime.now(UTC)


def _random_event_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


class SqlAlchemyUnitOfWork:
    """The transaction mechanics every context shares.

    Each context subclasses it and binds its repositories to the unit's connection in ``_bind`` (see
    ``SqlAlchemyProfilesUnitOfWork``), so a unit that spans several repositories is still one transaction.
    Outbound events (``core.shared.outbox``) are written to the outbox just before COMMIT, stamped by ``now``
    and ``new_id`` (the wall clock and random ids unless given: the stamp only names and ages a message).
    ``after_commit`` (the message bus) gets what a ``with`` block committed once the block is left and its
    connection closed, so a handler that writes never waits for this unit's lock.
    """

    idempotency: SqlAlchemyIdempotencyStore
    inbox: SqlAlchemyInbox
    begin_after_commit = True  # False: the next transaction begins when the unit executes again (autobegin)

    def __init__(
        self,
        engine: Engine,
        *,
        now: Callable[[], datetime] = _system_now,
        new_id: Callable[[str], str] = _random_event_id,
        after_commit: AfterCommit | None = None,
    ) -> None:
        self._engine = engine
        self._after_commit = after_commit
        self._now, self._new_id = now, new_id
        self._connection: Connection | None = None
        self._events = PendingEvents()
        self._reading = False

    @contextmanager
    def reading(self) -> Iterator[Self]:
        """A read-only unit (see the port) on a connection with no transaction: no BEGIN, no ROLLBACK, and
        on SQLite no write lock (a WAL reader never waits for a writer)."""
        self._connection = reading_connection(self._engine)
        self._reading = True
        try:
            self._bind(self._connection)
            yield self
        finally:
            self._reading = False
            self._connection.close()
            self._connection = None

    def __enter__(self) -> Self:
        self._connection = self._engine.connect()
        self._connection.begin()
        self._bind(self._connection)
        return self

    def _bind(self, connection: Connection) -> None:
        """Create the unit's repositories on ``connection``; subclasses extend it."""
        self.idempotency = SqlAlchemyIdempotencyStore(connection)
        self.inbox = SqlAlchemyInbox(connection)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        self._events.hand_over(self._after_commit)

    def _active(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._connection

    def commit(self) -> None:
        if self._reading:
            raise RuntimeError("a reading unit of work cannot commit")
        connection = self._active()
        outbound = self._events.outbound(self._now, self._new_id)
        write_outbound(connection, outbound)
        connection.commit()
        if self.begin_after_commit:
            connection.begin()
        self._events.committed(outbound)

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
        self._events.rolled_back()

    def record(self, event: Event) -> None:
        self._events.record(event)

    def collect_events(self) -> list[Event]:
        return self._events.collect()

    def collect_outbound(self) -> list[OutboxMessage]:
        return self._events.collect_outbound()
