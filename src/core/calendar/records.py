"""What the calendar stores around the engine's values: versioned schedules and availability-index rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs

from core.calendar.preview import AvailabilitySummary
from core.calendar.schedule import Schedule

INDEX_DAYS = 14


@attrs.frozen
class StoredSchedule:
    """An owner's schedule as saved: ``version`` grows by one with every replacement (first save: 1)."""

    schedule: Schedule
    version: int
    updated_at: datetime

    @property
    def owner_id(self) -> str:
        return self.schedule.owner_id


@attrs.frozen
class IndexedAvailability:
    """One profile's row of the availability index: bookable minutes per local day from ``from_date``.

    Search filters and ranks on it without running the engine; ``refreshed_at`` says how fresh it is.
    """

    profile_id: str
    from_date: date
    duration: timedelta
    bookable_minutes: tuple[int, ...]
    first_slot: datetime | None
    refreshed_at: datetime

    @classmethod
    def of(cls, summary: AvailabilitySummary, refreshed_at: datetime) -> IndexedAvailability:
        return cls(summary.owner_id, summary.from_date, summary.duration, summary.bookable_minutes,
                   summary.first_slot, refreshed_at)  # fmt: skip

    @property
    def total_minutes(self) -> int:
        return sum(self.bookable_minutes)
