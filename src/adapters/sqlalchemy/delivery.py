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

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from adapters.sqlalchemy.engine import reading_connection
from adapters.sqlalchemy.leased_rows import LeasedQueue
from adapters.sqlalchemy.tables.delivery import delivery_outbox as t
from core.delivery.model import CHANNELS, Claimed, DeadLetter, Outbound, QueueSummary
from core.identity.errors import DeliveryFailed
from core.identity.service_ports import SecretCipher
from core.shared.errors import DatabaseUnavailable

log = logging.getLogger("rastup.delivery")


def seal(message: Outbound, cipher: SecretCipher) -> str:
    fields: dict[str, object] = {"to": message.to, "subject": message.subject, "text": message.text}
    if message.html is not None:
        fields["html"] = message.html
    if message.headers:
        fields["headers"] = [list(pair) for pair in message.headers]
    return cipher.encrypt(json.dumps(fields))


def unseal(channel: str, payload: str, cipher: SecretCipher) -> Outbound:
    """Raises ``ValueError`` for a payload sealed with a key no longer configured, or not a message."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    fields = json.loads(cipher.decrypt(payload))
    headers = tuple((str(name), str(value)) for name, value in fields.get("headers", ()))
    return Outbound(channel, fields["to"], fields["subject"], fields["text"], fields.get("html"), headers)  # type: ignore[arg-type]


def queue_on(connection: Connection, message: Outbound, cipher: SecretCipher, created_at: Any) -> None:
    """Queue ``message`` inside the caller's transaction (a transactional outbox: it commits with the caller)."""
    values = {"channel": message.channel, "payload": seal(message, cipher), "created_at": created_at, "attempts": 0}
    connection.execute(insert(t).values(values))


def _system_now() -> datetime:
    return datetime.now(UTC)


class SqlAlchemyDeliveryQueue(LeasedQueue):
    """``DeliveryQueue`` on the application database; each call is its own short transaction."""

    label = "channel"
    dead_letter = DeadLetter

    def __init__(self, engine: Engine, cipher: SecretCipher, now: Callable[[], datetime] = _system_now) -> None:
        super().__init__(engine, t, "id")
        self._cipher = cipher
        self._now = now

    def put(self, message: Outbound) -> None:
        try:
            with self._engine.begin() as connection:
                queue_on(connection, message, self._cipher, self._now())
        except (SQLAlchemyError, DatabaseUnavailable) as error:  # the caller may swallow it (a reset answers the
            # same): say it here
            log.error("delivery_queue_unavailable: %s message not queued (%s)", message.channel, type(error).__name__)
            raise DeliveryFailed(message.channel, "queue-unavailable") from error

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[Claimed]:
        claimed, unreadable = [], []
        with self._engine.begin() as connection:
            for row in self._rows.claim(connection, now, limit, lease_until, [t.c.channel, t.c.payload]):
                try:
                    claimed.append(Claimed(row.id, unseal(row.channel, row.payload, self._cipher), row.attempts))
                except (ValueError, KeyError, TypeError):  # sealed with a retired key, or damaged: not retryable
                    unreadable.append(row.id)
            if unreadable:
                self._rows.bury(connection, t.c.id.in_(unreadable), now, "unreadable: sealed with another key")
        return claimed

    def delivered(self, message_id: int) -> None:
        self._remove(message_id)

    def summary(self, now: datetime) -> QueueSummary:
        with reading_connection(self._engine) as connection:
            due, backing_off, leased, dead = self._rows.counts(connection, now)
        return QueueSummary(due=due, backing_off=backing_off, leased=leased, dead=dead)

    def oldest_waiting(self) -> datetime | None:
        with reading_connection(self._engine) as connection:
            oldest: datetime | None = connection.execute(
                select(func.min(t.c.created_at)).where(t.c.dead_at.is_(None))
            ).scalar_one()
        return oldest
