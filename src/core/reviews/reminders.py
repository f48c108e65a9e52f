"""Review reminders: which side of an open window is due a nudge to write its review, and when the next one falls.
Pure.

A window reminds on set days after it opens (``REMINDER_DAYS``: day 2 and day 10). A side that has reviewed is never
reminded; each (side, day) is handled at most once. A sweep that runs late sends only the latest day reached: two
reminders at once would say the same thing twice.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from core.onboarding.digests import Outcome
from core.onboarding.reminder_preferences import ReminderPreferences
from core.reviews.rating import Side

REMINDER_DAYS = (2, 10)
QUIET_RETRY = timedelta(hours=1)  # a reminder held back by the recipient's quiet hours is tried again this much later

Reminder = tuple[Side, int]  # the side reminded, and the day of the window it was reminded on


def reminders_due(
    opened_at: datetime,
    closes_at: datetime,
    now: datetime,
    submitted: Collection[Side],
    handled: Collection[Reminder],
    days: Sequence[int] = REMINDER_DAYS,
) -> list[Reminder]:
    """The (side, day) reminders due at ``now``: the latest of ``days`` reached, for each side that has not
    ``submitted`` and was not yet ``handled`` on that day (or later); none once the window has closed."""
    if now >= closes_at:
        return []
    reached = [day for day in days if opened_at + timedelta(days=day) <= now]
    if not reached:
        return []
    latest = max(reached)
    return [(side, latest) for side in Side
            if side not in submitted and not any(s is side and d >= latest for s, d in handled)]  # fmt: skip


def next_reminder_at(
    opened_at: datetime,
    closes_at: datetime,
    now: datetime,
    handled: Collection[Reminder],
    days: Sequence[int] = REMINDER_DAYS,
) -> datetime | None:
    """When the window is next due a reminder: the first of ``days`` after the last one handled that falls after
    ``now`` and before ``closes_at``; None when no reminder is left. Always later than ``now``, so a sweep that
    found nothing to send does not find the same window again."""
    last = max((day for _, day in handled), default=0)
    later = [opened_at + timedelta(days=day) for day in sorted(days) if day > last]
    return next((at for at in later if now < at < closes_at), None)


def reminder_delivery(prefs: ReminderPreferences | None, now: datetime) -> Outcome:
    """Whether to send a reminder now, by the recipient's reminder preferences (kept per user: a client has them
    as a provider does): ``NO_CONSENT`` without preferences or consent, ``QUIET_HOURS`` inside their quiet hours (a
    later sweep sends it), ``SEND`` otherwise."""
    if prefs is None or not prefs.reminder_consent:
        return Outcome.NO_CONSENT
    if prefs.quiet_at(now):
        return Outcome.QUIET_HOURS
    return Outcome.SEND
