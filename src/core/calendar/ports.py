"""Ports of the calendar context: schedules, feeds and their busy time, bookings, the index, fetch and parse."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from core.calendar.errors import ScheduleUnreadable
from core.calendar.export import ExportFeed
from core.calendar.feed_urls import FeedTarget
from core.calendar.feeds import CalendarFeed, FetchOutcome
from core.calendar.model import BusyInterval, Interval
from core.calendar.records import IndexedAvailability, StoredSchedule
from core.calendar.timeline import Span
from core.profiles.model import ProfileDraft
from core.shared.unit_of_work import UnitOfWork


class ScheduleRepository(Protocol):
    """Stores one versioned Schedule per owner (a profile: a provider or a studio)."""

    def get(self, owner_id: str) -> StoredSchedule:
        """Return the owner's schedule. Raises ``NotFound("schedule", owner_id)`` if none was saved and
        ``ScheduleUnreadable`` if the stored one breaks the schedule's rules (stored before they existed)."""
        ...

    def save(self, stored: StoredSchedule, expected_version: int) -> None:
        """Create or replace the owner's schedule only if the stored version is ``expected_version``
        (0: nothing stored yet). Raises ``VersionConflict`` carrying the current version (0 if none)
        otherwise; the check and the write are one atomic step."""
        ...

    def get_many(self, owner_ids: Sequence[str]) -> dict[str, StoredSchedule | ScheduleUnreadable]:
        """The schedules of ``owner_ids`` by owner, in one read; an owner with none is left out, and a stored
        schedule that cannot be read stands as the ``ScheduleUnreadable`` that ``get`` raises."""
        ...

    def page(self, after: str | None, limit: int) -> list[StoredSchedule | ScheduleUnreadable]:
        """Up to ``limit`` schedules with owner id > ``after``, ordered by owner id (keyset paging). A stored
        schedule that cannot be read stands in the page as the ``ScheduleUnreadable`` that ``get`` raises,
        so one bad row neither hides nor stops the others."""
        ...


class CalendarFeedRepository(Protocol):
    """Stores imported feeds together with the busy time of their last successful sync."""

    def get(self, feed_id: str) -> CalendarFeed:
        """Return the feed. Raises ``NotFound("calendar feed", feed_id)``."""
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
        """Up to ``limit`` URL feeds whose ``next_attempt_at`` is at or before ``now``, earliest first
        (uploaded files are never due)."""
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

    def busy_of_owners(self, owner_ids: Sequence[str], start: datetime, end: datetime) -> dict[str, list[BusyInterval]]:
        """``busy_between`` for many owners in one go; owners without busy time may be missing."""
        ...

    def busy_seconds_of_owners(self, owner_ids: Sequence[str], start: datetime, end: datetime) -> dict[str, list[Span]]:
        """``busy_of_owners`` as whole epoch seconds, ``(floor(start), ceil(end))`` per interval, in no set order
        (the engine sorts them): read without an object per event (the index refresh reads 600,000 at a time).
        Owners without busy time may be missing. Read-only."""
        ...


class BookedTime(Protocol):
    """Held and confirmed bookings of an owner, as busy time (the booking context answers it)."""

    def busy_for(self, owner_id: str, window: Interval) -> list[BusyInterval]:
        """Busy intervals of kind BOOKING (reference = booking id) overlapping ``window``, by start.

        The booking's own time only: the engine adds the schedule's buffers. Empty for an owner without
        bookings; never raises for an unknown owner. Read-only.
        """
        ...


@runtime_checkable
class BookedTimeInBulk(BookedTime, Protocol):
    """A ``BookedTime`` that can also answer for many owners at once (the index refresh uses it if offered)."""

    def busy_of_owners(self, owner_ids: Sequence[str], window: Interval) -> dict[str, list[BusyInterval]]:
        """``busy_for`` of every owner in one go; owners without bookings may be missing. Read-only."""
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


class AvailabilityIndex(Protocol):
    """The per-profile availability summary search reads (one row per profile)."""

    def put(self, entry: IndexedAvailability) -> None:
        """Create or replace the profile's row. Idempotent."""
        ...

    def put_many(self, entries: Sequence[IndexedAvailability]) -> None:
        """``put`` for many rows at once (a full refresh writes a page at a time). Idempotent."""
        ...

    def get(self, profile_id: str) -> IndexedAvailability | None:
        """The profile's row, or ``None`` if it was never indexed (or was removed)."""
        ...

    def get_many(self, profile_ids: Sequence[str]) -> dict[str, IndexedAvailability]:
        """``get`` for many profiles at once: the rows there are, by profile id (an id without one is no key)."""
        ...

    def remove(self, profile_id: str) -> None:
        """Drop the profile's row. Idempotent."""
        ...


class ProfileReader(Protocol):
    """The one question the calendar asks the profiles context: does this owner exist?"""

    def get(self, profile_id: str) -> ProfileDraft:
        """Return the profile. Raises ``NotFound("profile", profile_id)``."""
        ...


class FeedFetcher(Protocol):
    """Downloads an ICS feed under a size cap and a time budget."""

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        """Fetch ``url`` conditionally (If-None-Match / If-Modified-Since from the given validators).

        Returns ``FeedFetched`` with the body and new validators, ``FeedNotModified`` when the server
        says the copy is current, or ``FeedFetchFailed`` (unreachable, timeout, too large) - it never
        raises for network trouble, and never returns more bytes than the cap. Safe to retry.

        Unless the adapter is configured to allow private addresses, a URL (or redirect) whose host is or
        resolves to any non-public address, or that holds credentials, fails as ``UNREACHABLE`` with a detail
        starting ``refused:`` without a connection being opened; details never hold URL credentials.
        """
        ...


class FeedAddressPolicy(Protocol):
    """Decides, before a feed is stored, whether its host could ever be fetched (the resolving half of the
    address check; the syntax half is ``core.calendar.feed_urls``)."""

    def refusal(self, target: FeedTarget) -> str | None:
        """Why ``target`` would never be fetched - its host is, or resolves to, a non-public address (any
        one of them) - or ``None``. A name that does not resolve now is not refused (the fetch records that).
        Never raises for network trouble; reads only, safe to retry."""
        ...


class BusyParser(Protocol):
    """Turns ICS bytes into busy time."""

    def parse_busy(self, ics: bytes, window_start: datetime, window_end: datetime) -> list[BusyInterval]:
        """Busy intervals (aware UTC, kind IMPORTED, reference = UID) overlapping the window, by start.

        Raises ``FeedMalformed`` (or ``FeedTooLarge``) for input that is not a usable calendar. Pure.
        """
        ...


BusyParserForZone = Callable[[str], BusyParser]  # a parser reading floating and all-day times in a zone


class ExportTokens(Protocol):
    """Unguessable tokens for export-feed URLs."""

    def new_token(self, nbytes: int) -> str:
        """A fresh URL-safe token of ``nbytes`` random bytes (>= 16); never the same twice."""
        ...


class CalendarUnitOfWork(UnitOfWork, Protocol):
    """The unit of work the calendar handlers run in: one transaction over every calendar store."""

    profiles: ProfileReader
    schedules: ScheduleRepository
    feeds: CalendarFeedRepository
    imported: ImportedEventStore
    exports: ExportFeedRepository
    index: AvailabilityIndex
    booked: BookedTime

    def sibling(self) -> CalendarUnitOfWork:
        """A new unit of work over the same store and stores as this one but sharing none of its state (its own
        connection and transaction), for another thread: the full index refresh reads pages ahead in one while it
        writes in this one. Opens nothing until entered."""
        ...
