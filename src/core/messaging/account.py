"""A user's messaging settings seen from their account: the data export's share (``ExportSource`` "messages") and
their erasure with the account (an outbox consumer of ``AccountDeleted``, idempotent)."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.identity.events import AccountDeleted
from core.messaging.ports import MessagingUnitOfWork
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.outbox import topic_of_type
from core.shared.relay import Consumer, once_after_steps
from core.shared.unit_of_work import InboxUnitOfWork


@attrs.frozen
class MessagingOfUser:
    """``ExportSource`` "messages": the user's unread-message email preferences (``None`` until they set any)."""

    new_uow: Callable[[], MessagingUnitOfWork]
    name: str = "messages"

    def export(self, user_id: str) -> dict[str, object]:
        uow = self.new_uow()
        with uow.reading():
            found = uow.notice_preferences.get(user_id)
        preferences = None if found is None else {
            "email_consent": found.email_consent, "time_zone": found.time_zone,
            "quiet_start_minute": found.quiet_start_minute, "quiet_end_minute": found.quiet_end_minute,
        }  # fmt: skip
        return {"notice_preferences": preferences}


def forget_messaging_settings(user_id: str, uow: MessagingUnitOfWork) -> dict[str, object]:
    """Erase what messaging keeps about ``user_id`` as settings (their notice preferences); what it did."""
    with uow:
        forgotten = uow.notice_preferences.forget(user_id)
        uow.commit()
    return {"notice_preferences_forgotten": forgotten}


def messaging_cleanup_consumer(
    new_uow: Callable[[], MessagingUnitOfWork], inbox_uow: Callable[[], InboxUnitOfWork], clock: Clock
) -> Consumer:
    """The outbox consumer "messaging-account-cleanup": a deleted account's messaging settings are erased."""
    name = "messaging-account-cleanup"

    def after_deletion(event: Event) -> dict[str, object]:
        if not isinstance(event, AccountDeleted):
            raise TypeError(f"messaging clean-up takes AccountDeleted, not {type(event).__name__}")
        return forget_messaging_settings(event.user_id, new_uow())

    return Consumer(name, topic_of_type(AccountDeleted), once_after_steps(name, inbox_uow, clock, after_deletion))
