"""Imported feeds keep their busy time through failures; export feeds keep UIDs and bump SEQUENCE."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.calendar import BusyInterval, Interval
from core.calendar.errors import ExportTokenRevoked, FeedMalformed
from core.calendar.export import ExportFeed, ExportStatus, export_uid, token_digest
from core.calendar.feeds import (
    CalendarFeed,
    FeedFetched,
    FeedFetchFailed,
    FeedNotModified,
    FetchFailure,
    FetchOutcome,
    retry_backoff,
)
from core.calendar.sync import sync_feed
from core.shared.errors import InvalidInput

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
TOKEN = "t" * 40
EVENT = BusyInterval.imported(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), "uid-1")


class ScriptedFetcher:
    """A FeedFetcher answering from a script and remembering the validators it was sent."""

    def __init__(self, *outcomes: FetchOutcome) -> None:
        self.outcomes = list(outcomes)
        self.seen: list[tuple[str | None, str | None]] = []

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FetchOutcome:
        self.seen.append((etag, last_modified))
        return self.outcomes.pop(0)


class TableParser:
    """A BusyParser reading a tiny table format: ``ok`` yields EVENT, anything else is malformed."""

    def parse_busy(self, ics: bytes, window_start: datetime, window_end: datetime) -> list[BusyInterval]:
        if ics != b"ok":
            raise FeedMalformed("not ok")
        return [EVENT]


def test_backoff_doubles_from_five_minutes_and_is_capped() -> None:
    assert [retry_backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (5, 10, 20)]
    assert retry_backoff(40) == timedelta(hours=6)


def test_a_failed_sync_keeps_busy_time_records_the_error_and_retries_later() -> None:
    feed = CalendarFeed.subscribe("feed_1", "prf_1", "https://example.test/cal.ics", NOW)
    assert feed.is_due(NOW)
    fetcher = ScriptedFetcher(
        FeedFetched(b"ok", '"v1"', "Sun, 01 Mar 2026 10:00:00 GMT"),
        FeedFetchFailed(FetchFailure.TIMEOUT, "slow"),
        FeedFetched(b"<html>", None, None),
        FeedNotModified(),
    )
    parser = TableParser()
    assert sync_feed(feed, fetcher, parser, NOW) is None
    assert feed.busy == (EVENT,) and feed.etag == '"v1"' and feed.next_attempt_at == NOW + timedelta(minutes=30)

    later = NOW + timedelta(hours=1)
    failure = sync_feed(feed, fetcher, parser, later)
    assert failure == FeedFetchFailed(FetchFailure.TIMEOUT, "slow")
    assert feed.busy == (EVENT,) and feed.last_error == failure
    assert feed.next_attempt_at == later + timedelta(minutes=5)
    assert not feed.is_due(later + timedelta(minutes=4))

    again = later + timedelta(minutes=5)
    failure = sync_feed(feed, fetcher, parser, again)
    assert failure == FeedFetchFailed(FetchFailure.MALFORMED, "not ok")
    assert feed.busy == (EVENT,) and feed.consecutive_failures == 2
    assert feed.next_attempt_at == again + timedelta(minutes=10)

    assert sync_feed(feed, fetcher, parser, again + timedelta(minutes=10)) is None
    assert feed.last_error is None and feed.consecutive_failures == 0 and feed.busy == (EVENT,)
    assert fetcher.seen[1:] == [('"v1"', "Sun, 01 Mar 2026 10:00:00 GMT")] * 3


def _when(hours: int) -> Interval:
    return Interval.of(NOW + timedelta(hours=hours), NOW + timedelta(hours=hours + 1))


def test_export_events_keep_their_uid_bump_sequence_and_stay_when_cancelled() -> None:
    feed = ExportFeed.issue("prf_1", TOKEN, NOW)
    assert feed.record_booking("bkg_1", _when(5), "Shoot", confirmed=False, now=NOW) is None
    first = feed.record_booking("bkg_1", _when(5), "Shoot", confirmed=True, now=NOW)
    assert first is not None and first.uid == export_uid("bkg_1") and first.sequence == 0
    assert feed.record_booking("bkg_1", _when(5), "Shoot", confirmed=True, now=NOW) == first  # idempotent
    moved = feed.record_booking("bkg_1", _when(7), "Shoot", confirmed=True, now=NOW + timedelta(hours=1))
    assert moved is not None and moved.uid == first.uid and moved.sequence == 1
    cancelled = feed.record_booking("bkg_1", _when(7), "Shoot", confirmed=False, now=NOW + timedelta(hours=2))
    assert cancelled is not None and cancelled.status is ExportStatus.CANCELLED and cancelled.sequence == 2
    assert feed.feed_events() == [cancelled]


def test_export_tokens_are_stored_hashed_compared_safely_rotated_and_revoked() -> None:
    feed = ExportFeed.issue("prf_1", TOKEN, NOW)
    assert feed.token_digest == token_digest(TOKEN) and TOKEN not in repr(feed)
    assert feed.accepts(TOKEN) and not feed.accepts("x" * 40)
    feed.rotate("n" * 40, NOW)
    assert not feed.accepts(TOKEN) and feed.accepts("n" * 40)
    feed.revoke(NOW)
    feed.revoke(NOW + timedelta(days=1))
    assert feed.revoked_at == NOW and not feed.accepts("n" * 40)
    with pytest.raises(ExportTokenRevoked):
        feed.require_active()
    with pytest.raises(InvalidInput) as caught:
        ExportFeed.issue("prf_1", "short", NOW)
    assert caught.value.field == "token"
