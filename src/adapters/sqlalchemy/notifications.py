"""Notification preferences (per profile, and reminders' per user), the sent log and the outbox notifier in SQL,
and the digests unit of work.

The notifier writes each message twice in the digest run's transaction, with its sent-log entry: a record in
``notification_outbox`` (what `rastup digests outbox` prints) and an email in the delivery queue, which the
service's dispatcher hands to the configured mail system. A digest is therefore queued exactly once, and
delivered even if the process stops right after the run commits.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import attrs
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from adapters.sqlalchemy.delivery import queue_on
from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new
from adapters.sqlalchemy.onboarding import SqlAlchemyOnboardingUnitOfWork
from adapters.sqlalchemy.tables.onboarding import (
    notification_outbox,
    notification_preferences,
    notifications_sent,
    reminder_preferences,
)
from core.delivery.model import Outbound
from core.identity.service_ports import SecretCipher
from core.onboarding.digests import Message, Preferences
from core.onboarding.reminder_preferences import ReminderPreferences
from core.shared.unit_of_work import AfterCommit

_PREFERENCE_FIELDS = [f.name for f in attrs.fields(Preferences)]
_REMINDER_FIELDS = [f.name for f in attrs.fields(ReminderPreferences)]


class SqlAlchemyPreferences(OnConnection):
    def get(self, recipient_id: str) -> Preferences | None:
        row = self._connection.execute(
            select(notification_preferences).where(notification_preferences.c.recipient_id == recipient_id)
        ).one_or_none()
        return None if row is None else Preferences(**{name: getattr(row, name) for name in _PREFERENCE_FIELDS})

    def put(self, preferences: Preferences) -> None:
        values = attrs.asdict(preferences)
        where = notification_preferences.c.recipient_id == preferences.recipient_id
        if self._connection.execute(update(notification_preferences).where(where).values(values)).rowcount == 0:
            self._connection.execute(insert(notification_preferences).values(values))

    def remove(self, recipient_id: str) -> None:
        where = notification_preferences.c.recipient_id == recipient_id
        self._connection.execute(delete(notification_preferences).where(where))

    def recipients(self) -> list[str]:
        query = select(notification_preferences.c.recipient_id).order_by(notification_preferences.c.recipient_id)
        return list(self._connection.execute(query).scalars())


class SqlAlchemyReminderPreferences(OnConnection):
    def get(self, user_id: str) -> ReminderPreferences | None:
        query = select(reminder_preferences).where(reminder_preferences.c.user_id == user_id)
        row = self._connection.execute(query).one_or_none()
        return None if row is None else ReminderPreferences(**{name: getattr(row, name) for name in _REMINDER_FIELDS})

    def put(self, preferences: ReminderPreferences) -> None:
        values = attrs.asdict(preferences)
        where = reminder_preferences.c.user_id == preferences.user_id
        if self._connection.execute(update(reminder_preferences).where(where).values(values)).rowcount == 0:
            self._connection.execute(insert(reminder_preferences).values(values))

    def remove(self, user_id: str) -> None:
        self._connection.execute(delete(reminder_preferences).where(reminder_preferences.c.user_id == user_id))


class SqlAlchemySentLog(OnConnection):
    def was_sent(self, recipient_id: str, kind: str, period: str) -> bool:
        query = select(notifications_sent.c.sent_at).where(
            notifications_sent.c.recipient_id == recipient_id,
            notifications_sent.c.kind == kind,
            notifications_sent.c.period == period,
        )
        return self._connection.execute(query).first() is not None

    def count_since(self, recipient_id: str, since: datetime) -> int:
        query = select(func.count()).where(
            notifications_sent.c.recipient_id == recipient_id, notifications_sent.c.sent_at >= since
        )
        return int(self._connection.execute(query).scalar_one())

    def mark(self, recipient_id: str, kind: str, period: str, now: datetime) -> None:
        values = {"recipient_id": recipient_id, "kind": kind, "period": period, "sent_at": now}
        insert_new(self._connection, notifications_sent, values, "notification", f"{recipient_id}/{kind}/{period}")


class SqlAlchemyOutboxNotifier:
    """Writes each message to ``notification_outbox`` and to the delivery queue inside the unit's transaction."""

    def __init__(self, connection: Connection, cipher: SecretCipher) -> None:
        self._connection = connection
        self._cipher = cipher

    def deliver(self, message: Message) -> None:
        # A stable id from the content keeps the row unique without an id generator in the adapter.
        digest = hashlib.sha256(f"{message.recipient_id}\n{message.subject}".encode()).hexdigest()[:32]
        self._connection.execute(
            insert(notification_outbox).values(
                id=f"msg_{digest}", recipient_id=message.recipient_id, address=message.address,
                subject=message.subject, body=message.body, created_at=func.current_timestamp(),
            )
        )  # fmt: skip
        email = Outbound("email", message.address, message.subject, message.body)
        queue_on(self._connection, email, self._cipher, created_at=func.current_timestamp())

    def queued(self, limit: int = 100) -> list[Message]:
        query = select(notification_outbox).order_by(notification_outbox.c.created_at).limit(limit)
        return [Message(r.recipient_id, r.address, r.subject, r.body) for r in self._connection.execute(query)]


class SqlAlchemyDigestsUnitOfWork(SqlAlchemyOnboardingUnitOfWork):
    preferences: SqlAlchemyPreferences
    reminder_preferences: SqlAlchemyReminderPreferences
    sent: SqlAlchemySentLog
    notifier: SqlAlchemyOutboxNotifier

    def __init__(self, engine: Engine, cipher: SecretCipher, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(engine, after_commit=after_commit)
        self._cipher = cipher  # seals queued emails (see adapters.sqlalchemy.delivery)

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.preferences = SqlAlchemyPreferences(connection)
        self.reminder_preferences = SqlAlchemyReminderPreferences(connection)
        self.sent = SqlAlchemySentLog(connection)
        self.notifier = SqlAlchemyOutboxNotifier(connection, self._cipher)
