"""Read models for the public page (14-day preview) and for search (per-day bookable minutes)."""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs

from core.calendar.dst import day_bounds
from core.calendar.feasibility import check_duration, grid_extents, grid_starts, start_ranges
from core.calendar.model import BusyInterval
from core.calendar.schedule import Schedule
from core.calendar.timeline import Span, instant, merge_touching, seconds_of
from core.shared.errors import InvalidInput

MAX_DAYS = 62


@attrs.frozen
class DayPreview:
    """The bookable starts (aware UTC) whose local date is ``local_date``."""

    local_date: date
    slots: tuple[datetime, ...]


@attrs.frozen
class AvailabilitySummary:
    """Bookable minutes per local day from ``from_date``: what a search index stores per profile.

    A minute is bookable when a booking of ``duration`` that starts on the slot grid can cover it.
    """

    owner_id: str
    from_date: date
    duration: timedelta
    bookable_minutes: tuple[int, ...]
    first_slot: datetime | None

    @property
    def total_minutes(self) -> int:
        return sum(self.bookable_minutes)

    @property
    def open_days(self) -> int:
        return sum(1 for minutes in self.bookable_minutes if minutes)


def _day_edges(schedule: Schedule, from_date: date, days: int) -> tuple[int, ...]:
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput("days", f"must be between 1 and {MAX_DAYS}")
    return _edges(schedule.tz, from_date, days)


@functools.lru_cache(maxsize=4096)
def _edges(tz: ZoneInfo, from_date: date, days: int) -> tuple[int, ...]:
    """The instants at which each local day starts, and the end of the last (one per zone and run of days)."""
    edges = [day_bounds(tz, from_date + timedelta(days=i))[0] for i in range(days)]
    edges.append(day_bounds(tz, from_date + timedelta(days=days - 1))[1])
    return tuple(edges)


def preview(
    schedule: Schedule,
    busy: Sequence[BusyInterval],
    from_date: date,
    *,
    duration: timedelta,
    now: datetime,
    days: int = 14,
) -> list[DayPreview]:
    """The slots of each local date ``from_date .. from_date + days - 1`` (every day listed). Pure.

    Raises ``InvalidInput`` for ``days`` outside 1..62 or a bad ``duration`` (see ``feasible_slots``).
    """
    seconds = check_duration(schedule, duration)
    edges = _day_edges(schedule, from_date, days)
    ranges, timeline = start_ranges(schedule, busy, edges[0], edges[-1] - 1, seconds, now)
    per_day: list[list[datetime]] = [[] for _ in range(days)]
    for start in grid_starts(ranges, timeline, seconds_of(schedule.granularity)):
        per_day[bisect_right(edges, start) - 1].append(instant(start))
    return [DayPreview(from_date + timedelta(days=i), tuple(slots)) for i, slots in enumerate(per_day)]


def availability_summary(
    schedule: Schedule,
    busy: Sequence[BusyInterval],
    from_date: date,
    *,
    now: datetime,
    days: int = 14,
    duration: timedelta | None = None,
    imported: Sequence[Span] = (),
) -> AvailabilitySummary:
    """Bookable minutes per local day for ``days`` days (``duration`` defaults to the minimum); ``imported`` is
    more imported busy time as whole seconds (see ``start_ranges``). Pure."""
    length = duration if duration is not None else schedule.min_duration
    seconds = check_duration(schedule, length)
    edges = _day_edges(schedule, from_date, days)
    ranges, timeline = start_ranges(schedule, busy, edges[0], edges[-1] - 1, seconds, now, imported)
    extents = grid_extents(ranges, timeline, seconds_of(schedule.granularity))
    covered = merge_touching((first, last + seconds) for first, last in extents)
    minutes = [0] * days
    for low, high in covered:
        day = max(bisect_right(edges, low) - 1, 0)
        if edges[day] <= low and high <= edges[day + 1]:  # within one local day (nearly every span)
            minutes[day] += high - low
            continue
        for i in range(day, days):
            overlap = min(high, edges[i + 1]) - max(low, edges[i])
            if overlap <= 0 and edges[i] >= high:
                break
            minutes[i] += max(overlap, 0)
    first_slot = instant(extents[0][0]) if extents else None
    return AvailabilitySummary(schedule.owner_id, from_date, length, tuple(m // 60 for m in minutes), first_slot)
