"""The SQLAlchemy unit of work: one connection and one transaction per unit, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.idempotency import SqlAlchemyIdempotencyStore
from core.shared.events import Event
from core.shared.unit_of_work import PendingEvents


class SqlAlchemyUnitOfWork:
    """The transaction mechanics every context shares.

    Each context subclasses it and binds its repositories to the unit's connection in ``_bind`` (see
    ``SqlAlchemyProfilesUnitOfWork``), so a unit that spans several repositories is still one transaction.
    """

    idempotency: SqlAlchemyIdempotencyStore

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
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

    def _active(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._connection

    def commit(self) -> None:
        if self._reading:
            raise RuntimeError("a reading unit of work cannot commit")
        connection = self._active()
        connection.commit()
        connection.begin()
        self._events.committed()

    def rollback(self) -> None:
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()
        self._events.rolled_back()

    def record(self, event: Event) -> None:
        self._events.record(event)

    def collect_events(self) -> list[Event]:
        return self._events.collect()
