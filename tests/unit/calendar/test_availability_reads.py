"""The key of an availability answer's inputs: equal keys always mean equal answers, so a kept answer is true."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.calendar.calendar_strategies import BASE, busy_intervals, schedules

from core.calendar import BusyInterval, Schedule
from core.calendar.availability_reads import AvailabilityInputs

TWO_SECONDS_US = 2_000_000


def inputs(schedule: Schedule, busy: list[BusyInterval], now_us: int) -> AvailabilityInputs:
    now = BASE + timedelta(microseconds=now_us)
    return AvailabilityInputs(schedule, tuple(busy), BASE.date(), 5, schedule.min_duration, now)


@settings(max_examples=200, deadline=None)
@given(
    schedule=schedules(),
    busy=st.lists(busy_intervals(BASE, days=6), max_size=5),
    first_us=st.integers(-3 * 3600 * 10**6, 30 * 3600 * 10**6),
    later_us=st.integers(0, TWO_SECONDS_US),
)
def test_reads_with_equal_keys_compute_equal_answers(
    schedule: Schedule, busy: list[BusyInterval], first_us: int, later_us: int
) -> None:
    """Two reads moments apart: when their keys agree (most do, within a second), so do their answers."""
    earlier, later = inputs(schedule, busy, first_us), inputs(schedule, busy, first_us + later_us)
    assert earlier.key != later.key or earlier.computed() == later.computed()


def test_reads_within_one_second_share_a_key_and_anything_read_tells_them_apart() -> None:
    schedule = Schedule("prf_1", "UTC", [], min_duration=timedelta(hours=1))
    read = inputs(schedule, [], 200_000)
    assert inputs(schedule, [], 900_000).key == read.key  # the same whole seconds of notice and window
    assert inputs(schedule, [], 1_200_000).key != read.key  # the next second may allow one start fewer
    booked = BusyInterval.booking(BASE + timedelta(hours=30), BASE + timedelta(hours=31), "bkg_1")
    assert inputs(schedule, [booked], 200_000).key != read.key
    assert AvailabilityInputs(schedule, (), BASE.date(), 6, schedule.min_duration, read.now).key != read.key
    longer = AvailabilityInputs(schedule, (), BASE.date(), 5, timedelta(hours=2), read.now)
    assert longer.key != read.key
    noticed = inputs(Schedule("prf_1", "UTC", [], min_duration=timedelta(hours=1), min_notice=timedelta(hours=2)),
                     [], 200_000)  # fmt: skip
    assert noticed.key != read.key
