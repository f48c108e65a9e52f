"""An availability answer, what it is computed from, and the key that names that computation exactly."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from core.calendar.model import BusyInterval
from core.calendar.preview import DayPreview, preview
from core.calendar.schedule import Schedule
from core.calendar.timeline import ceil_seconds, floor_seconds


@attrs.frozen
class Slot:
    """A bookable interval ``[start, end)`` in aware UTC."""

    start: datetime
    end: datetime


@attrs.frozen
class Availability:
    """The bookable slots of an owner for ``duration``, grouped by local date in ``zone``."""

    owner_id: str
    zone: str
    duration: timedelta
    days: tuple[DayPreview, ...]

    @property
    def slots(self) -> list[Slot]:
        return [Slot(start, start + self.duration) for day in self.days for start in day.slots]

    def local(self, moment: datetime) -> datetime:
        """``moment`` read on the owner's wall clock (aware, with the offset in force then)."""
        return moment.astimezone(ZoneInfo(self.zone))


@attrs.frozen
class AvailabilityInputs:
    """Everything an availability answer is computed from: the schedule, the busy time around the days asked, the
    first local date, how many days, the duration and the instant of the read."""

    schedule: Schedule
    busy: tuple[BusyInterval, ...]
    first: date
    days: int
    duration: timedelta
    now: datetime

    @property
    def key(self) -> Hashable:
        """Equal for two inputs only when ``computed`` answers the same for both, so an answer kept by it is always
        true: the engine sees ``now`` only as the first start the minimum notice allows and the last the booking
        window allows, both in whole seconds (``feasibility.start_ranges``)."""
        schedule = self.schedule
        earliest = ceil_seconds(self.now + schedule.min_notice)
        latest = floor_seconds(self.now + schedule.booking_window)
        return (schedule, self.busy, self.first, self.days, self.duration, earliest, latest)

    def later(self, now: datetime, *, today_asked: bool) -> AvailabilityInputs | None:
        """The same inputs read at ``now`` (the schedule and busy time unchanged since): ``None`` for a ``now``
        before theirs, and when today was asked (no ``from``) and the profile's local date moved since."""
        if now < self.now or (today_asked and now.astimezone(self.schedule.tz).date() != self.first):
            return None
        return attrs.evolve(self, now=now)

    def computed(self) -> Availability:
        """The slots of each local date asked (every date listed). Pure."""
        days = preview(self.schedule, self.busy, self.first, duration=self.duration, now=self.now, days=self.days)
        return Availability(self.schedule.owner_id, self.schedule.zone, self.duration, tuple(days))
