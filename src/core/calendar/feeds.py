"""Imported ICS feeds: the CalendarFeed aggregate, fetch outcomes and the retry backoff."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from core.calendar.model import BusyInterval, require_aware_utc

SYNC_INTERVAL = timedelta(minutes=30)
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)


@attrs.frozen
class FeedFetched:
    """A fresh body with the validators the server sent (either may be ``None``)."""

    body: bytes
    etag: str | None
    last_modified: str | None


@attrs.frozen
class FeedNotModified:
    """The server confirmed the copy we hold is current (HTTP 304)."""


class FetchFailure(enum.Enum):
    """Why a fetch did not produce a body."""

    UNREACHABLE = "unreachable"  # DNS, connection refused, TLS, HTTP error status
    TIMEOUT = "timeout"  # the time budget ran out
    TOO_LARGE = "too-large"  # the body exceeded the size cap
    MALFORMED = "malformed"  # a body arrived but is not a usable calendar


@attrs.frozen
class FeedFetchFailed:
    """A fetch or parse that failed; ``detail`` is for operators, never shown verbatim to users."""

    failure: FetchFailure
    detail: str = ""


FetchOutcome = FeedFetched | FeedNotModified | FeedFetchFailed


class FeedSource(enum.Enum):
    """Where a feed's busy time comes from."""

    URL = "url"  # fetched from ``url`` again and again
    UPLOAD = "upload"  # an uploaded file, imported once; ``url`` holds the file's name


class FeedStatus(enum.Enum):
    """What an owner sees next to a feed."""

    PENDING = "pending"  # subscribed, never synced yet
    OK = "ok"  # the last sync succeeded
    FAILING = "failing"  # the last attempt failed; the previous busy set is kept, a retry is scheduled
    UPLOADED = "uploaded"  # an imported file, never fetched


def retry_backoff(consecutive_failures: int) -> timedelta:
    """Delay before the next attempt after ``n`` failures in a row: 5 min doubling, capped at 6 h."""
    if consecutive_failures <= 0:
        return SYNC_INTERVAL
    return min(FIRST_RETRY * (1 << min(consecutive_failures - 1, 16)), LONGEST_RETRY)


@attrs.define
class CalendarFeed:
    """An owner's subscription to an external ICS feed and the busy time it last yielded.

    Invariant: a failed sync never loses busy time; it records the error and schedules a retry.
    """

    feed_id: str
    owner_id: str
    url: str
    busy: tuple[BusyInterval, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    last_error: FeedFetchFailed | None = None
    consecutive_failures: int = 0
    last_synced_at: datetime | None = None
    next_attempt_at: datetime | None = None
    source: FeedSource = FeedSource.URL

    @classmethod
    def subscribe(cls, feed_id: str, owner_id: str, url: str, now: datetime) -> CalendarFeed:
        """A new feed, due for its first sync at ``now``."""
        return cls(feed_id, owner_id, url, next_attempt_at=require_aware_utc("now", now))

    @classmethod
    def uploaded(
        cls, feed_id: str, owner_id: str, name: str, busy: tuple[BusyInterval, ...], now: datetime
    ) -> CalendarFeed:
        """An uploaded file's busy time, imported once at ``now`` and never fetched."""
        now = require_aware_utc("now", now)
        return cls(feed_id, owner_id, name, busy, last_synced_at=now, source=FeedSource.UPLOAD)

    @property
    def status(self) -> FeedStatus:
        if self.source is FeedSource.UPLOAD:
            return FeedStatus.UPLOADED
        if self.last_error is not None:
            return FeedStatus.FAILING
        return FeedStatus.OK if self.last_synced_at is not None else FeedStatus.PENDING

    def is_due(self, now: datetime) -> bool:
        if self.source is FeedSource.UPLOAD:
            return False
        return self.next_attempt_at is None or self.next_attempt_at <= now

    def record_success(
        self, busy: tuple[BusyInterval, ...], etag: str | None, last_modified: str | None, now: datetime
    ) -> None:
        """Replace the busy set with a freshly parsed one and schedule the next regular sync."""
        self.busy, self.etag, self.last_modified = busy, etag, last_modified
        self._succeeded(now)

    def record_not_modified(self, now: datetime) -> None:
        """The feed is unchanged: keep everything, schedule the next regular sync."""
        self._succeeded(now)

    def record_failure(self, failure: FeedFetchFailed, now: datetime) -> None:
        """Keep the previous busy set, remember the error, retry after the backoff."""
        self.last_error = failure
        self.consecutive_failures += 1
        self.next_attempt_at = now + retry_backoff(self.consecutive_failures)

    def _succeeded(self, now: datetime) -> None:
        self.last_error = None
        self.consecutive_failures = 0
        self.last_synced_at = now
        self.next_attempt_at = now + SYNC_INTERVAL
