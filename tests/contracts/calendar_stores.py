"""The contract every calendar store keeps (schedules, feeds + imported busy time, export feeds, the index).

Subclass and provide ``new_uow``: a callable returning a fresh ``CalendarUnitOfWork`` over one shared,
initially empty store. The in-memory twin runs it in tests/unit/calendar, SQLAlchemy in tests/integration.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import attrs
import pytest

from core.calendar import Blackout, BusyInterval, DateException, Interval, Schedule, TimeWindow, WeeklyRule
from core.calendar.export import ExportFeed
from core.calendar.feeds import CalendarFeed, FeedFetchFailed, FetchFailure
from core.calendar.ports import CalendarUnitOfWork
from core.calendar.records import IndexedAvailability, StoredSchedule
from core.calendar.timeline import ceil_seconds, floor_seconds
from core.shared.errors import AlreadyExists, NotFound, VersionConflict

NOW = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
NewUow = Callable[[], CalendarUnitOfWork]


def full_schedule(owner_id: str = "prf_cal_1") -> Schedule:
    return Schedule(
        owner_id,
        "America/Los_Angeles",
        [WeeklyRule(0, time(9), time(12)), WeeklyRule(0, time(13), time(17)), WeeklyRule(5, time(22), time(0))],
        [
            DateException.closed(date(2026, 12, 25)),
            DateException.changed(date(2026, 12, 24), TimeWindow(time(9), time(11, 30))),
        ],
        [Blackout(NOW + timedelta(days=3), NOW + timedelta(days=4), "holiday")],
        buffer_before=timedelta(minutes=10),
        buffer_after=timedelta(minutes=20),
        min_duration=timedelta(minutes=45),
        granularity=timedelta(minutes=15),
        min_notice=timedelta(hours=2),
        booking_window=timedelta(days=30),
    )  # fmt: skip


def busy(hours: int, uid: str, length: int = 1) -> BusyInterval:
    return BusyInterval.imported(NOW + timedelta(hours=hours), NOW + timedelta(hours=hours + length), uid)


class CalendarStoresContract:
    @pytest.fixture
    def new_uow(self) -> NewUow:
        raise NotImplementedError

    def test_a_schedule_round_trips_with_its_version(self, new_uow: NewUow) -> None:
        stored = StoredSchedule(full_schedule(), 1, NOW)
        with new_uow() as uow:
            uow.schedules.save(stored, 0)
            uow.commit()
        with new_uow() as uow:
            found = uow.schedules.get("prf_cal_1")
        assert found == stored and found.schedule.blackouts == stored.schedule.blackouts

    def test_schedule_versions_are_checked_atomically(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            uow.schedules.save(StoredSchedule(full_schedule(), 1, NOW), 0)
            uow.commit()
        with new_uow() as uow, pytest.raises(VersionConflict) as taken:
            uow.schedules.save(StoredSchedule(full_schedule(), 1, NOW), 0)
        assert taken.value.current == 1
        with new_uow() as uow, pytest.raises(VersionConflict) as stale:
            uow.schedules.save(StoredSchedule(full_schedule(), 4, NOW), 3)
        assert stale.value.current == 1
        with new_uow() as uow, pytest.raises(VersionConflict) as missing:
            uow.schedules.save(StoredSchedule(full_schedule("prf_cal_2"), 2, NOW), 1)
        assert missing.value.current == 0
        replaced = StoredSchedule(Schedule("prf_cal_1", "Europe/London"), 2, NOW + timedelta(hours=1))
        with new_uow() as uow:
            uow.schedules.save(replaced, 1)
            uow.commit()
        with new_uow() as uow:
            assert uow.schedules.get("prf_cal_1") == replaced

    def test_unknown_schedule_is_not_found_and_uncommitted_work_vanishes(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            uow.schedules.save(StoredSchedule(full_schedule(), 1, NOW), 0)
        with new_uow() as uow, pytest.raises(NotFound):
            uow.schedules.get("prf_cal_1")

    def test_schedules_page_by_owner_id(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            for owner in ("prf_c", "prf_a", "prf_b"):
                uow.schedules.save(StoredSchedule(Schedule(owner, "UTC"), 1, NOW), 0)
            uow.commit()
        with new_uow() as uow:
            assert [s.owner_id for s in uow.schedules.page(None, 2)] == ["prf_a", "prf_b"]
            assert [s.owner_id for s in uow.schedules.page("prf_b", 2)] == ["prf_c"]
            assert uow.schedules.page("prf_c", 2) == []

    def test_schedules_of_many_owners_in_one_read_leave_out_owners_without_one(self, new_uow: NewUow) -> None:
        stored = {owner: StoredSchedule(Schedule(owner, "UTC"), 1, NOW) for owner in ("prf_a", "prf_b")}
        with new_uow() as uow:
            for schedule in stored.values():
                uow.schedules.save(schedule, 0)
            uow.commit()
        with new_uow() as uow:
            assert uow.schedules.get_many(["prf_b", "prf_none", "prf_a"]) == stored
            assert uow.schedules.get_many([]) == {} and uow.schedules.get_many(["prf_none"]) == {}

    def test_a_feed_round_trips_with_its_busy_set_and_error(self, new_uow: NewUow) -> None:
        feed = CalendarFeed.subscribe("calfeed_1", "prf_1", "https://example.test/a.ics", NOW)
        feed.record_success((busy(1, "a"), busy(5, "b"), busy(5, "a", 2)), '"v1"', "Mon, 23 Nov 2026 09:00:00 GMT", NOW)
        feed.record_failure(FeedFetchFailed(FetchFailure.TIMEOUT, "slow"), NOW)
        with new_uow() as uow:
            uow.feeds.add(feed)
            uow.commit()
        with new_uow() as uow:
            assert uow.feeds.get("calfeed_1") == feed
            with pytest.raises(AlreadyExists):
                uow.feeds.add(feed)

    def test_saving_a_feed_replaces_its_busy_set_and_remove_forgets_it(self, new_uow: NewUow) -> None:
        feed = CalendarFeed.subscribe("calfeed_1", "prf_1", "https://example.test/a.ics", NOW)
        with new_uow() as uow:
            uow.feeds.add(feed)
            feed.record_success((busy(1, "a"),), None, None, NOW)
            uow.feeds.save(feed)
            feed.record_success((busy(2, "b"),), None, None, NOW)
            uow.feeds.save(feed)
            uow.commit()
        with new_uow() as uow:
            assert uow.imported.busy_between("prf_1", NOW, NOW + timedelta(days=1)) == [busy(2, "b")]
            uow.feeds.remove("calfeed_1")
            uow.feeds.remove("calfeed_1")
            uow.commit()
        with new_uow() as uow:
            assert uow.imported.busy_between("prf_1", NOW, NOW + timedelta(days=1)) == []
            with pytest.raises(NotFound):
                uow.feeds.get("calfeed_1")
            with pytest.raises(NotFound):
                uow.feeds.save(feed)

    def test_due_feeds_are_url_feeds_whose_attempt_time_came_earliest_first(self, new_uow: NewUow) -> None:
        late = CalendarFeed.subscribe("calfeed_late", "prf_1", "https://example.test/l.ics", NOW)
        early = CalendarFeed.subscribe("calfeed_early", "prf_2", "https://example.test/e.ics", NOW - timedelta(hours=1))
        future = CalendarFeed.subscribe(
            "calfeed_future", "prf_1", "https://example.test/f.ics", NOW + timedelta(hours=1)
        )
        upload = CalendarFeed.uploaded("calfeed_upload", "prf_1", "mine.ics", (busy(1, "u"),), NOW - timedelta(days=1))
        with new_uow() as uow:
            for feed in (late, early, future, upload):
                uow.feeds.add(feed)
            uow.commit()
        with new_uow() as uow:
            assert [f.feed_id for f in uow.feeds.due(NOW, 10)] == ["calfeed_early", "calfeed_late"]
            assert [f.feed_id for f in uow.feeds.due(NOW, 1)] == ["calfeed_early"]
            assert [f.feed_id for f in uow.feeds.for_owner("prf_1")] == [
                "calfeed_future",
                "calfeed_late",
                "calfeed_upload",
            ]
            assert uow.feeds.get("calfeed_upload") == upload

    def test_imported_busy_time_overlapping_a_window_for_one_or_many_owners(self, new_uow: NewUow) -> None:
        one = CalendarFeed.uploaded("calfeed_1", "prf_1", "a.ics", (busy(1, "a"), busy(30, "far")), NOW)
        two = CalendarFeed.uploaded("calfeed_2", "prf_1", "b.ics", (busy(0, "b", 2),), NOW)
        other = CalendarFeed.uploaded("calfeed_3", "prf_2", "c.ics", (busy(3, "c"),), NOW)
        with new_uow() as uow:
            for feed in (one, two, other):
                uow.feeds.add(feed)
            uow.commit()
        window = (NOW + timedelta(hours=1), NOW + timedelta(hours=4))
        with new_uow() as uow:
            assert uow.imported.busy_between("prf_1", *window) == [busy(0, "b", 2), busy(1, "a")]
            assert uow.imported.busy_between("prf_nobody", *window) == []
            many = uow.imported.busy_of_owners(["prf_1", "prf_2", "prf_nobody"], *window)
        assert many["prf_1"] == [busy(0, "b", 2), busy(1, "a")] and many["prf_2"] == [busy(3, "c")]
        assert many.get("prf_nobody", []) == []

    def test_imported_busy_time_as_whole_seconds_is_floor_and_ceiling_of_each_interval(self, new_uow: NewUow) -> None:
        odd = BusyInterval.imported(NOW + timedelta(seconds=0.25), NOW + timedelta(hours=1, microseconds=1), "odd")
        feeds = (CalendarFeed.uploaded("calfeed_1", "prf_1", "a.ics", (busy(2, "a"), odd, busy(30, "far")), NOW),
                 CalendarFeed.uploaded("calfeed_3", "prf_2", "c.ics", (busy(3, "c"),), NOW))  # fmt: skip
        with new_uow() as uow:
            for feed in feeds:
                uow.feeds.add(feed)
            uow.commit()
        window = (NOW, NOW + timedelta(hours=4))
        with new_uow() as uow:
            many = uow.imported.busy_of_owners(["prf_1", "prf_2", "prf_nobody"], *window)
            seconds = uow.imported.busy_seconds_of_owners(["prf_1", "prf_2", "prf_nobody"], *window)
        assert {owner: sorted(spans) for owner, spans in seconds.items()} == {
            owner: sorted((floor_seconds(b.start), ceil_seconds(b.end)) for b in busy) for owner, busy in many.items()
        }  # in no set order: the engine sorts them
        assert [len(seconds["prf_1"]), len(seconds["prf_2"])] == [2, 1] and "prf_nobody" not in seconds
        odd_low, odd_high = min(seconds["prf_1"])
        assert odd_high - odd_low in (3600, 3601)  # "odd", rounded outwards

    def test_whole_seconds_are_exact_for_instants_near_and_far(self, new_uow: NewUow) -> None:
        tick = timedelta(microseconds=1)
        starts = [datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC),
                  NOW - tick, NOW.replace(microsecond=0), datetime(2105, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
                  datetime(2106, 1, 1, 0, 0, 0, 1, tzinfo=UTC), datetime(2299, 6, 1, 12, 0, 0, 500_000, tzinfo=UTC),
                  datetime(2299, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
                  datetime(1901, 2, 3, 4, 5, 6, 7, tzinfo=UTC)]  # fmt: skip
        events = tuple(
            BusyInterval.imported(start, start + length, f"e{n}")
            for n, start in enumerate(starts)
            for length in (tick, timedelta(seconds=1), timedelta(hours=1, microseconds=999_999))
        )
        with new_uow() as uow:
            uow.feeds.add(CalendarFeed.uploaded("calfeed_far", "prf_1", "far.ics", events, NOW))
            uow.commit()
        window = (datetime(1900, 1, 1, tzinfo=UTC), datetime(2300, 1, 1, tzinfo=UTC))
        with new_uow() as uow:
            seconds = uow.imported.busy_seconds_of_owners(["prf_1"], *window)
        assert sorted(seconds["prf_1"]) == sorted((floor_seconds(b.start), ceil_seconds(b.end)) for b in events)

    def test_an_export_feed_round_trips_by_owner_and_by_token_digest(self, new_uow: NewUow) -> None:
        feed = ExportFeed.issue("prf_1", "t" * 43, NOW)
        feed.record_booking("bkg_1", Interval(NOW, NOW + timedelta(hours=1)), "Portrait", True, NOW)
        feed.record_booking("bkg_2", Interval(NOW, NOW + timedelta(hours=2)), "Video", True, NOW)
        feed.record_booking("bkg_2", Interval(NOW, NOW + timedelta(hours=2)), "Video", False, NOW)
        with new_uow() as uow:
            uow.exports.save(feed)
            uow.commit()
        with new_uow() as uow:
            assert uow.exports.for_owner("prf_1") == feed
            assert uow.exports.by_token_digest(feed.token_digest) == feed
            assert uow.exports.for_owner("prf_2") is None and uow.exports.by_token_digest("nope") is None
            feed.rotate("u" * 43, NOW + timedelta(hours=1))
            feed.revoke(NOW + timedelta(hours=2))
            del feed.events["bkg_1"]
            uow.exports.save(feed)
            uow.commit()
        with new_uow() as uow:
            assert uow.exports.for_owner("prf_1") == feed

    def test_index_rows_are_put_replaced_and_removed(self, new_uow: NewUow) -> None:
        row = IndexedAvailability("prf_1", date(2026, 11, 23), timedelta(minutes=30), tuple(range(14)), NOW, NOW)
        other = IndexedAvailability("prf_2", date(2026, 11, 22), timedelta(minutes=60), (0,) * 14, None, NOW)
        with new_uow() as uow:
            uow.index.put(row)
            uow.index.put_many(
                [other, IndexedAvailability("prf_1", date(2026, 11, 24), timedelta(minutes=30), (60,) * 14, NOW, NOW)]
            )
            uow.commit()
        with new_uow() as uow:
            assert uow.index.get("prf_2") == other
            replaced = uow.index.get("prf_1")
            assert replaced is not None and replaced.bookable_minutes == (60,) * 14
            uow.index.remove("prf_2")
            uow.index.remove("prf_2")
            uow.commit()
        with new_uow() as uow:
            assert uow.index.get("prf_2") is None

    def test_an_index_row_refreshed_later_is_never_replaced_by_an_earlier_computation(self, new_uow: NewUow) -> None:
        later = NOW + timedelta(seconds=5)
        fresh = IndexedAvailability("prf_1", date(2026, 11, 23), timedelta(minutes=30), (30,) * 14, None, later)
        stale = IndexedAvailability("prf_1", date(2026, 11, 23), timedelta(minutes=30), (90,) * 14, None, NOW)
        other = IndexedAvailability("prf_2", date(2026, 11, 23), timedelta(minutes=30), (60,) * 14, None, NOW)
        with new_uow() as uow:
            uow.index.put(fresh)
            uow.commit()
        with new_uow() as uow:  # a full refresh that read prf_1 before its change committed
            uow.index.put_many([stale, other])
            uow.index.put(stale)
            uow.commit()
        with new_uow() as uow:
            assert uow.index.get("prf_1") == fresh and uow.index.get("prf_2") == other
            newer = attrs.evolve(stale, refreshed_at=later + timedelta(seconds=1))
            uow.index.put_many([newer])
            uow.commit()
        with new_uow() as uow:
            assert uow.index.get("prf_1") == newer

    def test_a_sibling_unit_is_a_unit_of_its_own_over_the_same_store(self, new_uow: NewUow) -> None:
        row = IndexedAvailability("prf_1", date(2026, 11, 23), timedelta(minutes=30), tuple(range(14)), NOW, NOW)
        first = new_uow()
        sibling = first.sibling()
        assert sibling is not first
        with sibling:
            sibling.index.put(row)  # rolled back: never committed
        with first.reading():
            assert first.index.get("prf_1") is None
        with sibling:
            sibling.index.put(row)
            sibling.commit()
        with first.reading():
            assert first.index.get("prf_1") == row
        with sibling.reading():
            assert sibling.booked.busy_for("prf_1", Interval(NOW, NOW + timedelta(days=1))) == []

    def test_unknown_profiles_are_not_found_and_nobody_has_bookings_yet(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            with pytest.raises(NotFound):
                uow.profiles.get("prf_missing")
            assert uow.booked.busy_for("prf_missing", Interval(NOW, NOW + timedelta(days=1))) == []
