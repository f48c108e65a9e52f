"""End to end: a local HTTP server serves corpus feeds; sync stores busy time in SQL and slots follow it.

Fresh feed -> busy time removes slots; unchanged feed -> 304 with the stored ETag; changed feed -> new busy
set; malformed feed -> the previous busy set stays and the error is recorded. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import Engine

from adapters.ics.addresses import ResolvingFeedAddressPolicy
from adapters.ics.fetch import HttpFeedFetcher
from adapters.ics.parse import IcsBusyParser
from adapters.memory.calendar import no_bookings_yet
from adapters.memory.clock import FixedClock, SequentialIds
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from core.calendar import Schedule, WeeklyRule
from core.calendar.commands import QueryAvailability, ReplaceSchedule, SubscribeFeed
from core.calendar.feed_handlers import list_feeds, subscribe_feed, sync_due_feeds
from core.calendar.feeds import FeedStatus, FetchFailure
from core.calendar.handlers import availability, replace_schedule
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role
from core.profiles.visibility import OPERATOR
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration

CORPUS = Path(__file__).parents[1] / "fixtures" / "ics"
OWNER = "prf_sync_owner"
NOW = datetime(2025, 3, 9, 12, tzinfo=UTC)
DAY = date(2025, 3, 10)  # simple_utc.ics: busy 14:00-15:30 UTC that day
MOVED = (
    (CORPUS / "simple_utc.ics")
    .read_bytes()
    .replace(b"20250310T140000Z", b"20250310T100000Z")
    .replace(b"20250310T153000Z", b"20250310T110000Z")
)


class FeedServer(BaseHTTPRequestHandler):
    """Serves ``body`` at /feed.ics with ``etag``; answers 304 to a matching If-None-Match."""

    body: ClassVar[bytes] = b""
    etag: ClassVar[str] = ""
    conditional: ClassVar[list[str | None]] = []

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        FeedServer.conditional.append(self.headers.get("If-None-Match"))
        if self.headers.get("If-None-Match") == FeedServer.etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(FeedServer.body)))
        self.send_header("ETag", FeedServer.etag)
        self.end_headers()
        self.wfile.write(FeedServer.body)


@pytest.fixture(scope="module")
def feed_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.ics"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        yield from sqlite_engine(tmp_path)
        return
    url = request.getfixturevalue("pg_url")
    upgrade(url)
    pg = create_database_engine(url)
    truncate_all(pg)
    yield pg
    pg.dispose()


def _hours(new_uow: partial[SqlAlchemyCalendarUnitOfWork], clock: FixedClock) -> list[int]:
    found = availability(QueryAvailability(OWNER, DAY, 1), OPERATOR, new_uow(), clock)
    return [slot.start.hour for slot in found.slots]


def test_sync_follows_the_feed_through_304_changes_and_a_malformed_body(engine: Engine, feed_url: str) -> None:
    new_uow = partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet)
    clock, ids, fetcher = FixedClock(NOW), SequentialIds(), HttpFeedFetcher(timeout=5, allow_private=True)
    fields = ProfileFields.validated(kind=ProfileKind.PROVIDER, display_name="Sync Owner", roles=(Role.PHOTOGRAPHER,))
    with new_uow() as uow:
        uow.profiles.add(ProfileDraft.new(profile_id=OWNER, kind=ProfileKind.PROVIDER, slug="sync-owner",
                                          fields=fields, now=NOW))  # fmt: skip
        uow.commit()
    rules = [WeeklyRule(d, time(9), time(17)) for d in range(7)]
    schedule = Schedule(OWNER, "UTC", rules, min_duration=timedelta(hours=1), granularity=timedelta(hours=1),
                        min_notice=timedelta(0))  # fmt: skip
    replace_schedule(ReplaceSchedule(actor=OPERATOR, schedule=schedule, expected_version=0), new_uow(), clock)
    assert _hours(new_uow, clock) == list(range(9, 17))

    FeedServer.body, FeedServer.etag, FeedServer.conditional = (CORPUS / "simple_utc.ics").read_bytes(), '"v1"', []
    feed = subscribe_feed(SubscribeFeed(actor=OPERATOR, owner_id=OWNER, url=feed_url), new_uow(), clock, ids, fetcher,
                          IcsBusyParser, ResolvingFeedAddressPolicy(allow_private=True))  # fmt: skip
    assert feed.status is FeedStatus.OK and _hours(new_uow, clock) == [9, 10, 11, 12, 13, 16]

    clock.advance(timedelta(minutes=31))
    assert [r.failure for r in sync_due_feeds(new_uow(), clock, fetcher, IcsBusyParser)] == [None]
    assert FeedServer.conditional == [None, '"v1"'] and _hours(new_uow, clock) == [9, 10, 11, 12, 13, 16]

    FeedServer.body, FeedServer.etag = MOVED, '"v2"'
    clock.advance(timedelta(minutes=31))
    assert [r.failure for r in sync_due_feeds(new_uow(), clock, fetcher, IcsBusyParser)] == [None]
    assert _hours(new_uow, clock) == [9, 11, 12, 13, 14, 15, 16]

    FeedServer.body, FeedServer.etag = (CORPUS / "malformed_garbage.ics").read_bytes(), '"v3"'
    clock.advance(timedelta(minutes=31))
    (result,) = sync_due_feeds(new_uow(), clock, fetcher, IcsBusyParser)
    assert result.failure is not None and result.failure.failure is FetchFailure.MALFORMED
    assert _hours(new_uow, clock) == [9, 11, 12, 13, 14, 15, 16]  # nothing lost
    (stored,) = list_feeds(OWNER, OPERATOR, new_uow())
    assert (
        stored.status is FeedStatus.FAILING and stored.etag == '"v2"' and len(stored.busy) == 2
    )  # both events are within 90 days
    assert stored.next_attempt_at == clock.now() + timedelta(minutes=5)
    assert sync_due_feeds(new_uow(), clock, fetcher, IcsBusyParser) == []  # retried later, not now
