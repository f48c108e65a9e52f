"""Calendar handlers for schedules and availability: replace, read, slots, explain, 14-day preview."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from core.calendar.busy_time import busy_around
from core.calendar.commands import ExplainInterval, QueryAvailability, ReplaceSchedule
from core.calendar.dst import day_bounds
from core.calendar.events import ScheduleReplaced
from core.calendar.explain import explain
from core.calendar.index_handlers import refresh_after
from core.calendar.model import require_aware_utc
from core.calendar.ports import CalendarUnitOfWork
from core.calendar.preview import DayPreview, preview
from core.calendar.reasons import Reason
from core.calendar.records import StoredSchedule
from core.calendar.timeline import instant
from core.profiles.visibility import OPERATOR, Viewer, shown_to
from core.shared.clock import Clock
from core.shared.errors import InvalidInput


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


def replace_schedule(cmd: ReplaceSchedule, uow: CalendarUnitOfWork, clock: Clock) -> StoredSchedule:
    """Replace the owner's schedule if ``cmd.expected_version`` is current; then refresh its index row.

    Raises ``NotFound`` for an unknown profile, ``VersionConflict`` for a stale version.
    """
    if cmd.expected_version < 0:
        raise InvalidInput("version", "must be 0 (no schedule yet) or the version last read")
    owner_id = cmd.schedule.owner_id
    with uow:
        uow.profiles.get(owner_id)
        stored = StoredSchedule(cmd.schedule, cmd.expected_version + 1, clock.now())
        uow.schedules.save(stored, cmd.expected_version)
        uow.record(ScheduleReplaced(owner_id, stored.version))
        uow.commit()
    refresh_after(uow.collect_events(), uow, clock)
    return stored


def get_schedule(owner_id: str, viewer: Viewer, uow: CalendarUnitOfWork) -> StoredSchedule:
    """The owner's schedule. Raises ``NotFound`` for an unknown profile, one hidden from ``viewer``
    (``core.profiles.visibility``) or a profile without one."""
    with uow.reading():
        shown_to(uow.profiles.get(owner_id), viewer)
        return uow.schedules.get(owner_id)


def availability(query: QueryAvailability, viewer: Viewer, uow: CalendarUnitOfWork, clock: Clock) -> Availability:
    """Bookable slots of each local date of the query. Raises ``NotFound`` (profile or schedule, or a profile
    hidden from ``viewer``) and ``InvalidInput`` naming ``days`` or ``duration``."""
    with uow.reading():
        shown_to(uow.profiles.get(query.owner_id), viewer)
        schedule = uow.schedules.get(query.owner_id).schedule
        now = clock.now()
        duration = query.duration if query.duration is not None else schedule.min_duration
        first = query.from_date or now.astimezone(schedule.tz).date()
        if not 1 <= query.days <= 62:
            raise InvalidInput("days", "must be between 1 and 62")
        start, end = _local_span(schedule.tz, first, query.days)
        busy = busy_around(uow, schedule, start, end, duration)
    days = preview(schedule, busy, first, duration=duration, now=now, days=query.days)
    return Availability(query.owner_id, schedule.zone, duration, tuple(days))


def preview_14_days(owner_id: str, uow: CalendarUnitOfWork, clock: Clock) -> Availability:
    """The public page's preview: 14 local days from today, for the schedule's minimum duration (the page has
    decided who sees it)."""
    return availability(QueryAvailability(owner_id), OPERATOR, uow, clock)


def explain_interval(cmd: ExplainInterval, uow: CalendarUnitOfWork, clock: Clock) -> list[Reason]:
    """Every reason ``[start, end)`` cannot be booked; empty exactly when it can."""
    with uow.reading():
        uow.profiles.get(cmd.owner_id)
        schedule = uow.schedules.get(cmd.owner_id).schedule
        start, end = require_aware_utc("start", cmd.start), require_aware_utc("end", cmd.end)
        if end <= start:
            raise InvalidInput("end", "must be after start")
        busy = busy_around(uow, schedule, start, end, end - start)
    return explain(schedule, busy, start, end, clock.now())


def _local_span(tz: ZoneInfo, first: date, days: int) -> tuple[datetime, datetime]:
    low = day_bounds(tz, first)[0]
    high = day_bounds(tz, first + timedelta(days=days - 1))[1]
    return instant(low), instant(high)
