"""The outbox and the inbox in memory, as tables of an ``InMemoryDatabase``: they commit and roll back with
the unit of work that writes them (the unit tests' twin of ``adapters.sqlalchemy.outbox``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

import attrs

from adapters.memory.leased_rows import LeasedRow, counts
from adapters.memory.tables import OnTables
from core.shared.outbox import OutboxDeadLetter, OutboxMessage, OutboxStats

Tables = Callable[[str], dict[Any, Any]]


class _Database(Protocol):
    """What the outbox needs of ``adapters.memory.unit_of_work.InMemoryDatabase`` (which imports this module)."""

    lock: AbstractContextManager[Any]

    def table(self, name: str) -> dict[Any, Any]: ...


_order = itertools.count(1)  # claim order, never reused (like a SQL sequence, a rollback skips numbers)


def write_outbound(table: Tables, messages: Sequence[OutboxMessage]) -> None:
    """Write ``messages`` into the unit's tables: they commit, or roll back, with the unit."""
    rows = table("outbox")
    for message in messages:
        rows[next(_order)] = LeasedRow(message)


class InMemoryOutbox:
    """``Outbox`` over an ``InMemoryDatabase``; each call waits for the unit of work running, if any."""

    def __init__(self, database: _Database) -> None:
        self._database = database

    def _rows(self) -> dict[int, LeasedRow[OutboxMessage]]:
        return self._database.table("outbox")

    def _row(self, event_id: str) -> tuple[int, LeasedRow[OutboxMessage]] | None:
        return next(((i, row) for i, row in self._rows().items() if row.item.event_id == event_id), None)

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[OutboxMessage]:
        with self._database.lock:
            due = [row for _i, row in sorted(self._rows().items()) if row.claimable(now)][:limit]
            for row in due:
                row.lease(lease_until)
            return [attrs.evolve(row.item, attempt=row.attempts) for row in due]

    def acknowledge(self, event_id: str) -> None:
        with self._database.lock:
            if (found := self._row(event_id)) is not None:
                del self._rows()[found[0]]

    def retry(self, event_id: str, due_at: datetime, reason: str) -> None:
        with self._database.lock:
            if (found := self._row(event_id)) is not None:
                found[1].retry(due_at, reason)

    def bury(self, event_id: str, now: datetime, reason: str) -> None:
        with self._database.lock:
            if (found := self._row(event_id)) is not None:
                found[1].bury(now, reason)

    def requeue_dead(self) -> int:
        with self._database.lock:
            dead = [row for row in self._rows().values() if row.dead_at is not None]
            for row in dead:
                row.requeue()
            return len(dead)

    def dead_letters(self, limit: int) -> Sequence[OutboxDeadLetter]:
        with self._database.lock:
            dead = [row for _i, row in sorted(self._rows().items()) if row.dead_at is not None][:limit]
            return [
                OutboxDeadLetter(row.item.event_id, row.item.topic, row.attempts, row.dead_at, row.last_error)
                for row in dead
                if row.dead_at is not None
            ]

    def stats(self, now: datetime, topics: Collection[str] | None = None) -> OutboxStats:
        with self._database.lock:
            rows = [row for row in self._rows().values() if topics is None or row.item.topic in topics]
        due, backing_off, leased, dead = counts(rows, now)
        pending = [row.item.occurred_at for row in rows if row.dead_at is None]
        return OutboxStats(due, backing_off, leased, dead, min(pending, default=None))


class InMemoryInbox(OnTables):
    """``Inbox`` in the unit's tables."""

    def processed(self, consumer: str, event_id: str) -> bool:
        return (consumer, event_id) in self._table("outbox_inbox")

    def mark_processed(self, consumer: str, event_id: str, at: datetime) -> bool:
        marks = self._table("outbox_inbox")
        if (consumer, event_id) in marks:
            return False
        marks[(consumer, event_id)] = at
        return True
