"""The delivery queue in SQL: one row per outbound message, shared by every process on the database.

Recipient, subject and text are sealed with the identity cipher (a reset code must not sit readable in a
table). Claims, leases, retries and dead letters are the outbox's mechanics (``leased_rows``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert
from sqlalchemy.exc import SQLAlchemyError

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.leased_rows import LeasedRows
from adapters.sqlalchemy.tables.delivery import delivery_outbox as t
from core.delivery.model import CHANNELS, Claimed, DeadLetter, Outbound, QueueSummary
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


_rows = LeasedRows(t)


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
        claimed, unreadable = [], []
        with self._engine.begin() as connection:
            for row in _rows.claim(connection, now, limit, lease_until, [t.c.channel, t.c.payload]):
                try:
                    claimed.append(Claimed(row.id, unseal(row.channel, row.payload, self._cipher), row.attempts))
                except (ValueError, KeyError, TypeError):  # sealed with a retired key, or damaged: not retryable
                    unreadable.append(row.id)
            if unreadable:
                _rows.bury(connection, t.c.id.in_(unreadable), now, "unreadable: sealed with another key")
        return claimed

    def delivered(self, message_id: int) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(t).where(t.c.id == message_id))

    def retry(self, message_id: int, due_at: datetime, reason: str) -> None:
        with self._engine.begin() as connection:
            _rows.retry(connection, t.c.id == message_id, due_at, reason)

    def bury(self, message_id: int, now: datetime, reason: str) -> None:
        with self._engine.begin() as connection:
            _rows.bury(connection, t.c.id == message_id, now, reason)

    def requeue_dead(self) -> int:
        with self._engine.begin() as connection:
            return _rows.requeue_dead(connection)

    def dead_letters(self, limit: int) -> Sequence[DeadLetter]:
        columns = [t.c.id, t.c.channel, t.c.attempts, t.c.dead_at, t.c.last_error]
        with reading_connection(self._engine) as connection:
            rows = _rows.dead(connection, limit, columns)
        return [DeadLetter(r.id, r.channel, r.attempts, r.dead_at, r.last_error) for r in rows]

    def summary(self, now: datetime) -> QueueSummary:
        with reading_connection(self._engine) as connection:
            due, backing_off, leased, dead = _rows.counts(connection, now)
        return QueueSummary(due=due, backing_off=backing_off, leased=leased, dead=dead)
