"""The unread-notice decision: never in quiet hours, never without consent, never twice a burst, never muted or
blocked; and a thread's notice mark follows its reads (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.messaging.circumvention import Action, Verdict
from core.messaging.model import Message, Thread
from core.messaging.unread_notices import (
    QUIET_PERIOD,
    NoticePreferences,
    UnreadThread,
    in_quiet_hours,
    notices_due,
)
from core.shared.errors import InvalidInput

T0 = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
ZONES = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"])
MINUTES = st.integers(0, 24 * 60 - 1)
prefs_strategy = st.builds(NoticePreferences, user_id=st.just("usr_b"), email_consent=st.booleans(),
                           time_zone=ZONES, quiet_start_minute=MINUTES, quiet_end_minute=MINUTES)  # fmt: skip
instants = st.integers(0, 14 * 24 * 60).map(lambda m: T0 + timedelta(minutes=m))
unread_threads = st.lists(
    st.builds(UnreadThread, thread_id=st.uuids().map(str), unread=st.integers(0, 5), last_message_at=instants,
              notified_at=st.none() | instants, muted=st.booleans(), blocked=st.booleans()),
    max_size=8,
)  # fmt: skip


@given(unread_threads, prefs_strategy, instants)
def test_no_notice_in_quiet_hours_without_consent_twice_or_for_muted_or_blocked_threads(
    threads: list[UnreadThread], prefs: NoticePreferences, now: datetime
) -> None:
    due = set(notices_due(threads, prefs, now))
    if due:
        assert prefs.email_consent and not in_quiet_hours(prefs, now)
    for thread in threads:
        if thread.thread_id in due:
            assert thread.unread > 0 and thread.notified_at is None and not thread.muted and not thread.blocked
            assert thread.last_message_at <= now - QUIET_PERIOD


@given(unread_threads, ZONES, instants)
def test_outside_quiet_hours_with_consent_every_quiet_unnotified_thread_is_due(
    threads: list[UnreadThread], zone: str, now: datetime
) -> None:
    prefs = NoticePreferences("usr_b", time_zone=zone, quiet_start_minute=0, quiet_end_minute=0)  # no quiet hours
    expected = {t.thread_id for t in threads if t.unread and t.notified_at is None and not t.muted and not t.blocked
                and now - timedelta(days=7) <= t.last_message_at <= now - QUIET_PERIOD}  # fmt: skip
    assert set(notices_due(threads, prefs, now)) == expected


def test_quiet_hours_span_midnight_in_the_users_zone() -> None:
    berlin = NoticePreferences("usr_b", time_zone="Europe/Berlin")  # 22:00-08:00 local; Berlin is UTC+1 in December
    assert in_quiet_hours(berlin, datetime(2026, 12, 3, 21, 30, tzinfo=UTC))
    assert in_quiet_hours(berlin, datetime(2026, 12, 4, 6, 59, tzinfo=UTC))
    assert not in_quiet_hours(berlin, datetime(2026, 12, 4, 7, 0, tzinfo=UTC))
    assert not in_quiet_hours(berlin, datetime(2026, 12, 3, 20, 59, tzinfo=UTC))


@pytest.mark.parametrize("field", [{"time_zone": "Mars/Base"}, {"quiet_start_minute": 1440}])
def test_bad_preferences_are_invalid_input(field: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        NoticePreferences("usr_b", **field)  # type: ignore[arg-type]  # the invalid values are the point


STEPS = st.lists(st.sampled_from(["message", "read", "sweep", "reply", "mute", "block"]), max_size=30)


@given(STEPS)
def test_at_most_one_notice_per_unread_burst(steps: list[str]) -> None:
    thread = Thread.inquiry("thr_1", "usr_a", "usr_b", T0, known=True)
    prefs = NoticePreferences("usr_b", quiet_start_minute=0, quiet_end_minute=0)
    now, notices = T0, 0
    for n, step in enumerate(steps):
        now += timedelta(hours=1)
        if step in ("message", "reply"):
            sender = "usr_a" if step == "message" else "usr_b"
            if thread.status.value == "blocked":
                continue
            body = f"note {n}"
            thread.post(Message(id=f"m{n}", thread_id=thread.id, sender_id=sender, body=body, shown_body=body,
                                client_message_id=None, sent_at=now), Verdict(Action.DELIVER))  # fmt: skip
        elif step == "read":
            thread.read("usr_b", now)
        elif step == "mute":
            thread.file("usr_b", muted=True)
        elif step == "block":
            thread.block("usr_b")
        if step in ("read", "reply"):
            notices = 0  # a new burst starts
        if step == "sweep" and notices_due([UnreadThread.of(thread, "usr_b")], prefs, now + QUIET_PERIOD):
            thread.notified("usr_b", now)
            notices += 1
        assert notices <= 1
        assert (thread.recipient.notified_at is None) or thread.recipient.unread > 0
