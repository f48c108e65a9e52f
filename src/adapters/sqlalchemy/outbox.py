"""The outbox and the consumers' inbox in SQL, on the application database (SQLite or PostgreSQL).

Units of work write messages with ``write_outbound`` inside their own transaction, just before COMMIT;
``SqlAlchemyOutbox`` is the relay's side (claims leased as in ``leased_rows``: ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, one writer at a time on SQLite). ``SqlAlchemyInbox`` marks (consumer, event id) processed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Connection, Engine, func, insert, select, true
from sqlalchemy.dialects import postgresql, sqlite

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.keyed_rows import OnConnection
from adapters.sqlalchemy.leased_rows import LeasedQueue
from adapters.sqlalchemy.outbox_codec import decode, encode
from adapters.sqlalchemy.tables.outbox import outbox as t
from adapters.sqlalchemy.tables.outbox import outbox_inbox
from core.shared.outbox import OutboxDeadLetter, OutboxMessage, OutboxStats


def write_outbound(connection: Connection, messages: Sequence[OutboxMessage]) -> None:
    """Write ``messages`` in the caller's transaction: they commit, or roll back, with the caller's change."""
    if not messages:
        return
    rows = []
    for message in messages:
        topic, payload = encode(message.event)
        rows.append(
            {"event_id": message.event_id, "topic": topic, "payload": payload, "occurred_at": message.occurred_at}
        )
    connection.execute(insert(t), rows)


class SqlAlchemyOutbox(LeasedQueue):
    """``Outbox`` on the application database; each call is its own short transaction."""

    label = "topic"
    dead_letter = OutboxDeadLetter

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, t, "event_id")

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[OutboxMessage]:
        claimed, unreadable = [], []
        columns = [t.c.event_id, t.c.topic, t.c.payload, t.c.occurred_at]
        with self._engine.begin() as connection:
            for row in self._rows.claim(connection, now, limit, lease_until, columns):
                try:
                    event = decode(row.topic, row.payload)
                except ValueError as error:  # a topic no class claims any more, or a damaged row: not retryable
                    unreadable.append((row.id, str(error)))
                    continue
                claimed.append(OutboxMessage(row.event_id, row.topic, event, row.occurred_at, row.attempts))
            for row_id, reason in unreadable:
                self._rows.bury(connection, t.c.id == row_id, now, reason)
        return claimed

    def acknowledge(self, event_id: str) -> None:
        self._remove(event_id)

    def stats(self, now: datetime, topics: Collection[str] | None = None) -> OutboxStats:
        on_topics = true() if topics is None else t.c.topic.in_(sorted(topics))
        oldest = select(func.min(t.c.occurred_at)).where(t.c.dead_at.is_(None), on_topics)
        with reading_connection(self._engine) as connection:
            due, backing_off, leased, dead = self._rows.counts(connection, now, on_topics)
            oldest_at = connection.execute(oldest).scalar_one()
        return OutboxStats(due, backing_off, leased, dead, oldest_at)


class SqlAlchemyInbox(OnConnection):
    """``Inbox`` on a unit's connection; a mark is ``INSERT ... ON CONFLICT DO NOTHING``, so a concurrent
    unit marking the same pair waits for the first (PostgreSQL) or for the write lock (SQLite), then loses."""

    def processed(self, consumer: str, event_id: str) -> bool:
        query = select(outbox_inbox.c.event_id).where(
            outbox_inbox.c.consumer == consumer, outbox_inbox.c.event_id == event_id
        )
        return self._connection.execute(query).first() is not None

    def mark_processed(self, consumer: str, event_id: str, at: datetime) -> bool:
        dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
        mark = (
            dialect.insert(outbox_inbox)
            .values(consumer=consumer, event_id=event_id, processed_at=at)
            .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
            .returning(outbox_inbox.c.event_id)  # psycopg reports no rowcount for an INSERT ... ON CONFLICT
        )
        return self._connection.execute(mark).first() is not None
