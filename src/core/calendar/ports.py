"""Ports of the calendar context: schedules, feeds and their busy time, the fetcher, the parser."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.calendar.export import ExportFeed
from core.calendar.feeds import CalendarFeed, FetchOutcome
from core.calendar.model import BusyInterval
from core.calendar.schedule import Schedule


class ScheduleRepository(Protocol):
    """Stores one Schedule per owner (a provider service or a studio)."""

    def get(self, owner_id: str) -> Schedule:
        """Return the owner's schedule. Raises ``NotFound("schedule", owner_id)`` if none was saved."""
        ...

    def put(self, schedule: Schedule) -> None:
        """Create or replace the schedule of ``schedule.owner_id``. Idempotent for an equal schedule."""
        ...


class CalendarFeedRepository(Protocol):
    """Stores imported feeds together with the busy time of their last successful sync."""

    def get(self, feed_id: str) -> CalendarFeed:
        """Return the feed. Raises ``NotFound("calendar-feed", feed_id)``."""
        ...

    def add(self, feed: CalendarFeed) -> None:
        """Store a new feed. Raises ``AlreadyExists`` if ``feed_id`` is taken."""
        ...

    def save(self, feed: CalendarFeed) -> None:
        """Persist every field of an existing feed, busy set included (replaced as a whole).

        Raises ``NotFound`` if the feed was never added. Idempotent.
        """
        ...

    def remove(self, feed_id: str) -> None:
        """Forget the feed and its busy time. Idempotent: removing a missing feed does nothing."""
        ...

    def due(self, now: datetime, limit: int) -> Sequence[CalendarFeed]:
        """Up to ``limit`` feeds whose ``next_attempt_at`` is at or before ``now``, oldest first."""
        ...

    def for_owner(self, owner_id: str) -> Sequence[CalendarFeed]:
        """Every feed of the owner (possibly none), in ``feed_id`` order."""
        ...


class ImportedEventStore(Protocol):
    """Read side of imported busy time, as the engine consumes it."""

    def busy_between(self, owner_id: str, start: datetime, end: datetime) -> list[BusyInterval]:
        """Imported busy intervals of all the owner's feeds overlapping ``[start, end)``, by start.

        Returns an empty list for an owner without feeds. Never raises for an unknown owner.
        """
        ...


class ExportFeedRepository(Protocol):
    """Stores export feeds, looked up by owner or by the digest of their token."""

    def for_owner(self, owner_id: str) -> ExportFeed | None:
        """The owner's export feed, or ``None``."""
        ...

    def by_token_digest(self, digest: str) -> ExportFeed | None:
        """The feed whose current token has this digest (revoked feeds included), or ``None``."""
        ...

    def save(self, feed: ExportFeed) -> None:
        """Create or replace the owner's feed and its events. Idempotent."""
        ...


class FeedFetcher(Protocol):
    """Downloads an ICS feed under a size cap and a time budget."""

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        """Fetch ``url`` conditionally (If-None-Match / If-Modified-Since from the given validators).

        Returns ``FeedFetched`` with the body and new validators, ``FeedNotModified`` when the server
        says the copy is current, or ``FeedFetchFailed`` (unreachable, timeout, too large) - it never
        raises for network trouble, and never returns more bytes than the cap. Safe to retry.
        """
        ...


class BusyParser(Protocol):
    """Turns ICS bytes into busy time."""

    def parse_busy(self, ics: bytes, window_start: datetime, window_end: datetime) -> list[BusyInterval]:
        """Busy intervals (aware UTC, kind IMPORTED, reference = UID) overlapping the window, by start.

        Raises ``FeedMalformed`` (or ``FeedTooLarge``) for input that is not a usable calendar. Pure.
        """
        ...
