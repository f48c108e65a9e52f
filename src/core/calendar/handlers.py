"""Calendar handlers for schedules and availability: replace, seed, read, slots, explain, 14-day preview."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from core.calendar.availability_reads import Availability, AvailabilityInputs
from core.calendar.busy_time import busy_around
from core.calendar.commands import ExplainInterval, QueryAvailability, ReplaceSchedule, SeedSchedules
from core.calendar.dst import day_bounds
from core.calendar.events import AvailabilityChanged, ScheduleReplaced
from core.calendar.explain import explain
from core.calendar.feasibility import check_duration
from core.calendar.index_handlers import index_rows, refresh_all_availability
from core.calendar.limits import LONGEST_INTERVAL, in_years, instant_in_years
from core.calendar.model import require_aware_utc
from core.calendar.ports import CalendarUnitOfWork
from core.calendar.preview import MAX_DAYS, DayPreview, preview
from core.calendar.reasons import Reason
from core.calendar.records import StoredSchedule
from core.calendar.schedule import Schedule
from core.calendar.timeline import instant
from core.profiles.visibility import OPERATOR, Viewer, changed_by, shown_to
from core.shared.actor import OPERATOR_ROLE, Actor, require_staff
from core.shared.clock import Clock
from core.shared.errors import InvalidInput, NotFound

MAX_VERSION = 2**31 - 1  # the version column is a 32-bit integer; no real schedule gets near it
SEED_BATCH = 500  # schedules per unit of work when seeding (thousands of load-test profiles)


def replace_schedule(cmd: ReplaceSchedule, uow: CalendarUnitOfWork, clock: Clock) -> StoredSchedule:
    """Replace the owner's schedule if ``cmd.expected_version`` is current, and its index row with it.

    Raises ``NotFound`` for an unknown profile and one the actor may not change, then ``InvalidInput`` naming
    ``version`` and ``VersionConflict`` for a stale version. The row is computed in the same unit of work, before
    the commit: a schedule the index cannot compute is never stored.
    """
    owner_id = cmd.schedule.owner_id
    with uow:
        changed_by(uow.profiles.get(owner_id), cmd.actor)
        if not 0 <= cmd.expected_version < MAX_VERSION:
            raise InvalidInput("version", "must be 0 (no schedule yet) or the version last read")
        stored = StoredSchedule(cmd.schedule, cmd.expected_version + 1, clock.now())
        uow.schedules.save(stored, cmd.expected_version)
        (row,) = index_rows(uow, [stored], stored.updated_at)
        uow.index.put(row)
        uow.record(ScheduleReplaced(owner_id, stored.version))
        uow.record(AvailabilityChanged(owner_id))
        uow.commit()
    return stored


def seed_schedules(cmd: SeedSchedules, uow: CalendarUnitOfWork, clock: Clock) -> int:
    """Store each schedule whose owner has none yet, a batch per unit of work, then refresh the availability index.
    Idempotent: stored schedules are left alone. Returns how many were written. The operator's alone (``StaffOnly``
    for anyone else): it writes many owners' schedules at once, unchecked against their profiles."""
    require_staff(cmd.actor, OPERATOR_ROLE)
    written = 0
    for first in range(0, len(cmd.schedules), SEED_BATCH):
        with uow:
            for schedule in cmd.schedules[first : first + SEED_BATCH]:
                try:
                    uow.schedules.get(schedule.owner_id)
                except NotFound:
                    uow.schedules.save(StoredSchedule(schedule, 1, clock.now()), 0)
                    uow.record(ScheduleReplaced(schedule.owner_id, 1))
                    written += 1
            uow.commit()
    refresh_all_availability(uow, clock)
    return written


def get_schedule(owner_id: str, viewer: Viewer, uow: CalendarUnitOfWork) -> StoredSchedule:
    """The owner's schedule. Raises ``NotFound`` for an unknown profile, one hidden from ``viewer``
    (``core.profiles.visibility``) or a profile without one."""
    with uow.reading():
        shown_to(uow.profiles.get(owner_id), viewer)
        return uow.schedules.get(owner_id)


