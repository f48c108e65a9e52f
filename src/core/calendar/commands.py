"""Calendar commands (who acts, and what they ask) and queries, imperative; the edges build them from validated
input. Every command changes something of one owner's (a profile) and is checked against its actor inside its
unit of work: only the owner, or the operator, changes a calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs

from core.calendar.export import ExportFeed
from core.calendar.feeds import CalendarFeed
from core.calendar.records import StoredSchedule
from core.calendar.schedule import Schedule
from core.shared.actor import Actor
from core.shared.commands import Answer, Command


@attrs.frozen(kw_only=True)
class ReplaceSchedule(Command[StoredSchedule]):
    """Replace the owner's schedule; ``expected_version`` is the version last read (0: none yet)."""

    actor: Actor
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


@attrs.frozen(kw_only=True)
class OwnerCommand(Command[Answer]):
    """A change to the calendar of the owner ``owner_id`` (a profile), asked by ``actor``."""

    actor: Actor
    owner_id: str


@attrs.frozen(kw_only=True)
class SubscribeFeed(OwnerCommand[CalendarFeed]):
    """Import busy time from an ICS feed at ``url`` (http, https or webcal)."""

    url: str


@attrs.frozen(kw_only=True)
class ImportFeedFile(OwnerCommand[CalendarFeed]):
    """Import busy time once from an uploaded ICS file."""

    name: str
    body: bytes


@attrs.frozen(kw_only=True)
class RemoveFeed(OwnerCommand[None]):
    """Forget one of the owner's imported feeds and its busy time."""

    feed_id: str


@attrs.frozen(kw_only=True)
class CreateExportFeed(OwnerCommand[tuple[ExportFeed, str]]):
    """Issue the owner's export feed; the answer holds its token, shown this once."""


@attrs.frozen(kw_only=True)
class RotateExportToken(OwnerCommand[tuple[ExportFeed, str]]):
    """Give the owner's export feed a new token; the old URL stops working."""


@attrs.frozen(kw_only=True)
class RevokeExportFeed(OwnerCommand[None]):
    """Stop serving the owner's export feed."""


@attrs.frozen(kw_only=True)
class SeedSchedules(Command[int]):
    """Give each schedule's owner that schedule unless it has one (demo and load-test data); the operator's alone.
    The answer is how many were written."""

    actor: Actor
    schedules: tuple[Schedule, ...]
