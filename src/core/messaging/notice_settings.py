"""A user's unread-message email preferences: read (the defaults until set) and set, by the user alone."""

from __future__ import annotations

import attrs

from core.messaging.access import signed_in
from core.messaging.commands import SetNoticePreferences, Unsubscribe, ViewNoticePreferences
from core.messaging.ports import MessagingUnitOfWork
from core.messaging.unread_notices import NoticePreferences
from core.messaging.unsubscribe import UnsubscribeLinks, unsubscriber
from core.shared.clock import Clock


def view_notice_preferences(command: ViewNoticePreferences, uow: MessagingUnitOfWork) -> NoticePreferences:
    """The actor's preferences, or the defaults (notices on, UTC, quiet 22:00-08:00). ``NotFound`` when anonymous."""
    user = signed_in(command.actor)
    with uow.reading():
        return uow.notice_preferences.get(user) or NoticePreferences(user)


def set_notice_preferences(command: SetNoticePreferences, uow: MessagingUnitOfWork) -> NoticePreferences:
    """Record the actor's preferences (idempotent). ``InvalidInput`` for an unknown zone or a minute out of range;
    ``NotFound`` when anonymous."""
    preferences = NoticePreferences(signed_in(command.actor), email_consent=command.email_consent,
                                    time_zone=command.time_zone, quiet_start_minute=command.quiet_start_minute,
                                    quiet_end_minute=command.quiet_end_minute)  # fmt: skip
    with uow:
        uow.notice_preferences.put(preferences)
        uow.commit()
    return preferences


def unsubscribe(
    command: Unsubscribe, uow: MessagingUnitOfWork, clock: Clock, links: UnsubscribeLinks
) -> NoticePreferences:
    """Turn off the unread-message emails of the user an email's signed link names, keeping their zone and quiet
    hours; idempotent. ``UnsubscribeLinkInvalid`` for a link altered or past its time."""
    user = unsubscriber(command.token, links.key, clock.now())
    with uow:
        preferences = attrs.evolve(uow.notice_preferences.get(user) or NoticePreferences(user), email_consent=False)
        uow.notice_preferences.put(preferences)
        uow.commit()
    return preferences
