"""Hypothesis strategies and small builders shared by the calendar tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import strategies as st

from core.calendar import BusyInterval, BusyKind, Schedule, WeeklyRule
from core.calendar.schedule import window_of_minutes as window

BASE = datetime(2025, 3, 5, 6, 0, tzinfo=UTC)
# starts of four-day stretches holding DST changes: US spring (03-09), Sydney and Chatham autumn
# (04-06), UK/EU autumn (10-26), US autumn (11-02), Sydney spring (10-05), Chatham spring (09-28)
DST_BASES = [
    datetime(2025, 3, 7, 6, tzinfo=UTC),
    datetime(2025, 4, 4, 6, tzinfo=UTC),
    datetime(2025, 10, 24, 6, tzinfo=UTC),
    datetime(2025, 10, 31, 6, tzinfo=UTC),
    datetime(2025, 10, 3, 6, tzinfo=UTC),
    datetime(2025, 9, 26, 6, tzinfo=UTC),
]
ZONES = [
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Australia/Sydney",
    "UTC",
]


def every_day(*windows: tuple[time, time]) -> list[WeeklyRule]:
    """Weekly rules opening the same windows on all seven days."""
    return [WeeklyRule(day, start, end) for day in range(7) for start, end in windows]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@st.composite
def day_windows(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) minutes of one day on a 15-minute grid."""
    edges = draw(st.lists(st.integers(0, 96), min_size=0, max_size=6, unique=True))
    edges = sorted(edges)
    if len(edges) % 2:
        edges = edges[:-1]
    return [(edges[i] * 15, edges[i + 1] * 15) for i in range(0, len(edges), 2)]


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    rules = [
        WeeklyRule(day, window(start, end).start, window(start, end).end)
        for day in range(7)
        for start, end in draw(day_windows())
    ]
    granularity = draw(st.sampled_from([5, 10, 15, 30, 60]))
    notice = draw(st.integers(0, 48 * 60))
    return Schedule(
        owner_id="prf_1",
        zone=draw(st.sampled_from(ZONES)),
        rules=rules,
        buffer_before=timedelta(minutes=draw(st.integers(0, 12)) * 5),
        buffer_after=timedelta(minutes=draw(st.integers(0, 12)) * 5),
        granularity=timedelta(minutes=granularity),
        min_duration=timedelta(minutes=granularity * draw(st.integers(1, 4))),
        min_notice=timedelta(minutes=notice),
        booking_window=timedelta(minutes=notice) + timedelta(days=draw(st.integers(1, 10))),
    )


def busy_intervals(base: datetime = BASE, days: int = 6) -> st.SearchStrategy[BusyInterval]:
    return st.builds(
        lambda offset, length, kind, ref: BusyInterval(
            base + timedelta(minutes=offset), base + timedelta(minutes=offset + length), kind, ref
        ),
        st.integers(-600, days * 24 * 60),
        st.integers(1, 300),
        st.sampled_from(list(BusyKind)),
        st.sampled_from(["b1", "b2", "uid-3@feed", "blk-4"]),
    )
