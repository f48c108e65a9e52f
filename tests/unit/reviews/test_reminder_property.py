"""Review reminders as a pure decision: which sides are due, at most once per side per day, never a side that has
reviewed nor after the window closed; and the next reminder time keeps a sweep from finding a window twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.onboarding.digests import Outcome
from core.onboarding.reminder_preferences import ReminderPreferences
from core.reviews.model import REVIEW_WINDOW
from core.reviews.rating import Side
from core.reviews.reminders import REMINDER_DAYS, Reminder, next_reminder_at, reminder_delivery, reminders_due

OPENED = datetime(2030, 3, 1, 9, tzinfo=UTC)
CLOSES = OPENED + REVIEW_WINDOW
offsets = st.integers(min_value=0, max_value=16 * 24 * 60).map(lambda m: timedelta(minutes=m))
sides = st.frozensets(st.sampled_from(list(Side)))
handled_sets = st.frozensets(st.tuples(st.sampled_from(list(Side)), st.sampled_from(REMINDER_DAYS)))


def test_day_two_and_day_ten_remind_each_side_that_has_not_reviewed() -> None:
    assert reminders_due(OPENED, CLOSES, OPENED + timedelta(days=2) - timedelta(seconds=1), (), ()) == []
    assert reminders_due(OPENED, CLOSES, OPENED + timedelta(days=2), (), ()) == [(Side.CLIENT, 2), (Side.PROVIDER, 2)]
    day_ten = OPENED + timedelta(days=10, hours=3)
    assert reminders_due(OPENED, CLOSES, day_ten, [Side.CLIENT], [(Side.PROVIDER, 2)]) == [(Side.PROVIDER, 10)]
    assert reminders_due(OPENED, CLOSES, day_ten, [], [(Side.CLIENT, 10)]) == [(Side.PROVIDER, 10)]
    assert reminders_due(OPENED, CLOSES, CLOSES, [], []) == []  # closed: too late to remind


def test_a_late_sweep_sends_only_the_latest_day_reached() -> None:
    assert reminders_due(OPENED, CLOSES, OPENED + timedelta(days=11), [Side.PROVIDER], []) == [(Side.CLIENT, 10)]


@given(offsets, sides, handled_sets)
def test_due_reminders_respect_the_window_the_reviews_and_what_was_handled(
    offset: timedelta, submitted: frozenset[Side], handled: frozenset[Reminder]
) -> None:
    now = OPENED + offset
    due = reminders_due(OPENED, CLOSES, now, submitted, handled)
    assert len({side for side, _ in due}) == len(due) and len({day for _, day in due}) <= 1
    for side, day in due:
        assert side not in submitted and (side, day) not in handled
        assert OPENED + timedelta(days=day) <= now < CLOSES
        assert not any(s is side and d >= day for s, d in handled)


@given(st.lists(offsets, min_size=1, max_size=30), sides)
def test_a_sweep_run_any_number_of_times_reminds_each_side_once_per_day_at_most(
    runs: list[timedelta], submitted: frozenset[Side]
) -> None:
    handled: frozenset[Reminder] = frozenset()
    sent: list[Reminder] = []
    scheduled: datetime | None = OPENED
    for now in sorted(OPENED + offset for offset in runs):
        due = reminders_due(OPENED, CLOSES, now, submitted, handled)
        if scheduled is None or now < scheduled:  # the store would not have offered the window
            assert due == []
            continue
        sent += due
        handled |= frozenset(due)
        scheduled = next_reminder_at(OPENED, CLOSES, now, handled)
        assert scheduled is None or now < scheduled < CLOSES
        assert reminders_due(OPENED, CLOSES, now, submitted, handled) == []  # a rerun at once sends nothing
    assert len(sent) == len(set(sent)) <= len(REMINDER_DAYS) * (len(Side) - len(submitted))
    assert all(side not in submitted for side, _ in sent)


@given(st.booleans(), st.integers(0, 1439), st.integers(0, 1439), offsets)
def test_a_reminder_goes_only_with_reminder_consent_and_outside_quiet_hours(
    consent: bool, quiet_start: int, quiet_end: int, offset: timedelta
) -> None:
    prefs = ReminderPreferences("cli_1", consent, quiet_start_minute=quiet_start, quiet_end_minute=quiet_end)
    now = OPENED + offset
    outcome = reminder_delivery(prefs, now)
    assert (outcome is Outcome.SEND) == (consent and not prefs.quiet_at(now))
    assert outcome is not Outcome.QUIET_HOURS or consent
    assert reminder_delivery(None, now) is Outcome.NO_CONSENT
