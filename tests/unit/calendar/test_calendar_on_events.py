"""The calendar's handlers: a feed's owner is refreshed after its commit; bookings' marks wait for the sweep."""

from __future__ import annotations

from tests.unit.calendar.calendar_world import OWNER, LineParser, World, la_days

from adapters.memory.calendar import InMemoryCalendarUnitOfWork
from core.calendar.commands import ImportFeedFile, RemoveFeed
from core.calendar.feed_handlers import import_feed_file, remove_feed
from core.calendar.on_events import PendingAvailability
from core.shared.actor import OPERATOR


def bookable_tuesday(world: World) -> int:
    with world.uow() as uow:
        row = uow.index.get(OWNER)
    assert row is not None
    return row.bookable_minutes[1]


def test_an_imported_or_removed_feed_refreshes_its_owners_row_once_its_change_committed() -> None:
    world = World()
    world.replace(la_days())
    assert bookable_tuesday(world) == 8 * 60
    command = ImportFeedFile(actor=OPERATOR, owner_id=OWNER, name="dentist.ics", body=b"dentist 35 2")
    feed = import_feed_file(command, world.uow(), world.clock, world.ids, LineParser)
    assert bookable_tuesday(world) == 6 * 60  # the bus ran the refresh before the command returned
    remove_feed(RemoveFeed(actor=OPERATOR, owner_id=OWNER, feed_id=feed.feed_id), world.uow())
    assert bookable_tuesday(world) == 8 * 60


def test_marked_owners_are_refreshed_once_each_by_the_sweep_in_one_unit() -> None:
    world = World()
    world.replace(la_days())
    with world.uow() as uow:  # the row goes stale: busy time changed behind the index's back
        uow.index.remove(OWNER)
        uow.commit()
    opened: list[int] = []

    def counted() -> InMemoryCalendarUnitOfWork:
        opened.append(1)
        return world.uow()

    failures: list[tuple[str, str]] = []
    pending = PendingAvailability(counted, world.clock, lambda owner, e: failures.append((owner, repr(e))))
    assert pending.mark(["prf_other", OWNER]) == ["prf_other", OWNER]
    pending.mark([OWNER])
    assert pending.refresh_pending() == ["prf_other", OWNER]  # once each, in order
    assert failures == [] and len(opened) == 1  # one unit for the whole page
    assert bookable_tuesday(world) == 8 * 60
    assert pending.refresh_pending() == [] and len(opened) == 1  # marks are forgotten once refreshed


def test_a_page_whose_unit_fails_is_refreshed_one_owner_at_a_time_and_a_failure_does_not_stop_the_others() -> None:
    world = World()
    world.replace(la_days())
    with world.uow() as uow:
        uow.index.remove(OWNER)
        uow.commit()
    opened: list[int] = []

    def first_two_units_fail() -> InMemoryCalendarUnitOfWork:
        opened.append(1)
        if len(opened) <= 2:  # the page's unit, then prf_other's own
            raise RuntimeError("database hiccup")
        return world.uow()

    failures: list[tuple[str, str]] = []
    pending = PendingAvailability(first_two_units_fail, world.clock, lambda owner, e: failures.append((owner, repr(e))))
    pending.mark(["prf_other", OWNER])
    assert pending.refresh_pending() == ["prf_other", OWNER]
    assert failures == [("prf_other", "RuntimeError('database hiccup')")]
    assert bookable_tuesday(world) == 8 * 60  # the failure did not stop the next owner
    assert len(opened) == 3
