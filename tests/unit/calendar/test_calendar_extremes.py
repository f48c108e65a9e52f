"""Properties at the ends of every range: a schedule the core accepts never breaks a later computation.

Each example combines extremes (buffers of 0 or 24 h, a 5-minute or whole-day grid, 0 or 90 days of notice, a
1- or 365-day window, blackouts and exceptions on the first and last days of the calendar's years, ``now`` at
either end of them, zones 14 hours either side of UTC with DST) and runs them through the index refresh, the
availability handler (the 14-day preview and 62 days from the ends of the years), feasible slots and explain.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.unit.calendar.calendar_world import OWNER, World

from adapters.memory.clock import FixedClock
from core.calendar import Blackout, BusyInterval, DateException, Schedule, WeeklyRule, explain, feasible_slots
from core.calendar.commands import ExplainInterval, QueryAvailability
from core.calendar.handlers import availability, explain_interval, preview_14_days
from core.calendar.index_handlers import refresh_all_availability
from core.calendar.limits import FIRST_YEAR, LAST_YEAR, LONGEST_INTERVAL, MAX_REFERENCE
from core.calendar.model import Interval, TimeWindow
from core.calendar.reasons import InsideMinimumNotice
from core.profiles.visibility import OPERATOR

MIN, DAY = timedelta(minutes=1), timedelta(days=1)
ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "Australia/Lord_Howe", "America/Santiago", "Asia/Kathmandu", "UTC"]
FIRST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
LAST = datetime(LAST_YEAR, 12, 31, 23, 59, tzinfo=UTC)
RULES = {
    "all day": [WeeklyRule(d, time(0), time(0)) for d in range(7)],
    "office": [WeeklyRule(d, time(9), time(17)) for d in range(5)],
    "last five minutes": [WeeklyRule(d, time(23, 55), time(0)) for d in range(7)],
    "never": [],
}
# the clock itself stays a booking window and a week before the end of the years, so that every slot offered
# (and the interval after it) can still be explained: inside the years
LAST_NOW = LAST - 365 * DAY - LONGEST_INTERVAL
nows = st.sampled_from([FIRST, LAST_NOW]) | st.datetimes(FIRST.replace(tzinfo=None), LAST_NOW.replace(tzinfo=None),
                                                         timezones=st.just(UTC))  # fmt: skip


@st.composite
def extreme_schedules(draw: st.DrawFn, now: datetime) -> Schedule:
    grid = draw(st.sampled_from([5, 15, 60, 1440])) * MIN
    notice = draw(st.sampled_from([timedelta(0), 90 * DAY]))
    window = draw(st.sampled_from([max(DAY, notice + MIN), 365 * DAY]))
    east = timezone(timedelta(hours=14))
    near = now
    edges = [
        Blackout(datetime(FIRST_YEAR, 1, 1, tzinfo=east), FIRST + DAY, "r" * MAX_REFERENCE),
        Blackout(LAST - DAY, LAST, "é" * MAX_REFERENCE),
        Blackout(near, near + DAY, "near now"),
    ]
    exceptions = [
        DateException.closed(date(FIRST_YEAR, 1, 1)),
        DateException.closed(date(LAST_YEAR, 12, 31)),
        DateException.changed(near.date() + DAY, TimeWindow(time(0), time(0))),
        DateException.extra(near.date() + 2 * DAY, TimeWindow(time(23, 55), time(0))),
    ]
    return Schedule(
        OWNER, draw(st.sampled_from(ZONES)), RULES[draw(st.sampled_from(sorted(RULES)))],
        exceptions=draw(st.sampled_from([[], exceptions[:2], exceptions])),
        blackouts=draw(st.sampled_from([[], edges])),
        buffer_before=draw(st.sampled_from([timedelta(0), DAY])),
        buffer_after=draw(st.sampled_from([timedelta(0), DAY])),
        granularity=grid, min_duration=draw(st.sampled_from([grid, DAY])), min_notice=notice, booking_window=window,
    )  # fmt: skip


def bookings(now: datetime) -> st.SearchStrategy[list[BusyInterval]]:
    """Bookings around ``now`` of every length from a minute to the longest interval."""
    one = st.builds(
        lambda offset, length, n: BusyInterval.booking(now + offset * MIN, now + offset * MIN + length, f"bkg_{n}"),
        st.integers(-3 * 24 * 60, 120 * 24 * 60),
        st.sampled_from([MIN, timedelta(hours=1), DAY, LONGEST_INTERVAL]),
        st.integers(0, 9),
    )
    return st.lists(one, max_size=4).map(lambda items: sorted(items, key=lambda b: (b.start, b.end)))


def sane_slots(schedule: Schedule, slots: list[datetime], duration: timedelta, now: datetime) -> None:
    assert slots == sorted(set(slots))
    for slot in slots:
        assert now + schedule.min_notice <= slot <= now + schedule.booking_window
        local = slot.astimezone(schedule.tz)
        assert (local.hour * 60 + local.minute) % (schedule.granularity // MIN) == 0 and local.second == 0
    assert duration >= schedule.min_duration


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_extremes_pass_through_the_index_the_preview_and_explain_via_the_handlers(data: st.DataObject) -> None:
    now = data.draw(nows)
    schedule = data.draw(extreme_schedules(now))
    world = World()
    world.clock = FixedClock(now)
    stored = world.replace(schedule)  # writes the index row
    assert refresh_all_availability(world.uow(), world.clock).failed == ()
    with world.uow() as uow:
        row = uow.index.get(OWNER)
    assert row is not None and len(row.bookable_minutes) == 14 and stored.version == 1
    assert all(0 <= minutes <= 25 * 60 for minutes in row.bookable_minutes)
    preview = preview_14_days(OWNER, world.uow(), world.clock)
    event(f"preview slots: {bool(preview.slots)}")
    sane_slots(schedule, [s.start for s in preview.slots], preview.duration, now)
    assert row.first_slot == (preview.slots[0].start if preview.slots else None)
    for first in (date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)):
        for duration in {schedule.min_duration, DAY}:
            found = availability(QueryAvailability(OWNER, first, 62, duration), OPERATOR, world.uow(), world.clock)
            sane_slots(schedule, [s.start for s in found.slots], duration, now)
    for start, length in [(FIRST, MIN), (LAST - LONGEST_INTERVAL, LONGEST_INTERVAL), (now, schedule.min_duration)]:
        reasons = explain_interval(ExplainInterval(OWNER, start, start + length), OPERATOR, world.uow(), world.clock)
        assert isinstance(reasons, list)
    if preview.slots:
        slot = preview.slots[0]
        assert explain_interval(ExplainInterval(OWNER, slot.start, slot.end), OPERATOR, world.uow(), world.clock) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_extremes_with_bookings_keep_feasible_slots_and_explain_in_agreement(data: st.DataObject) -> None:
    now = data.draw(nows)
    schedule = data.draw(extreme_schedules(now))
    busy = data.draw(bookings(now))
    duration = data.draw(st.sampled_from([schedule.min_duration, max(schedule.min_duration, LONGEST_INTERVAL)]))
    window = Interval(now, now + schedule.min_notice + 3 * DAY)
    slots = feasible_slots(schedule, busy, window, duration, now)
    event(f"slots: {bool(slots)}, bookings: {bool(busy)}")
    sane_slots(schedule, slots, duration, now)
    for slot in slots[:3] + slots[-3:]:
        assert explain(schedule, busy, slot, slot + duration, now) == []
    if schedule.min_notice:
        start = now.replace(second=0, microsecond=0) + MIN
        reasons = explain(schedule, busy, start, start + schedule.min_duration, now)
        assert any(isinstance(r, InsideMinimumNotice) for r in reasons)
