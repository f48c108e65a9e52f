"""The availability index: refresh one profile's row, every row, or the rows events say have changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from core.calendar.busy_time import reach_of
from core.calendar.dst import day_bounds
from core.calendar.events import FeedImported, FeedRemoved, FeedSynced, ScheduleReplaced
from core.calendar.model import BusyInterval, Interval
from core.calendar.ports import BookedTime, BookedTimeInBulk, CalendarUnitOfWork
from core.calendar.preview import availability_summary
from core.calendar.records import INDEX_DAYS, IndexedAvailability, StoredSchedule
from core.calendar.timeline import instant
from core.shared.clock import Clock
from core.shared.errors import NotFound
from core.shared.events import Event

PAGE = 500
Progress = Callable[[int], None]  # told how many profiles were just indexed


def _span(stored: StoredSchedule, now: datetime) -> tuple[date, datetime, datetime]:
    """The first local date of the index and the instants between which busy time matters."""
    schedule = stored.schedule
    first = now.astimezone(schedule.tz).date()
    reach = reach_of(schedule, None)
    low = instant(day_bounds(schedule.tz, first)[0]) - reach
    high = instant(day_bounds(schedule.tz, first + timedelta(days=INDEX_DAYS - 1))[1]) + reach
    return first, low, high


def _booked(booked: BookedTime, owners: list[str], window: Interval) -> dict[str, list[BusyInterval]]:
    """Bookings of many owners: one query when the adapter offers it, else one per owner."""
    if isinstance(booked, BookedTimeInBulk):
        return booked.busy_of_owners(owners, window)
    return {owner: booked.busy_for(owner, window) for owner in owners}


def index_rows(uow: CalendarUnitOfWork, page: list[StoredSchedule], now: datetime) -> list[IndexedAvailability]:
    """Index rows for a page of schedules; imported busy time is read for the whole page in one go."""
    if not page:
        return []
    spans = {stored.owner_id: _span(stored, now) for stored in page}
    low = min(span[1] for span in spans.values())
    high = max(span[2] for span in spans.values())
    imported = uow.imported.busy_of_owners(list(spans), low, high)
    booked = _booked(uow.booked, list(spans), Interval(low, high))
    rows = []
    for stored in page:
        first = spans[stored.owner_id][0]
        busy = [*booked.get(stored.owner_id, []), *imported.get(stored.owner_id, [])]
        busy.sort(key=lambda b: (b.start, b.end))
        summary = availability_summary(stored.schedule, busy, first, now=now, days=INDEX_DAYS)
        rows.append(IndexedAvailability.of(summary, now))
    return rows


def refresh_availability(owner_id: str, uow: CalendarUnitOfWork, clock: Clock) -> IndexedAvailability | None:
    """Recompute the owner's index row (removed if the owner has no schedule); returns the new row.

    Call it whenever the owner's schedule, bookings or imported events change. Idempotent.
    """
    with uow:
        try:
            stored = uow.schedules.get(owner_id)
        except NotFound:
            uow.index.remove(owner_id)
            uow.commit()
            return None
        (row,) = index_rows(uow, [stored], clock.now())
        uow.index.put(row)
        uow.commit()
        return row


def refresh_all_availability(uow: CalendarUnitOfWork, clock: Clock, progress: Progress | None = None) -> int:
    """Recompute the row of every profile with a schedule, a page per unit of work; returns how many."""
    now, after, done = clock.now(), None, 0
    while True:
        with uow:
            page = uow.schedules.page(after, PAGE)
            uow.index.put_many(index_rows(uow, page, now))
            uow.commit()
        if not page:
            return done
        done, after = done + len(page), page[-1].owner_id
        if progress is not None:
            progress(len(page))


def _changed_owner(event: Event) -> str | None:
    if isinstance(event, ScheduleReplaced | FeedImported | FeedRemoved):
        return event.owner_id
    if isinstance(event, FeedSynced) and not event.failed:  # a failed sync keeps the busy set
        return event.owner_id
    return None


def refresh_after(events: Iterable[Event], uow: CalendarUnitOfWork, clock: Clock) -> list[str]:
    """React to committed calendar events: refresh the index row of every owner whose schedule or
    imported busy time changed. Returns the owners refreshed, in order."""
    owners = sorted({owner for owner in map(_changed_owner, events) if owner is not None})
    for owner_id in owners:
        refresh_availability(owner_id, uow, clock)
    return owners
