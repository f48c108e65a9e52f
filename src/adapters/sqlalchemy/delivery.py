"""The delivery queue in SQL: one row per outbound message, shared by every process on the database.

Recipient, subject and text are sealed with the identity cipher (a reset code must not sit readable in a
table). A claim is one statement: ``UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING``
on PostgreSQL, so dispatchers in several processes never take the same message; on SQLite every write
transaction is ``BEGIN IMMEDIATE`` (see engine.py), which serialises claims just as well.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.tables.delivery import delivery_outbox as t
from core.delivery.model import CHANNELS, REASON_CHARS, Claimed, DeadLetter, Outbound, QueueSummary
from core.identity.errors import DeliveryFailed
from core.identity.service_ports import SecretCipher

log = logging.getLogger("rastup.delivery")


def seal(message: Outbound, cipher: SecretCipher) -> str:
    return cipher.encrypt(json.dumps({"to": message.to, "subject": message.subject, "text": message.text}))


def unseal(channel: str, payload: str, cipher: SecretCipher) -> Outbound:
    """Raises ``ValueError`` for a payload sealed with a key no longer configured, or not a message."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    fields = json.loads(cipher.decrypt(payload))
    return Outbound(channel, fields["to"], fields["subject"], fields["text"])  # type: ignore[arg-type]


def queue_on(connection: Connection, message: Outbound, cipher: SecretCipher, created_at: Any) -> None:
    """Queue ``message`` inside the caller's transaction (a transactional outbox: it commits with the caller)."""
    values = {"channel": message.channel, "payload": seal(message, cipher), "created_at": created_at, "attempts": 0}
    connection.execute(insert(t).values(values))


def _not_leased(now: datetime) -> ColumnElement[bool]:
    return or_(t.c.lease_until.is_(None), t.c.lease_until <= now)


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(t.c.due_at.is_(None), t.c.due_at <= now)


def _system_now() -> datetime:
    return datetime.now(UTC)


class SqlAlchemyDeliveryQueue:
    """``DeliveryQueue`` on the application database; each call is its own short transaction."""

    def __init__(self, engine: Engine, cipher: SecretCipher, now: Callable[[], datetime] = _system_now) -> None:
        self._engine = engine
        self._cipher = cipher
        self._now = now

    def put(self, message: Outbound) -> None:
        try:
            with self._engine.begin() as connection:
                queue_on(connection, message, self._cipher, self._now())
        except SQLAlchemyError as error:  # the caller may swallow it (a reset answers the same): say it here
            log.error("delivery_queue_unavailable: %s message not queued (%s)", message.channel, type(error).__name__)
            raise DeliveryFailed(message.channel, "queue-unavailable") from error

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[Claimed]:
        due = (
            select(t.c.id)
            .where(t.c.dead_at.is_(None), _due(now), _not_leased(now))
            .order_by(t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(t)
            .where(t.c.id.in_(due.scalar_subquery()))
            .values(attempts=t.c.attempts + 1, lease_until=lease_until)
            .returning(t.c.id, t.c.channel, t.c.payload, t.c.attempts)
        )
        claimed, unreadable = [], []
        with self._engine.begin() as connection:
            for row in sorted(connection.execute(claim).all(), key=lambda row: row.id):
                try:
                    claimed.append(Claimed(row.id, unseal(row.channel, row.payload, self._cipher), row.attempts))
                except (ValueError, KeyError, TypeError):  # sealed with a retired key, or damaged: not retryable
                    unreadable.append(row.id)
            if unreadable:
                connection.execute(
                    update(t)
                    .where(t.c.id.in_(unreadable))
                    .values(dead_at=now, lease_until=None, last_error="unreadable: sealed with another key")
                )
        return claimed

    def delivered(self, message_id: int) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(t).where(t.c.id == message_id))

    def retry(self, message_id: int, due_at: datetime, reason: str) -> None:
        values = {"due_at": due_at, "lease_until": None, "last_error": reason[:REASON_CHARS]}
        with self._engine.begin() as connection:
            connection.execute(update(t).where(t.c.id == message_id).values(values))

    def bury(self, message_id: int, now: datetime, reason: str) -> None:
        values = {"dead_at": now, "lease_until": None, "last_error": reason[:REASON_CHARS]}
        with self._engine.begin() as connection:
            connection.execute(update(t).where(t.c.id == message_id).values(values))

    def requeue_dead(self) -> int:
        with self._engine.begin() as connection:
            result = connection.execute(
                update(t).where(t.c.dead_at.is_not(None)).values(dead_at=None, due_at=None, attempts=0)
            )
            return int(result.rowcount)

    def dead_letters(self, limit: int) -> Sequence[DeadLetter]:
        query = (
            select(t.c.id, t.c.channel, t.c.attempts, t.c.dead_at, t.c.last_error)
            .where(t.c.dead_at.is_not(None))
            .order_by(t.c.id)
            .limit(limit)
        )
        with reading_connection(self._engine) as connection:
            return [DeadLetter(r.id, r.channel, r.attempts, r.dead_at, r.last_error) for r in connection.execute(query)]

    def summary(self, now: datetime) -> QueueSummary:
        live = t.c.dead_at.is_(None)
        query = select(
            func.count().filter(live, _not_leased(now), _due(now)),
            func.count().filter(live, _not_leased(now), t.c.due_at > now),
            func.count().filter(live, t.c.lease_until > now),
            func.count().filter(t.c.dead_at.is_not(None)),
        ).select_from(t)
        with reading_connection(self._engine) as connection:
            due, backing_off, leased, dead = connection.execute(query).one()
        return QueueSummary(due=due, backing_off=backing_off, leased=leased, dead=dead)
