"""Calendar values: weekly rules, date exceptions, blackouts, busy intervals and UTC intervals."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time, timedelta

import attrs

from core.shared.errors import InvalidInput

END_OF_DAY = time(0, 0)  # as a window *end*, 00:00 means the following midnight (24:00)


class Weekday(enum.IntEnum):
    """Days of the week numbered like ``date.weekday()``."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


def require_aware_utc(field: str, value: datetime) -> datetime:
    """Return ``value`` if it is an aware instant (normalised to UTC), else raise ``InvalidInput``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(field, "must be an aware instant (UTC), not a naive datetime")
    return value.astimezone(UTC)


def _minutes_of(field: str, value: time) -> int:
    if value.tzinfo is not None or value.second or value.microsecond:
        raise InvalidInput(field, "must be a naive local wall-clock time in whole minutes")
    return value.hour * 60 + value.minute


@attrs.frozen
class TimeWindow:
    """A local wall-clock window ``[start, end)`` within one day; ``end`` 00:00 means midnight."""

    start: time
    end: time

    @property
    def start_minute(self) -> int:
        return _minutes_of("start", self.start)

    @property
    def end_minute(self) -> int:
        minute = _minutes_of("end", self.end)
        return 24 * 60 if minute == 0 else minute

    def check(self, field: str) -> None:
        """Raise ``InvalidInput`` naming ``field.start``/``field.end`` if the window makes no sense."""
        self.checked_minutes(field)

    def checked_minutes(self, field: str) -> tuple[int, int]:
        """``(start_minute, end_minute)`` once ``check``-ed (one pass: a schedule reads thousands of rules)."""
        start = _minutes_of(f"{field}.start", self.start)
        end = _minutes_of(f"{field}.end", self.end) or 24 * 60
        if end <= start:
            raise InvalidInput(f"{field}.end", "must be after start (use 00:00 for midnight)")
        return start, end


@attrs.frozen
class WeeklyRule:
    """Open every ``weekday`` from ``start`` to ``end`` local time; several rules may share a day."""

    weekday: Weekday = attrs.field(converter=Weekday)
    start: time
    end: time

    @property
    def window(self) -> TimeWindow:
        return TimeWindow(self.start, self.end)


class ExceptionKind(enum.Enum):
    """How a date exception changes the weekly rules for that date."""

    EXTRA_HOURS = "extra"  # windows added to the rules' windows
    CHANGED_HOURS = "changed"  # windows replacing the rules' windows
    CLOSED = "closed"  # no windows at all


@attrs.frozen
class DateException:
    """A one-off change to the opening hours of one local date."""

    on: date
    kind: ExceptionKind
    windows: tuple[TimeWindow, ...] = ()

    @classmethod
    def closed(cls, on: date) -> DateException:
        return cls(on, ExceptionKind.CLOSED)

    @classmethod
    def extra(cls, on: date, *windows: TimeWindow) -> DateException:
        return cls(on, ExceptionKind.EXTRA_HOURS, windows)

    @classmethod
    def changed(cls, on: date, *windows: TimeWindow) -> DateException:
        return cls(on, ExceptionKind.CHANGED_HOURS, windows)


@attrs.frozen
class Interval:
    """An absolute half-open interval ``[start, end)`` of aware UTC instants."""

    start: datetime
    end: datetime

    @classmethod
    def of(cls, start: datetime, end: datetime, field: str = "interval") -> Interval:
        """Validated constructor: both ends aware, normalised to UTC, ``end`` after ``start``."""
        start = require_aware_utc(f"{field}.start", start)
        end = require_aware_utc(f"{field}.end", end)
        if end <= start:
            raise InvalidInput(f"{field}.end", "must be after start")
        return cls(start, end)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@attrs.frozen
class Blackout:
    """An absolute stretch of time when the owner cannot be booked (holiday, maintenance)."""

    start: datetime
    end: datetime
    reference: str = ""


class BusyKind(enum.Enum):
    """Where a busy interval comes from."""

    BOOKING = "booking"  # held or confirmed booking; the schedule's buffers surround it
    IMPORTED = "imported"  # an event of an imported ICS feed; reference is its UID
    BLACKOUT = "blackout"


@attrs.frozen
class BusyInterval:
    """Time already taken: ``[start, end)`` in aware UTC, with its source and a reference to it."""

    start: datetime
    end: datetime
    kind: BusyKind
    reference: str

    def __attrs_post_init__(self) -> None:
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise InvalidInput("busy.start", "busy time is given in aware instants")
        if self.end <= self.start:
            raise InvalidInput("busy.end", "must be after start")

    @classmethod
    def booking(cls, start: datetime, end: datetime, booking_id: str) -> BusyInterval:
        return cls(start, end, BusyKind.BOOKING, booking_id)

    @classmethod
    def imported(cls, start: datetime, end: datetime, uid: str) -> BusyInterval:
        return cls(start, end, BusyKind.IMPORTED, uid)
