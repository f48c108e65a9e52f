"""The feasibility engine: which start times can be booked, by interval arithmetic on sorted lists."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from core.calendar.dst import OffsetTimeline, day_segments, window_intervals
from core.calendar.limits import LONGEST_INTERVAL, MINUTE
from core.calendar.model import BusyInterval, BusyKind, Interval, require_aware_utc
from core.calendar.schedule import MinuteWindows, Schedule
from core.calendar.timeline import (
    EPOCH,
    Span,
    ceil_seconds,
    clip,
    floor_seconds,
    instant,
    merge_open,
    merge_touching,
    seconds_of,
    subtract_open,
)
from core.shared.errors import InvalidInput

_DAY = timedelta(days=1)


def check_duration(schedule: Schedule, duration: timedelta) -> int:
    """Seconds of ``duration``; raises ``InvalidInput("duration")`` below the schedule's minimum or above
    ``LONGEST_INTERVAL``."""
    if duration % MINUTE or not schedule.min_duration <= duration <= LONGEST_INTERVAL:
        raise InvalidInput(
            "duration", f"must be whole minutes from {schedule.min_duration // MINUTE} to {LONGEST_INTERVAL // MINUTE}"
        )
    return seconds_of(duration)


def local_days(schedule: Schedule, low: int, high: int) -> tuple[date, int]:
    """The first local date that can hold an instant of ``[low, high]`` and how many dates follow."""
    first = (EPOCH + timedelta(seconds=low)).date() - _DAY
    last = (EPOCH + timedelta(seconds=high)).date() + _DAY
    return first, (last - first).days + 1


def open_spans(schedule: Schedule, first: date, count: int) -> list[Span]:
    """Opening hours of ``count`` local dates from ``first``, as merged real UTC spans (DST policy)."""
    last = first + timedelta(days=count - 1)
    if not any(first <= day <= last for day in schedule.by_date):  # the weekly rules alone: shared by every
        return list(_weekly_spans(schedule.tz, schedule.weekly, first, count))  # owner with these hours and zone
    return _spans(schedule.tz, schedule.windows_on, first, count)


@functools.lru_cache(maxsize=4096)
def _weekly_spans(tz: ZoneInfo, weekly: tuple[MinuteWindows, ...], first: date, count: int) -> tuple[Span, ...]:
    return tuple(_spans(tz, lambda day: weekly[day.weekday()], first, count))


def _spans(tz: ZoneInfo, windows_on: Callable[[date], MinuteWindows], first: date, count: int) -> list[Span]:
    spans: list[Span] = []
    for i in range(count):
        day = first + timedelta(days=i)
        windows = windows_on(day)
        if not windows:
            continue
        segments = day_segments(tz, day)
        if len(segments) == 1:  # one offset all day (most days): a window is its minutes from local midnight
            midnight = segments[0][0]
            spans.extend((midnight + start * 60, midnight + end * 60) for start, end in windows)
            continue
        for start_minute, end_minute in windows:
            spans.extend(window_intervals(tz, day, start_minute, end_minute))
    return merge_touching(spans)


def occupied_holes(schedule: Schedule, busy: Iterable[BusyInterval], duration: int) -> list[Span]:
    """Open intervals of forbidden start instants: a start there would overlap busy time or a buffer.

    A booking occupies ``[start - buffer_before, end + buffer_after)``; imported events and blackouts
    occupy themselves. A new booking of ``duration`` occupies its own buffered span, which may not
    overlap any occupied span, so its start is forbidden in ``(occ_start - duration - after,
    occ_end + before)``.
    """
    before, after = seconds_of(schedule.buffer_before), seconds_of(schedule.buffer_after)
    holes: list[Span] = []
    for item in busy:
        low, high = floor_seconds(item.start), ceil_seconds(item.end)
        if item.kind is BusyKind.BOOKING:
            low, high = low - before, high + after
        holes.append((low - duration - after, high + before))
    return merge_open(holes)


def start_ranges(
    schedule: Schedule, busy: Sequence[BusyInterval], low: int, high: int, duration: int, now: datetime,
    imported: Sequence[Span] = (),
) -> tuple[list[Span], OffsetTimeline]:  # fmt: skip
    """Closed ranges of feasible start seconds in ``[low, high]`` before the slot grid is applied. ``imported``:
    more imported busy time, already as whole seconds ``(floor(start), ceil(end))`` (the index refresh's bulk
    read), occupying exactly what the same intervals in ``busy`` would."""
    now = require_aware_utc("now", now)
    low = max(low, ceil_seconds(now + schedule.min_notice))
    high = min(high, floor_seconds(now + schedule.booking_window))
    first, count = local_days(schedule, low, high)
    timeline = OffsetTimeline.for_days(schedule.tz, first, count)
    if low > high:
        return [], timeline
    fits = [(a, b - duration) for a, b in open_spans(schedule, first, count) if b - a >= duration]
    ranges = clip(fits, low, high)
    if not ranges:
        return [], timeline
    reach = low - duration - seconds_of(schedule.buffer_before + schedule.buffer_after)
    until = high + duration + seconds_of(schedule.buffer_before + schedule.buffer_after)
    earliest, latest = instant(reach), instant(until)
    candidates = (*busy, *schedule.blackout_busy())
    relevant = [b for b in candidates if b.end >= earliest and b.start <= latest]
    holes = occupied_holes(schedule, relevant, duration)
    if imported:  # the same test on whole seconds: end >= reach iff ceil(end) >= reach (reach is whole)
        before, after = seconds_of(schedule.buffer_before), seconds_of(schedule.buffer_after)
        more = [(a - duration - after, b + before) for a, b in imported if b >= reach and a <= until]
        holes = merge_open([*holes, *more])
    return subtract_open(ranges, holes), timeline


def grid_extents(ranges: Sequence[Span], timeline: OffsetTimeline, granularity: int) -> list[Span]:
    """First and last start on the local wall-clock grid (DST policy 4) of each range, split at offset
    changes; ranges holding no grid point are dropped."""
    if not timeline.changes:  # one offset throughout (most runs of days): no range is split
        offset = timeline.offsets[0]
        firsts = ((low + (-(low + offset)) % granularity, high) for low, high in ranges)
        return [(first, first + (high - first) // granularity * granularity) for first, high in firsts if first <= high]
    changes, offsets, k = timeline.changes, timeline.offsets, 0
    extents: list[Span] = []
    for low, high in ranges:  # sorted: walk the few changes alongside
        while k < len(changes) and changes[k] <= low:
            k += 1
        if k == len(changes) or changes[k] > high:  # no change inside the range: offsets[k] throughout
            first = low + (-(low + offsets[k])) % granularity
            if first <= high:
                extents.append((first, first + (high - first) // granularity * granularity))
            continue
        pieces = [low, *timeline.changes_within(low, high), high + 1]
        for piece_low, piece_end in pairwise(pieces):
            first = piece_low + (-(piece_low + timeline.offset_at(piece_low))) % granularity
            if first < piece_end:
                extents.append((first, first + (piece_end - 1 - first) // granularity * granularity))
    return extents


def grid_starts(ranges: Sequence[Span], timeline: OffsetTimeline, granularity: int) -> list[int]:
    """Every start second in the ranges that lies on the local wall-clock grid, in order."""
    starts: list[int] = []
    for first, last in grid_extents(ranges, timeline, granularity):
        starts.extend(range(first, last + 1, granularity))
    return starts


def feasible_slots(
    schedule: Schedule,
    busy: Sequence[BusyInterval],
    window: Interval,
    duration: timedelta,
    now: datetime,
) -> list[datetime]:
    """Every bookable start in ``[window.start, window.end)`` for a booking of ``duration``.

    Returns aware UTC instants, sorted and unique. Raises ``InvalidInput("duration")`` when the duration
    is not whole minutes or is shorter than the schedule's minimum duration. Pure.
    """
    seconds = check_duration(schedule, duration)
    window = Interval.of(window.start, window.end, "window")
    low, high = ceil_seconds(window.start), ceil_seconds(window.end) - 1
    ranges, timeline = start_ranges(schedule, busy, low, high, seconds, now)
    return [instant(s) for s in grid_starts(ranges, timeline, seconds_of(schedule.granularity))]
