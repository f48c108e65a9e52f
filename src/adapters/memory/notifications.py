"""In-memory notification preferences, sent log and outbox, and the digests unit of work."""

from __future__ import annotations

from datetime import datetime

from adapters.memory.onboarding import InMemoryOnboardingUnitOfWork
from adapters.memory.tables import OnTables
from adapters.memory.unit_of_work import InMemoryDatabase
from core.onboarding.digests import Message, Preferences
from core.onboarding.reminder_preferences import ReminderPreferences
from core.shared.errors import AlreadyExists
from core.shared.unit_of_work import AfterCommit


class InMemoryPreferences(OnTables):
    def get(self, recipient_id: str) -> Preferences | None:
        found: Preferences | None = self._table("notification_preferences").get(recipient_id)
        return found

    def put(self, preferences: Preferences) -> None:
        self._table("notification_preferences")[preferences.recipient_id] = preferences

    def recipients(self) -> list[str]:
        return sorted(self._table("notification_preferences"))

    def remove(self, recipient_id: str) -> None:
        self._table("notification_preferences").pop(recipient_id, None)


class InMemoryReminderPreferences(OnTables):
    def get(self, user_id: str) -> ReminderPreferences | None:
        found: ReminderPreferences | None = self._table("reminder_preferences").get(user_id)
        return found

    def put(self, preferences: ReminderPreferences) -> None:
        self._table("reminder_preferences")[preferences.user_id] = preferences

    def remove(self, user_id: str) -> None:
        self._table("reminder_preferences").pop(user_id, None)


class InMemorySentLog(OnTables):
    def was_sent(self, recipient_id: str, kind: str, period: str) -> bool:
        return (recipient_id, kind, period) in self._table("notifications_sent")

    def count_since(self, recipient_id: str, since: datetime) -> int:
        sent = self._table("notifications_sent")
        return sum(1 for (who, _, _), at in sent.items() if who == recipient_id and at >= since)

    def mark(self, recipient_id: str, kind: str, period: str, now: datetime) -> None:
        sent = self._table("notifications_sent")
        if (recipient_id, kind, period) in sent:
            raise AlreadyExists("notification", f"{recipient_id}/{kind}/{period}")
        sent[(recipient_id, kind, period)] = now


class InMemoryOutbox(OnTables):
    """Messages queued in the unit's transaction (rolled back with it); ``messages`` lists what committed."""

    def deliver(self, message: Message) -> None:
        outbox = self._table("notification_outbox")
        outbox[len(outbox)] = message

    @property
    def messages(self) -> list[Message]:
        return list(self._table("notification_outbox").values())


class InMemoryDigestsUnitOfWork(InMemoryOnboardingUnitOfWork):
    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        self.preferences = InMemoryPreferences(self.database.table)
        self.reminder_preferences = InMemoryReminderPreferences(self.database.table)
        self.sent = InMemorySentLog(self.database.table)
        self.notifier = InMemoryOutbox(self.database.table)
