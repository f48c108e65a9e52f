"""Calendar handlers on the in-memory stores: schedules, availability, explain, feeds, export, the index."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from tests.unit.calendar.calendar_world import MONDAY, OWNER, LineParser, ScriptedFetcher, Tokens, World, la_days

from adapters.memory.calendar import InMemoryCalendarUnitOfWork
from adapters.memory.feed_addresses import InMemoryFeedAddressPolicy
from adapters.sqlalchemy.calendar_preview import CalendarAvailabilityPreview
from core.calendar import Interval, index_handlers
from core.calendar.commands import (
    CreateExportFeed,
    ExplainInterval,
    ImportFeedFile,
    QueryAvailability,
    RemoveFeed,
    RevokeExportFeed,
    RotateExportToken,
    SubscribeFeed,
)
from core.calendar.errors import FeedMalformed
from core.calendar.export_handlers import (
    create_export_feed,
    export_feed_for_token,
    record_booking_for_export,
    revoke_export_feed,
    rotate_export_token,
)
from core.calendar.feed_handlers import import_feed_file, list_feeds, remove_feed, subscribe_feed, sync_due_feeds
from core.calendar.feeds import CalendarFeed, FeedFetched, FeedFetchFailed, FeedNotModified, FeedStatus, FetchFailure
from core.calendar.handlers import availability, explain_interval, get_schedule, preview_14_days
from core.calendar.index_handlers import refresh_all_availability
from core.calendar.records import IndexedAvailability
from core.profiles.visibility import OPERATOR
from core.shared.errors import AlreadyExists, InvalidInput, NotFound, VersionConflict

TUESDAY = date(2026, 11, 24)


@pytest.fixture
def world() -> World:
    return World()


def starts(world: World, day: date = TUESDAY) -> list[int]:
    found = availability(QueryAvailability(OWNER, day, 1), OPERATOR, world.uow(), world.clock)
    return [found.local(slot.start).hour for slot in found.slots]


def test_replacing_a_schedule_checks_the_version_and_refreshes_the_index(world: World) -> None:
    stored = world.replace(la_days())
    assert stored.version == 1 and get_schedule(OWNER, OPERATOR, world.uow()) == stored
    with world.uow() as uow:
        row = uow.index.get(OWNER)
    assert row is not None and row.from_date == date(2026, 11, 23) and row.bookable_minutes[0] == 8 * 60
    with pytest.raises(VersionConflict) as stale:
        world.replace(la_days())
    assert stale.value.current == 1
    with pytest.raises(NotFound):
        world.replace(la_days("prf_nobody"))
    with pytest.raises(InvalidInput):
        world.replace(la_days(), -1)


def test_availability_is_local_and_explain_names_the_imported_event(world: World) -> None:
    world.replace(la_days())
    assert starts(world) == list(range(9, 17))
    import_feed_file(
        ImportFeedFile(actor=OPERATOR, owner_id=OWNER, name="dentist.ics", body=b"dentist 35 2"),
        world.uow(),
        world.clock,
        world.ids,
        LineParser,
    )
    assert starts(world) == [9, 10, 13, 14, 15, 16]  # Tue 11:00-13:00 local is 35 h after Mon 00:00 local
    eleven = MONDAY + timedelta(hours=35)
    reasons = explain_interval(
        ExplainInterval(OWNER, eleven, eleven + timedelta(hours=1)), OPERATOR, world.uow(), world.clock
    )
    assert [(r.code, getattr(r, "uid", None)) for r in reasons] == [("imported-event", "dentist")]
    assert explain_interval(ExplainInterval(OWNER, eleven - timedelta(hours=2), eleven - timedelta(hours=1)), OPERATOR,
                            world.uow(), world.clock) == []  # fmt: skip
    assert len(preview_14_days(OWNER, world.uow(), world.clock).days) == 14
    with world.uow() as uow:
        row = uow.index.get(OWNER)
    assert row is not None and row.bookable_minutes[1] == 6 * 60
    with pytest.raises(NotFound):
        availability(QueryAvailability("prf_nobody"), OPERATOR, world.uow(), world.clock)
    with pytest.raises(InvalidInput) as bad:
        availability(QueryAvailability(OWNER, days=100), OPERATOR, world.uow(), world.clock)
    assert bad.value.field == "days"


def test_a_feed_is_synced_on_subscription_keeps_busy_time_through_failures_and_can_be_removed(world: World) -> None:
    world.replace(la_days())
    fetcher = ScriptedFetcher(
        FeedFetched(b"meeting 33 1", '"v1"', None),
        FeedFetchFailed(FetchFailure.TIMEOUT, "slow"),
        FeedFetched(b"bad", None, None),
        FeedNotModified(),
        FeedFetched(b"meeting 34 1", '"v2"', None),
    )
    public = InMemoryFeedAddressPolicy({"cal.example": ["93.184.216.34"]})
    command = SubscribeFeed(actor=OPERATOR, owner_id=OWNER, url="https://cal.example/a.ics")
    feed = subscribe_feed(command, world.uow(), world.clock, world.ids, fetcher, LineParser, public)
    assert feed.status is FeedStatus.OK and 9 not in starts(world)
    for expected in (FetchFailure.TIMEOUT, FetchFailure.MALFORMED):
        world.clock.advance(timedelta(hours=1))
        (result,) = sync_due_feeds(world.uow(), world.clock, fetcher, LineParser)
        assert result.failure is not None and result.failure.failure is expected
        assert 9 not in starts(world)  # the previous busy set is kept
    (listed,) = list_feeds(OWNER, OPERATOR, world.uow())
    assert listed.status is FeedStatus.FAILING and listed.last_error == FeedFetchFailed(FetchFailure.MALFORMED, "bad")
    world.clock.advance(timedelta(hours=1))
    assert [r.failure for r in sync_due_feeds(world.uow(), world.clock, fetcher, LineParser)] == [None]
    assert sync_due_feeds(world.uow(), world.clock, fetcher, LineParser) == []  # nothing due any more
    world.clock.advance(timedelta(hours=1))
    sync_due_feeds(world.uow(), world.clock, fetcher, LineParser)
    assert starts(world) == [9, 11, 12, 13, 14, 15, 16]
    with pytest.raises(NotFound):
        remove_feed(RemoveFeed(actor=OPERATOR, owner_id="prf_other", feed_id=feed.feed_id), world.uow())
    remove_feed(RemoveFeed(actor=OPERATOR, owner_id=OWNER, feed_id=feed.feed_id), world.uow())
    assert starts(world) == list(range(9, 17)) and list_feeds(OWNER, OPERATOR, world.uow()) == []


def test_bad_feed_input_is_refused_with_the_field(world: World) -> None:
    with pytest.raises(InvalidInput) as bad_url:
        subscribe_feed(SubscribeFeed(actor=OPERATOR, owner_id=OWNER, url="ftp://x/y.ics"), world.uow(), world.clock,
                       world.ids, ScriptedFetcher(), LineParser, InMemoryFeedAddressPolicy())  # fmt: skip
    assert bad_url.value.field == "url"
    with pytest.raises(FeedMalformed):
        import_feed_file(
            ImportFeedFile(actor=OPERATOR, owner_id=OWNER, name="x.ics", body=b"bad"),
            world.uow(),
            world.clock,
            world.ids,
            LineParser,
        )
    assert list_feeds(OWNER, OPERATOR, world.uow()) == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://user:hunter2@cal.example/a.ics", "must not hold a user name or password"),
        ("http://127.0.0.%31/a.ics", "the host is a loopback address (127.0.0.1)"),
        ("http://inside.example/a.ics", "inside.example resolves to a private address (10.0.0.7)"),
        ("http://mixed.example/a.ics", "mixed.example resolves to a link-local address (169.254.169.254)"),
    ],
)
def test_a_feed_url_that_would_never_be_fetched_is_refused_before_anything_is_stored(
    world: World, url: str, reason: str
) -> None:
    policy = InMemoryFeedAddressPolicy(
        {"inside.example": ["10.0.0.7"], "mixed.example": ["8.8.8.8", "169.254.169.254"]}
    )
    fetcher = ScriptedFetcher()  # no outcome scripted: a fetch would fail the test
    with pytest.raises(InvalidInput) as refused:
        subscribe_feed(
            SubscribeFeed(actor=OPERATOR, owner_id=OWNER, url=url),
            world.uow(),
            world.clock,
            world.ids,
            fetcher,
            LineParser,
            policy,
        )
    assert refused.value.field == "url" and refused.value.reason.startswith(reason)
    assert "hunter2" not in str(refused.value) and list_feeds(OWNER, OPERATOR, world.uow()) == []


def test_synced_results_name_the_feed_url_without_credentials(world: World) -> None:
    """Older rows may hold credentials; what the sync reports (and the CLI prints) never shows them."""
    from core.calendar.feeds import CalendarFeed

    with world.uow() as uow:
        uow.feeds.add(CalendarFeed.subscribe("calfeed_old", OWNER, "https://me:hunter2@cal.example/a.ics", MONDAY))
        uow.commit()
    fetcher = ScriptedFetcher(FeedFetchFailed(FetchFailure.UNREACHABLE, "refused: the URL must not hold a user name"))
    (result,) = sync_due_feeds(world.uow(), world.clock, fetcher, LineParser)
    assert result.url == "https://cal.example/a.ics" and result.failure is not None


def test_export_feed_is_issued_once_rotated_revoked_and_collects_bookings_before_issue(world: World) -> None:
    tokens = Tokens()
    when = Interval(MONDAY + timedelta(days=2), MONDAY + timedelta(days=2, hours=1))
    record_booking_for_export(OWNER, "bkg_1", when, "Portrait", True, world.uow(), world.clock)
    with pytest.raises(NotFound):
        rotate_export_token(RotateExportToken(actor=OPERATOR, owner_id=OWNER), world.uow(), world.clock, tokens)
    _feed, token = create_export_feed(
        CreateExportFeed(actor=OPERATOR, owner_id=OWNER), world.uow(), world.clock, tokens
    )
    assert [e.booking_id for e in export_feed_for_token(token, world.uow()).feed_events()] == ["bkg_1"]
    with pytest.raises(AlreadyExists):
        create_export_feed(CreateExportFeed(actor=OPERATOR, owner_id=OWNER), world.uow(), world.clock, tokens)
    _feed, rotated = rotate_export_token(
        RotateExportToken(actor=OPERATOR, owner_id=OWNER), world.uow(), world.clock, tokens
    )
    with pytest.raises(NotFound):
        export_feed_for_token(token, world.uow())
    revoke_export_feed(RevokeExportFeed(actor=OPERATOR, owner_id=OWNER), world.uow(), world.clock)
    with pytest.raises(NotFound):
        export_feed_for_token(rotated, world.uow())
    _again, fresh = create_export_feed(
        CreateExportFeed(actor=OPERATOR, owner_id=OWNER), world.uow(), world.clock, tokens
    )
    assert export_feed_for_token(fresh, world.uow()).events.keys() == {"bkg_1"}
    with pytest.raises(NotFound):
        create_export_feed(CreateExportFeed(actor=OPERATOR, owner_id="prf_nobody"), world.uow(), world.clock, tokens)


def test_refresh_all_reads_pages_ahead_and_writes_each_row_as_one_refresh_would(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_handlers, "PAGE", 2)  # five profiles: three pages read ahead of their writes
    owners = [f"prf_paged_{n}" for n in range(5)]
    for owner in owners:
        world.add_profile(owner)
        world.replace(la_days(owner))
    world.clock.advance(timedelta(days=1))
    pages: list[list[str]] = []
    told: list[int] = []
    done = refresh_all_availability(
        world.uow(), world.clock, progress=told.append, written=lambda rows: pages.append([r.profile_id for r in rows])
    )
    assert done == index_handlers.Reindexed(5, ()) and told == [2, 2, 1]
    assert pages == [owners[:2], owners[2:4], owners[4:]]
    with world.uow() as uow:
        paged = uow.index.get_many(owners)
    assert [index_handlers.refresh_availability(owner, world.uow(), world.clock) for owner in owners] == [
        paged[owner] for owner in owners
    ]


def test_a_refresh_stopped_by_an_error_ends_its_reader_threads(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_handlers, "PAGE", 1)
    for n in range(6):
        world.add_profile(f"prf_stop_{n}")
        world.replace(la_days(f"prf_stop_{n}"))

    def refused(rows: list[IndexedAvailability]) -> None:
        raise LookupError("search is down")

    with pytest.raises(LookupError):
        refresh_all_availability(world.uow(), world.clock, written=refused)
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("availability-")]


def test_refresh_all_indexes_every_schedule_and_the_public_preview_reads_the_engine(world: World) -> None:
    for n in range(3):
        world.add_profile(f"prf_many_{n}")
        world.replace(la_days(f"prf_many_{n}"))
    world.clock.advance(timedelta(days=1))
    assert refresh_all_availability(world.uow(), world.clock).indexed == 3
    with world.uow() as uow:
        rows = [uow.index.get(f"prf_many_{n}") for n in range(3)]
    assert all(row is not None and row.from_date == TUESDAY for row in rows)
    preview = CalendarAvailabilityPreview(world.uow)
    days = preview.next_days("prf_many_0", 14, world.clock.now())
    assert days is not None and len(days) == 14 and days[0].open_slots == 8
    assert preview.next_days(OWNER, 14, world.clock.now()) is None  # no schedule: unknown, not "fully booked"


class BrokenForOneUrl:
    """A fetcher that crashes (as an adapter bug would) for one URL and serves a feed for the others."""

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> FeedFetched:
        if "boom" in url:
            raise RuntimeError("adapter bug")
        return FeedFetched(b"meeting 33 1", None, None)


def test_sync_reports_a_feed_that_crashes_and_goes_on_with_the_others(world: World) -> None:
    world.replace(la_days())
    fetcher = BrokenForOneUrl()
    with world.uow() as uow:
        for n, url in enumerate(["https://a.example/boom.ics", "https://b.example/ok.ics"]):
            uow.feeds.add(CalendarFeed.subscribe(f"calfeed_{n}", OWNER, url, world.clock.now()))
        uow.commit()
    broken, synced = sync_due_feeds(world.uow(), world.clock, fetcher, LineParser)
    assert not broken.ok and broken.error == "RuntimeError: adapter bug" and broken.failure is None
    assert synced.ok and 9 not in starts(world)  # the second feed's busy time arrived


def test_refresh_rows_refreshes_many_owners_in_one_unit_and_one_failing_row_keeps_its_own(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    owners = [f"prf_batch_{n}" for n in range(3)]
    for owner in owners:
        world.add_profile(owner)
        world.replace(la_days(owner))
    with world.uow() as uow:
        kept = uow.index.get(owners[1])
    world.clock.advance(timedelta(days=1))
    computed = index_handlers.availability_summary

    def fails_for_the_middle_one(schedule, *args, **kwargs):  # type: ignore[no-untyped-def]
        if schedule.owner_id == owners[1]:
            raise ArithmeticError("the engine choked")
        return computed(schedule, *args, **kwargs)

    monkeypatch.setattr(index_handlers, "availability_summary", fails_for_the_middle_one)
    told: list[list[object]] = []
    unit = InMemoryCalendarUnitOfWork(world.database, after_commit=lambda events, outbound: told.append([*outbound]))
    done = index_handlers.refresh_rows([*owners, "prf_without_schedule", owners[0]], unit, world.clock)
    assert list(done.failed) == [owners[1]] and isinstance(done.failed[owners[1]], ArithmeticError)
    assert set(done.rows) == {owners[0], owners[2], "prf_without_schedule"}
    assert done.rows["prf_without_schedule"] is None
    assert len(told) == 1  # one commit: every owner whose row changed is told of in it, once
    changed = sorted(message.event.owner_id for message in told[0])  # type: ignore[attr-defined]
    assert changed == sorted([owners[0], owners[2], "prf_without_schedule"])
    monkeypatch.setattr(index_handlers, "availability_summary", computed)
    with world.uow() as uow:
        rows = uow.index.get_many(owners)
    assert rows[owners[1]] == kept  # the failing owner's row stays as it was
    assert rows[owners[0]] == done.rows[owners[0]] and rows[owners[0]] is not None
    assert rows[owners[0]].from_date == kept.from_date + timedelta(days=1)  # type: ignore[union-attr]
    assert [index_handlers.refresh_availability(o, world.uow(), world.clock) for o in (owners[0], owners[2])] == [
        rows[owners[0]],
        rows[owners[2]],
    ]
