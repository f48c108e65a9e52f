"""One feed sync: fetch with validators, parse, and apply the outcome to the CalendarFeed."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.calendar.errors import FeedMalformed
from core.calendar.feeds import (
    CalendarFeed,
    FeedFetched,
    FeedFetchFailed,
    FeedNotModified,
    FetchFailure,
)
from core.calendar.ports import BusyParser, FeedFetcher

IMPORT_HORIZON = timedelta(days=90)


def sync_feed(feed: CalendarFeed, fetcher: FeedFetcher, parser: BusyParser, now: datetime) -> FeedFetchFailed | None:
    """Fetch ``feed``, parse busy time from now to ``now + IMPORT_HORIZON`` and record the outcome.

    Returns the failure recorded on the feed, or ``None`` on success. Never raises for a bad feed:
    a malformed or unreachable feed keeps its previous busy set and is retried after a backoff.
    """
    outcome = fetcher.fetch(feed.url, feed.etag, feed.last_modified)
    if isinstance(outcome, FeedNotModified):
        feed.record_not_modified(now)
        return None
    if isinstance(outcome, FeedFetched):
        try:
            busy = parser.parse_busy(outcome.body, now, now + IMPORT_HORIZON)
        except FeedMalformed as error:
            outcome = FeedFetchFailed(FetchFailure.MALFORMED, error.reason)
        else:
            feed.record_success(tuple(busy), outcome.etag, outcome.last_modified, now)
            return None
    feed.record_failure(outcome, now)
    return outcome
