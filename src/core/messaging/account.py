"""A user's messaging settings and uploads seen from their account: the data export's share (``ExportSource``
"messages") and their erasure with the account (an outbox consumer of ``AccountDeleted``, idempotent)."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.identity.events import AccountDeleted
from core.media.ports import ObjectStore
from core.media.rendering import delete_quietly
from core.messaging.ports import MessagingUnitOfWork
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.outbox import topic_of_type
from core.shared.relay import Consumer, once_after_steps
from core.shared.unit_of_work import InboxUnitOfWork


@attrs.frozen
class MessagingOfUser:
    """``ExportSource`` "messages": the user's unread-message email preferences (``None`` until they set any) and
    the attachments they uploaded (metadata: the images are theirs to open through the messaging routes)."""

    new_uow: Callable[[], MessagingUnitOfWork]
    name: str = "messages"

    def export(self, user_id: str) -> dict[str, object]:
        uow = self.new_uow()
        with uow.reading():
            found = uow.notice_preferences.get(user_id)
            uploads = uow.attachments.of_owner(user_id)
        preferences = None if found is None else {
            "email_consent": found.email_consent, "time_zone": found.time_zone,
            "quiet_start_minute": found.quiet_start_minute, "quiet_end_minute": found.quiet_end_minute,
        }  # fmt: skip
        attachments = [
            {"id": a.id, "status": a.status.value, "content_type": a.content_type, "width": a.width,
             "height": a.height, "created_at": a.created_at.isoformat(), "message_id": a.message_id}
            for a in uploads
        ]  # fmt: skip
        return {"notice_preferences": preferences, "attachments": attachments}


def erase_messaging_data(user_id: str, uow: MessagingUnitOfWork, store: ObjectStore) -> dict[str, object]:
    """Erase ``user_id``'s notice preferences and uploaded attachments (each row first, then its renditions, best
    effort: a file left behind is private and nothing refers to it); what it did. Their messages stay in the other
    party's threads."""
    with uow:
        forgotten = uow.notice_preferences.forget(user_id)
        uploads = uow.attachments.of_owner(user_id)
        for attachment in uploads:
            uow.attachments.remove(attachment.id)
        uow.commit()
    for attachment in uploads:
        delete_quietly(store, [v.key for v in attachment.variants])
    return {"notice_preferences_forgotten": forgotten, "attachments_erased": [a.id for a in uploads]}


def messaging_cleanup_consumer(
    new_uow: Callable[[], MessagingUnitOfWork], store: ObjectStore, inbox_uow: Callable[[], InboxUnitOfWork],
    clock: Clock,
) -> Consumer:  # fmt: skip
    """The outbox consumer "messaging-account-cleanup": a deleted account's messaging data is erased."""
    name = "messaging-account-cleanup"

    def after_deletion(event: Event) -> dict[str, object]:
        if not isinstance(event, AccountDeleted):
            raise TypeError(f"messaging clean-up takes AccountDeleted, not {type(event).__name__}")
        return erase_messaging_data(event.user_id, new_uow(), store)

    return Consumer(name, topic_of_type(AccountDeleted), once_after_steps(name, inbox_uow, clock, after_deletion))
