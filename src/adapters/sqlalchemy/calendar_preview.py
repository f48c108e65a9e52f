"""The public page's 14-day availability preview (and a read model's slots ahead), asked of the calendar's handlers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from core.calendar.errors import ScheduleUnreadable
from core.calendar.handlers import preview_14_days, slots_ahead
from core.calendar.ports import CalendarUnitOfWork
from core.profiles.public import DayAvailability, DaySlots, SlotPreview
from core.shared.errors import NotFound


class _FixedNow:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


class CalendarAvailabilityPreview:
    """``AvailabilityPreview`` over ``core.calendar.handlers.preview_14_days`` (owner = the profile id)."""

    def __init__(self, new_calendar_uow: Callable[[], CalendarUnitOfWork]) -> None:
        self._new_uow = new_calendar_uow

    def next_days(self, profile_id: str, days: int, now: datetime) -> list[DayAvailability] | None:
        try:
            found = preview_14_days(profile_id, self._new_uow(), _FixedNow(now))
        except (NotFound, ScheduleUnreadable):
            return None  # no schedule yet, or one to be saved again (logged): the page says "not available"
        return [DayAvailability(d.local_date, len(d.slots), d.slots[0] if d.slots else None) for d in found.days[:days]]

    def slots_of(self, profile_id: str, days: int, now: datetime) -> SlotPreview | None:
        try:
            schedule, found = slots_ahead(profile_id, self._new_uow(), now, days)
        except (NotFound, ScheduleUnreadable):
            return None
        shown = tuple(DaySlots(d.local_date, d.slots) for d in found)
        return SlotPreview(schedule.zone, schedule.min_notice, schedule.booking_window, shown)
