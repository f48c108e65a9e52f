"""The SQLAlchemy unit of work: one connection and one transaction per unit, rolled back unless committed."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Self

from sqlalchemy import Connection, Engine

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.idempotency import SqlAlchemyIdempotencyStore
from adapters.sqlalchemy.outbox import SqlAlchemyInbox, write_outbound
from core.shared.outbox import OutboxMessage
from core.shared.unit_of_work import AfterCommit, UnitOfWorkBase


def _system_now() -> datetime:
    return datetime.now(UTC)


def _random_event_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


class SqlAlchemyUnitOfWork(UnitOfWorkBase):
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
        super().__init__(now=now, new_id=new_id, after_commit=after_commit)
        self._engine = engine
        self._connection: Connection | None = None

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

    def _active(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._connection

    def _commit(self, outbound: Sequence[OutboxMessage]) -> None:
        connection = self._active()
        write_outbound(connection, outbound)
        connection.commit()
        if self.begin_after_commit:
            connection.begin()

    def _discard(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()

    def _release(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
