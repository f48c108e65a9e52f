"""Gather an owner's busy time for the engine: held and confirmed bookings plus imported events."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.calendar.model import BusyInterval, Interval
from core.calendar.ports import CalendarUnitOfWork
from core.calendar.schedule import Schedule

_REACH = timedelta(days=1)  # a start near the edge of the window still collides with busy time beyond it


def reach_of(schedule: Schedule, duration: timedelta | None) -> timedelta:
    """How far beyond a window busy time can still forbid a start inside it."""
    length = duration if duration is not None else schedule.min_duration
    return schedule.buffer_before + schedule.buffer_after + length + _REACH


def busy_around(
    uow: CalendarUnitOfWork, schedule: Schedule, start: datetime, end: datetime, duration: timedelta | None = None
) -> list[BusyInterval]:
    """Bookings and imported events that can affect starts in ``[start, end)`` (blackouts are in the
    schedule itself). Runs inside the caller's unit of work."""
    reach = reach_of(schedule, duration)
    low, high = start - reach, end + reach
    booked = uow.booked.busy_for(schedule.owner_id, Interval(low, high))
    imported = uow.imported.busy_between(schedule.owner_id, low, high)
    return sorted([*booked, *imported], key=lambda b: (b.start, b.end))
