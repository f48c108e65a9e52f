"""Calendar commands and queries, imperative; the edges build them from validated input."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs

from core.calendar.schedule import Schedule


@attrs.frozen
class ReplaceSchedule:
    """Replace the owner's schedule; ``expected_version`` is the version last read (0: none yet)."""

    schedule: Schedule
    expected_version: int


@attrs.frozen
class QueryAvailability:
    """Bookable slots of ``days`` local dates from ``from_date`` (default: today in the owner's zone).

    ``duration`` defaults to the schedule's minimum duration.
    """

    owner_id: str
    from_date: date | None = None
    days: int = 14
    duration: timedelta | None = None


@attrs.frozen
class ExplainInterval:
    """Why ``[start, end)`` cannot be booked with the owner."""

    owner_id: str
    start: datetime
    end: datetime


@attrs.frozen
class SubscribeFeed:
    """Import busy time from an ICS feed at ``url`` (http, https or webcal)."""

    owner_id: str
    url: str


@attrs.frozen
class ImportFeedFile:
    """Import busy time once from an uploaded ICS file."""

    owner_id: str
    name: str
    body: bytes
