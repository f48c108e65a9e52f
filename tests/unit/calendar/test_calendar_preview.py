"""The 14-day preview for the public page and the per-day summary for the search index."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from calendar_strategies import BASE, at, busy_intervals, every_day, schedules
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import BusyInterval, Interval, Schedule, availability_summary, feasible_slots, preview
from core.calendar.timeline import ceil_seconds, floor_seconds
from core.shared.errors import InvalidInput

FIRST = date(2026, 10, 19)  # two weeks holding the Europe/Berlin fall-back day (2026-10-25)
NOW = at(FIRST, 0) - timedelta(days=3)


def _schedule() -> Schedule:
    return Schedule(
        "prf_9",
        "Europe/Berlin",
        every_day((time(8), time(11)), (time(12), time(15)), (time(16), time(19))),
        buffer_before=timedelta(minutes=15),
        buffer_after=timedelta(minutes=15),
    )


def test_preview_lists_every_local_day_with_the_slots_that_start_on_it() -> None:
    schedule = _schedule()
    busy = [BusyInterval.booking(at(FIRST, 9), at(FIRST, 10), "bkg_1")]
    days = preview(schedule, busy, FIRST, duration=timedelta(minutes=60), now=NOW)
    assert [d.local_date for d in days] == [FIRST + timedelta(days=i) for i in range(14)]
    whole = feasible_slots(
        schedule,
        busy,
        Interval.of(at(FIRST, 0) - timedelta(hours=2), at(FIRST + timedelta(days=14), 0) - timedelta(hours=1)),
        timedelta(minutes=60),
        NOW,
    )
    assert [s for d in days for s in d.slots] == whole
    for day in days:
        assert all(s.astimezone(schedule.tz).date() == day.local_date for s in day.slots)
    assert len(days[1].slots) == 27  # 3 windows x 9 quarter-hour starts of a 60-minute booking


def test_summary_counts_bookable_minutes_per_local_day() -> None:
    schedule = _schedule()
    busy = [BusyInterval.booking(at(FIRST, 9), at(FIRST, 10), "bkg_1")]  # 11:00-12:00 Berlin (UTC+2)
    summary = availability_summary(schedule, busy, FIRST, now=NOW)
    assert summary.bookable_minutes[1:] == (540,) * 13  # 9 open hours a day, fall-back day included
    # bkg_1 occupies 10:45-12:15 with its buffers and a new booking's own buffers may not touch that:
    # the morning must end by 10:30 and the afternoon starts at 12:30, so 60 minutes are lost
    assert summary.bookable_minutes[0] == 540 - 60
    assert summary.first_slot == at(FIRST, 6)
    assert summary.total_minutes == 540 * 14 - 60 and summary.open_days == 14


def test_summary_is_empty_and_first_slot_none_when_nothing_is_bookable() -> None:
    schedule = Schedule("prf_0", "UTC", [])
    summary = availability_summary(schedule, [], FIRST, now=NOW, days=3)
    assert summary.bookable_minutes == (0, 0, 0) and summary.first_slot is None


def test_preview_refuses_silly_day_counts() -> None:
    with pytest.raises(InvalidInput) as caught:
        preview(_schedule(), [], FIRST, duration=timedelta(minutes=60), now=NOW, days=0)
    assert caught.value.field == "days"


HOUR_US = 3_600_000_000


@settings(max_examples=150, deadline=None)
@given(
    schedule=schedules(),
    bookings=st.lists(busy_intervals(BASE, days=8), max_size=6),
    imported=st.lists(st.tuples(st.integers(-12 * HOUR_US, 96 * HOUR_US), st.integers(1, 8 * HOUR_US)),
                      min_size=5, max_size=40),
    hours=st.integers(-30, 30),
)  # fmt: skip
def test_imported_time_as_whole_seconds_gives_the_summary_its_intervals_give(
    schedule: Schedule, bookings: list[BusyInterval], imported: list[tuple[int, int]], hours: int
) -> None:
    """The index refresh's bulk read hands imported busy time over as (floor(start), ceil(end)) seconds."""
    events = [
        BusyInterval.imported(BASE + timedelta(microseconds=at), BASE + timedelta(microseconds=at + length), f"e{n}")
        for n, (at, length) in enumerate(imported)
    ]
    seconds = [(floor_seconds(e.start), ceil_seconds(e.end)) for e in events]
    now, first = BASE + timedelta(hours=hours), BASE.date()
    whole = availability_summary(schedule, [*bookings, *events], first, now=now, days=9)
    assert availability_summary(schedule, bookings, first, now=now, days=9, imported=seconds) == whole
