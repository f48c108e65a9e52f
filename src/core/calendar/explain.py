"""``explain``: every reason an interval cannot be booked; no reason exactly when it is feasible."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from core.calendar.dst import day_segments, offset_at, window_intervals
from core.calendar.feasibility import local_days, open_spans
from core.calendar.limits import LONGEST_INTERVAL, MINUTE, instant_in_years
from core.calendar.model import BusyInterval, BusyKind, ExceptionKind, require_aware_utc
from core.calendar.reasons import (
    BeyondBookingWindow,
    BlackoutConflict,
    BookingConflict,
    BufferConflict,
    ClosedByException,
    HoursChangedByException,
    ImportedEventConflict,
    InsideMinimumNotice,
    OffSlotGrid,
    OutsideHours,
    Reason,
    ShorterThanMinimum,
)
from core.calendar.schedule import Schedule
from core.calendar.timeline import Span, ceil_seconds, floor_seconds, merge_touching, seconds_of
from core.shared.errors import InvalidInput


def explain(
    schedule: Schedule, busy: Sequence[BusyInterval], start: datetime, end: datetime, now: datetime
) -> list[Reason]:
    """Why ``[start, end)`` cannot be booked; an empty list exactly when ``feasible_slots`` offers it.

    Raises ``InvalidInput`` naming ``start``/``end`` for naive instants or instants outside the calendar's
    years, an end not after the start, or a length that is not whole minutes up to ``LONGEST_INTERVAL``. Pure.
    """
    start = require_aware_utc("start", instant_in_years("start", start))
    end = require_aware_utc("end", instant_in_years("end", end))
    now = require_aware_utc("now", now)
    if not MINUTE <= end - start <= LONGEST_INTERVAL or (end - start) % MINUTE:
        raise InvalidInput("end", f"must be after start by whole minutes, at most {LONGEST_INTERVAL.days} days")
    reasons: list[Reason] = []
    if end - start < schedule.min_duration:
        reasons.append(ShorterThanMinimum(schedule.min_duration))
    if start < now + schedule.min_notice:
        reasons.append(InsideMinimumNotice(now + schedule.min_notice))
    if start > now + schedule.booking_window:
        reasons.append(BeyondBookingWindow(now + schedule.booking_window))
    low, high = floor_seconds(start), floor_seconds(start) + seconds_of(end - start)
    granularity = seconds_of(schedule.granularity)
    if ceil_seconds(start) != low or (low + offset_at(schedule.tz, low)) % granularity:
        reasons.append(OffSlotGrid(schedule.granularity))
    reasons.extend(_hours_reasons(schedule, low, high))
    reasons.extend(_busy_reasons(schedule, busy, low, high))
    return reasons


def _uncovered(spans: Sequence[Span], low: int, high: int) -> list[Span]:
    out: list[Span] = []
    cursor = low
    for a, b in spans:
        if b <= cursor or a >= high:
            continue
        if a > cursor:
            out.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < high:
        out.append((cursor, high))
    return out


def _dates_touched(schedule: Schedule, low: int, high: int) -> list[date]:
    first, count = local_days(schedule, low, high)
    days = (first + timedelta(days=i) for i in range(count))
    return [d for d in days if any(a < high and b > low for a, b, _ in day_segments(schedule.tz, d))]


def _hours_reasons(schedule: Schedule, low: int, high: int) -> list[Reason]:
    first, count = local_days(schedule, low, high)
    gaps = _uncovered(open_spans(schedule, first, count), low, high)
    reasons: list[Reason] = []
    for gap_low, gap_high in gaps:
        for day in _dates_touched(schedule, gap_low, gap_high):
            reason = _day_reason(schedule, day, gap_low, gap_high)
            if reason not in reasons:
                reasons.append(reason)
    return reasons


def _day_reason(schedule: Schedule, day: date, low: int, high: int) -> Reason:
    exception = schedule.by_date.get(day)
    if exception is None or exception.kind is ExceptionKind.EXTRA_HOURS:
        return OutsideHours(day)
    if exception.kind is ExceptionKind.CLOSED:
        return ClosedByException(day)
    by_rules = merge_touching(
        span for s, e in schedule.rule_windows(day) for span in window_intervals(schedule.tz, day, s, e)
    )
    if any(a < high and b > low for a, b in by_rules):
        return HoursChangedByException(day)
    return OutsideHours(day)


def _busy_reasons(schedule: Schedule, busy: Sequence[BusyInterval], low: int, high: int) -> list[Reason]:
    before, after = seconds_of(schedule.buffer_before), seconds_of(schedule.buffer_after)
    reasons: list[Reason] = []
    for item in (*busy, *schedule.blackout_busy()):
        busy_low, busy_high = floor_seconds(item.start), ceil_seconds(item.end)
        is_booking = item.kind is BusyKind.BOOKING
        occupied_low = busy_low - (before if is_booking else 0)
        occupied_high = busy_high + (after if is_booking else 0)
        if not (low - before < occupied_high and occupied_low < high + after):
            continue
        overlaps = low < busy_high and busy_low < high
        if item.kind is BusyKind.BOOKING:
            kind = BookingConflict if overlaps else BufferConflict
            reasons.append(kind(item.reference, item.start, item.end))
        elif item.kind is BusyKind.IMPORTED:
            reasons.append(ImportedEventConflict(item.reference, item.start, item.end, not overlaps))
        else:
            reasons.append(BlackoutConflict(item.reference, item.start, item.end, not overlaps))
    return reasons
