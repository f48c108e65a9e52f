"""Parse an ICS feed into busy intervals: recurrences expanded, cancelled and transparent events dropped."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]  # the library ships no type hints

from core.calendar.errors import FeedMalformed, FeedTooLarge
from core.calendar.limits import MAX_REFERENCE, unsafe_character
from core.calendar.model import BusyInterval, require_aware_utc

MAX_OCCURRENCES = 5_000
_MARGIN = timedelta(days=2)  # floating and all-day times may sit up to a day either side of UTC


def _zone(key: object, fallback: ZoneInfo) -> ZoneInfo:
    try:
        return ZoneInfo(str(key)) if key else fallback
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return fallback


def _instant(value: date, zone: ZoneInfo) -> datetime:
    """An aware UTC instant: dates are local midnight and floating times local time in ``zone``."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), zone).astimezone(UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone).astimezone(UTC)
    return value.astimezone(UTC)


def _end_of(event: icalendar.Event, start: date) -> date:
    """DTEND, else DTSTART + DURATION, else RFC 5545 3.6.1: one day for a date, zero for a time."""
    end: date | None = event.DTEND
    duration: timedelta | None = event.DURATION
    if end is not None:
        return end
    if duration is not None:
        later: date = start + duration
        return later
    return start if isinstance(start, datetime) else start + timedelta(days=1)


def _reference(uid: object) -> str:
    """A UID as the owner is shown it (explain's ``ref``): someone else's text, so cut to the calendar's
    reference length with control and bidi characters replaced (the event still counts as busy)."""
    text = str(uid)[:MAX_REFERENCE]
    return "".join("\ufffd" if unsafe_character(c) else c for c in text)


def _is_busy(event: icalendar.Event) -> bool:
    status = str(event.get("STATUS", "CONFIRMED")).upper()
    transparency = str(event.get("TRANSP", "OPAQUE")).upper()
    return status != "CANCELLED" and transparency != "TRANSPARENT"


def _occurrences(
    calendar: icalendar.Calendar, start: datetime, end: datetime, zone: ZoneInfo, limit: int
) -> Iterator[BusyInterval]:
    query = recurring_ical_events.of(calendar)
    for count, event in enumerate(query.after(start - _MARGIN)):
        if count >= limit:
            raise FeedTooLarge(limit, "occurrences")
        raw_start = event.DTSTART
        if raw_start is None:
            raise FeedMalformed(f"event {event.uid!r} has no DTSTART")
        begins = _instant(raw_start, zone)
        if begins >= end + _MARGIN:
            return
        ends = _instant(_end_of(event, raw_start), zone)
        if _is_busy(event) and ends > begins and ends > start and begins < end:
            yield BusyInterval.imported(begins, ends, _reference(event.uid))


def parse_busy(
    ics: bytes,
    window_start: datetime,
    window_end: datetime,
    *,
    default_zone: str = "UTC",
    max_occurrences: int = MAX_OCCURRENCES,
) -> list[BusyInterval]:
    """Busy intervals of the feed overlapping ``[window_start, window_end)``, sorted, without duplicates.

    All-day and floating events are read in the feed's X-WR-TIMEZONE, else in ``default_zone`` (the
    owner's zone). Raises ``FeedMalformed`` for anything that is not a usable calendar, and
    ``FeedTooLarge`` past ``max_occurrences`` (counted from two days before the window); no icalendar
    exception escapes.
    """
    start = require_aware_utc("window_start", window_start)
    end = require_aware_utc("window_end", window_end)
    try:
        calendar = icalendar.Calendar.from_ical(ics)
        if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
            raise FeedMalformed("the document is not a VCALENDAR")
        zone = _zone(calendar.get("X-WR-TIMEZONE"), _zone(default_zone, ZoneInfo("UTC")))
        found = set(_occurrences(calendar, start, end, zone, max_occurrences))
    except FeedMalformed:
        raise
    except Exception as error:  # vendor errors of every kind become one domain error
        raise FeedMalformed(f"{type(error).__name__}: {error}"[:300]) from None
    return sorted(found, key=lambda b: (b.start, b.end, b.reference))


class IcsBusyParser:
    """The ``BusyParser`` port over ``parse_busy``, bound to the owner's zone."""

    def __init__(self, default_zone: str = "UTC") -> None:
        self._zone = default_zone

    def parse_busy(self, ics: bytes, window_start: datetime, window_end: datetime) -> list[BusyInterval]:
        return parse_busy(ics, window_start, window_end, default_zone=self._zone)
