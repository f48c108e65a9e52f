"""Which unread threads a recipient is emailed about now: after a quiet period, with consent, outside their quiet
hours, once per unread burst (reading the thread starts a new one), never for a muted or blocked thread. Pure.

A notice held back by quiet hours is not lost: the thread still awaits a notice, and the first sweep after the
quiet hours end sends it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from core.messaging.model import Thread, ThreadStatus
from core.shared.quiet_hours import check_quiet_hours, quiet_at

QUIET_PERIOD = timedelta(minutes=15)  # no notice while a conversation is live
HORIZON = timedelta(days=7)  # an unread burst older than this is not worth an email any more


@attrs.frozen
class NoticePreferences:
    """A user's choice about message notices. Transactional, so on unless they turn it off; quiet hours are in
    their zone and may span midnight (22:00-08:00 is 1320..480; equal start and end mean none)."""

    user_id: str
    email_consent: bool = True
    time_zone: str = "UTC"
    quiet_start_minute: int = 22 * 60
    quiet_end_minute: int = 8 * 60

    def __attrs_post_init__(self) -> None:
        check_quiet_hours(self.time_zone, self.quiet_start_minute, self.quiet_end_minute)


@attrs.frozen(kw_only=True)
class UnreadThread:
    """One thread as its recipient's notice sees it."""

    thread_id: str
    unread: int
    last_message_at: datetime
    notified_at: datetime | None
    muted: bool
    blocked: bool

    @classmethod
    def of(cls, thread: Thread, user_id: str) -> UnreadThread:
        seat = thread.seat(user_id)
        return cls(thread_id=thread.id, unread=seat.unread, last_message_at=thread.last_message_at,
                   notified_at=seat.notified_at, muted=seat.muted,
                   blocked=thread.status is ThreadStatus.BLOCKED)  # fmt: skip


def in_quiet_hours(prefs: NoticePreferences, now: datetime) -> bool:
    return quiet_at(prefs.time_zone, prefs.quiet_start_minute, prefs.quiet_end_minute, now)


def notices_due(
    threads: Iterable[UnreadThread], prefs: NoticePreferences, now: datetime, quiet: timedelta = QUIET_PERIOD
) -> tuple[str, ...]:
    """The ids of the threads to mention in one email now: unread, quiet for ``quiet``, within ``HORIZON``, not yet
    notified this burst, neither muted nor blocked. None without consent or during the quiet hours."""
    if not prefs.email_consent or in_quiet_hours(prefs, now):
        return ()
    return tuple(
        t.thread_id
        for t in threads
        if t.unread > 0
        and t.notified_at is None
        and not t.muted
        and not t.blocked
        and now - HORIZON <= t.last_message_at <= now - quiet
    )
