"""Leased work rows in SQL: the claim, retry, bury and count mechanics the delivery queue and the outbox share.

The table has ``id`` (claim order), ``due_at`` (NULL: due at once), ``attempts``, ``lease_until``, ``dead_at``
and ``last_error``. A claim is one statement: ``UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
RETURNING`` on PostgreSQL, so claimers in several processes never take the same row; on SQLite every write
transaction is ``BEGIN IMMEDIATE`` (see engine.py), which serialises claims just as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Column, Connection, Engine, Row, Table, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from adapters.sqlalchemy.engine import reading_connection
from core.shared.retry import REASON_CHARS


class LeasedRows:
    """The lease mechanics over ``table``; every method runs in the caller's connection and transaction."""

    def __init__(self, table: Table) -> None:
        self.t = table

    def _not_leased(self, now: datetime) -> ColumnElement[bool]:
        return or_(self.t.c.lease_until.is_(None), self.t.c.lease_until <= now)

    def _due(self, now: datetime) -> ColumnElement[bool]:
        return or_(self.t.c.due_at.is_(None), self.t.c.due_at <= now)

    def claim(
        self, connection: Connection, now: datetime, limit: int, lease_until: datetime, returning: Sequence[Column[Any]]
    ) -> list[Row[Any]]:
        """Lease up to ``limit`` due rows, oldest first, counting an attempt on each; ``returning`` (with ``id``
        and the new ``attempts``) of each, in claim order."""
        t = self.t
        due = (
            select(t.c.id)
            .where(t.c.dead_at.is_(None), self._due(now), self._not_leased(now))
            .order_by(t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(t)
            .where(t.c.id.in_(due.scalar_subquery()))
            .values(attempts=t.c.attempts + 1, lease_until=lease_until)
            .returning(t.c.id, t.c.attempts, *returning)
        )
        return sorted(connection.execute(claim).all(), key=lambda row: row.id)

    def retry(self, connection: Connection, where: ColumnElement[bool], due_at: datetime, reason: str) -> None:
        values = {"due_at": due_at, "lease_until": None, "last_error": reason[:REASON_CHARS]}
        connection.execute(update(self.t).where(where).values(values))

    def bury(self, connection: Connection, where: ColumnElement[bool], now: datetime, reason: str) -> None:
        values = {"dead_at": now, "lease_until": None, "last_error": reason[:REASON_CHARS]}
        connection.execute(update(self.t).where(where).values(values))

    def requeue_dead(self, connection: Connection) -> int:
        result = connection.execute(
            update(self.t).where(self.t.c.dead_at.is_not(None)).values(dead_at=None, due_at=None, attempts=0)
        )
        return int(result.rowcount)

    def dead(self, connection: Connection, limit: int, columns: Sequence[Column[Any]]) -> list[Row[Any]]:
        """``columns`` of the oldest ``limit`` dead rows."""
        t = self.t
        query = select(*columns).where(t.c.dead_at.is_not(None)).order_by(t.c.id).limit(limit)
        return list(connection.execute(query).all())

    def counts(self, connection: Connection, now: datetime, where: Any = None) -> tuple[int, int, int, int]:
        """(due, backing off, leased, dead) at ``now``, of the rows ``where`` selects (every row when None)."""
        t, live = self.t, self.t.c.dead_at.is_(None)
        query = select(
            func.count().filter(live, self._not_leased(now), self._due(now)),
            func.count().filter(live, self._not_leased(now), t.c.due_at > now),
            func.count().filter(live, t.c.lease_until > now),
            func.count().filter(t.c.dead_at.is_not(None)),
        ).select_from(t)
        if where is not None:
            query = query.where(where)
        due, backing_off, leased, dead = connection.execute(query).one()
        return due, backing_off, leased, dead


class LeasedQueue:
    """The calls every leased queue answers the same way, whatever it carries: each is its own short transaction
    on ``engine``. A message is named by the ``key`` column, the id its port hands out (the row id, the event id);
    a subclass names the column that labels a dead letter and the class that shows it.
    """

    label: ClassVar[str]
    dead_letter: ClassVar[Callable[..., Any]]

    def __init__(self, engine: Engine, table: Table, key: str) -> None:
        self._engine = engine
        self._rows = LeasedRows(table)
        self._key = table.c[key]

    def _remove(self, key: object) -> None:
        """Done with for good (delivered, acknowledged): the row goes."""
        with self._engine.begin() as connection:
            connection.execute(delete(self._rows.t).where(self._key == key))

    def retry(self, key: Any, due_at: datetime, reason: str) -> None:
        with self._engine.begin() as connection:
            self._rows.retry(connection, self._key == key, due_at, reason)

    def bury(self, key: Any, now: datetime, reason: str) -> None:
        with self._engine.begin() as connection:
            self._rows.bury(connection, self._key == key, now, reason)

    def requeue_dead(self) -> int:
        with self._engine.begin() as connection:
            return self._rows.requeue_dead(connection)

    def dead_letters(self, limit: int) -> list[Any]:
        """The oldest ``limit`` dead letters as ``dead_letter(key, label, attempts, dead_at, last_error)``: what
        operators see of a message (the ``label`` column names its channel or topic, never its payload)."""
        t = self._rows.t
        columns = [self._key, t.c[self.label], t.c.attempts, t.c.dead_at, t.c.last_error]
        with reading_connection(self._engine) as connection:
            return [self.dead_letter(*row) for row in self._rows.dead(connection, limit, columns)]