def availability_inputs(query: QueryAvailability, viewer: Viewer, uow: CalendarUnitOfWork,
                        clock: Clock) -> AvailabilityInputs:  # fmt: skip
    """What the answer to ``query`` is computed from, read in one unit (``availability`` computes it). Raises as
    ``availability`` does."""
    with uow.reading():
        shown_to(uow.profiles.get(query.owner_id), viewer)
        schedule = uow.schedules.get(query.owner_id).schedule
        now = clock.now()
        duration = query.duration if query.duration is not None else schedule.min_duration
        check_duration(schedule, duration)  # before the busy time it bounds is read
        first = in_years("from", query.from_date) if query.from_date else now.astimezone(schedule.tz).date()
        if not 1 <= query.days <= MAX_DAYS:
            raise InvalidInput("days", f"must be between 1 and {MAX_DAYS}")
        start, end = _local_span(schedule.tz, first, query.days)
        busy = busy_around(uow, schedule, start, end, duration)
    return AvailabilityInputs(schedule, tuple(busy), first, query.days, duration, now)


def availability(query: QueryAvailability, viewer: Viewer, uow: CalendarUnitOfWork, clock: Clock) -> Availability:
    """Bookable slots of each local date of the query. Raises ``NotFound`` (profile or schedule, or a profile
    hidden from ``viewer``), ``ScheduleUnreadable`` and ``InvalidInput`` naming ``from``, ``days`` or ``duration``."""
    return availability_inputs(query, viewer, uow, clock).computed()


def preview_14_days(owner_id: str, uow: CalendarUnitOfWork, clock: Clock) -> Availability:
    """The public page's preview: 14 local days from today, for the schedule's minimum duration (the page has
    decided who sees it)."""
    return availability(QueryAvailability(owner_id), OPERATOR, uow, clock)


def explain_interval(cmd: ExplainInterval, actor: Actor, uow: CalendarUnitOfWork, clock: Clock) -> list[Reason]:
    """Every reason ``[start, end)`` cannot be booked; empty exactly when it can. The bookings and imported events
    it names are the owner's business: anyone but the owner (or the operator) gets the ``NotFound`` of an unknown
    profile (anyone may read ``availability``)."""
    with uow.reading():
        changed_by(uow.profiles.get(cmd.owner_id), actor)
        schedule = uow.schedules.get(cmd.owner_id).schedule
        start = require_aware_utc("start", instant_in_years("start", cmd.start))
        end = require_aware_utc("end", instant_in_years("end", cmd.end))
        if not timedelta(0) < end - start <= LONGEST_INTERVAL:  # explain says the rest; this bounds the read
            raise InvalidInput("end", f"must be after start, at most {LONGEST_INTERVAL.days} days")
        busy = busy_around(uow, schedule, start, end, end - start)
    return explain(schedule, busy, start, end, clock.now())


def _local_span(tz: ZoneInfo, first: date, days: int) -> tuple[datetime, datetime]:
    low = day_bounds(tz, first)[0]
    high = day_bounds(tz, first + timedelta(days=days - 1))[1]
    return instant(low), instant(high)


def slots_ahead(owner_id: str, uow: CalendarUnitOfWork, now: datetime, days: int) -> tuple[Schedule, list[DayPreview]]:
    """The schedule and the slots of its minimum duration on ``days`` local days from today, before the minimum
    notice and the booking window are applied (``preview.within_limits`` applies them at any later instant): what
    a read model stores. Raises ``NotFound`` (no schedule) and ``ScheduleUnreadable``."""
    with uow.reading():
        schedule = uow.schedules.get(owner_id).schedule
        first = now.astimezone(schedule.tz).date()
        start, end = _local_span(schedule.tz, first, days)
        busy = busy_around(uow, schedule, start, end, schedule.min_duration)
    unbounded = attrs.evolve(schedule, min_notice=timedelta(0), booking_window=timedelta(days=days + 1))
    return schedule, preview(unbounded, busy, first, duration=schedule.min_duration, now=now, days=days)
