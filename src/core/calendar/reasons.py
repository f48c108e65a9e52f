"""Why an interval cannot be booked: one typed reason per rule, exception, buffer or busy source."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import ClassVar

import attrs


@attrs.frozen
class _OnLocalDate:
    """A reason about one local date of the owner's calendar."""

    local_date: date


@attrs.frozen
class OutsideHours(_OnLocalDate):
    """Part of the interval on ``local_date`` lies outside every rule window."""

    code: ClassVar[str] = "outside-hours"


@attrs.frozen
class ClosedByException(_OnLocalDate):
    """``local_date`` is closed all day by a date exception."""

    code: ClassVar[str] = "closed-by-exception"


@attrs.frozen
class HoursChangedByException(_OnLocalDate):
    """The weekly rules would allow it, but a date exception changed the hours of ``local_date``."""

    code: ClassVar[str] = "hours-changed-by-exception"


@attrs.frozen
class _AroundBooking:
    """A reason naming the booking ``booking_id`` in the way, over ``[start, end)``."""

    booking_id: str
    start: datetime
    end: datetime


@attrs.frozen
class BookingConflict(_AroundBooking):
    """The interval overlaps booking ``booking_id``."""

    code: ClassVar[str] = "booking"


@attrs.frozen
class BufferConflict(_AroundBooking):
    """The interval or its buffers overlap the buffers around booking ``booking_id``."""

    code: ClassVar[str] = "booking-buffer"


@attrs.frozen
class ImportedEventConflict:
    """The interval (or, if ``within_buffer``, only its buffers) overlaps imported event ``uid``."""

    code: ClassVar[str] = "imported-event"
    uid: str
    start: datetime
    end: datetime
    within_buffer: bool


@attrs.frozen
class BlackoutConflict:
    """The interval (or, if ``within_buffer``, only its buffers) overlaps a blackout."""

    code: ClassVar[str] = "blackout"
    reference: str
    start: datetime
    end: datetime
    within_buffer: bool


@attrs.frozen
class InsideMinimumNotice:
    """The start is sooner than the minimum notice allows; ``earliest_start`` is the first allowed."""

    code: ClassVar[str] = "minimum-notice"
    earliest_start: datetime


@attrs.frozen
class BeyondBookingWindow:
    """The start is further ahead than the booking window; ``latest_start`` is the last allowed."""

    code: ClassVar[str] = "beyond-booking-window"
    latest_start: datetime


@attrs.frozen
class ShorterThanMinimum:
    """The interval is shorter than the schedule's ``min_duration``."""

    code: ClassVar[str] = "shorter-than-minimum"
    min_duration: timedelta


@attrs.frozen
class OffSlotGrid:
    """The start is not on the local wall-clock grid of ``granularity`` (e.g. 10:07 for 15 minutes)."""

    code: ClassVar[str] = "off-slot-grid"
    granularity: timedelta


Reason = (
    OutsideHours
    | ClosedByException
    | HoursChangedByException
    | BookingConflict
    | BufferConflict
    | ImportedEventConflict
    | BlackoutConflict
    | InsideMinimumNotice
    | BeyondBookingWindow
    | ShorterThanMinimum
    | OffSlotGrid
)
