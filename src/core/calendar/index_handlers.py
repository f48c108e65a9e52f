"""The availability index: refresh one profile's row, every row, or the rows events say have changed."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import partial

import attrs

from core.calendar.busy_time import reach_of
from core.calendar.dst import day_bounds
from core.calendar.errors import ScheduleUnreadable
from core.calendar.events import AvailabilityChanged, FeedImported, FeedRemoved, FeedSynced
from core.calendar.model import BusyInterval, Interval
from core.calendar.ports import BookedTime, BookedTimeInBulk, CalendarUnitOfWork
from core.calendar.preview import AvailabilitySummary, availability_summary
from core.calendar.records import INDEX_DAYS, IndexedAvailability, StoredSchedule
from core.calendar.timeline import instant
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.read_ahead import read_ahead

PAGE = 500
READ_AHEAD = 2  # pages the full refresh reads ahead of its computation
Progress = Callable[[int], None]  # told how many profiles were just indexed
Written = Callable[[list[IndexedAvailability]], object]  # given the rows of a page once committed
Summary = tuple[str, Callable[[], AvailabilitySummary]]  # an owner and the computation of its row


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


def _summaries(uow: CalendarUnitOfWork, page: list[StoredSchedule], now: datetime) -> Iterator[Summary]:
    """For each schedule of the page, a thunk computing its index row; busy time is read for the whole page
    in one go (so a failing row is the computation's, never the read's)."""
    if not page:
        return
    spans = {stored.owner_id: _span(stored, now) for stored in page}
    low = min(span[1] for span in spans.values())
    high = max(span[2] for span in spans.values())
    imported = uow.imported.busy_seconds_of_owners(list(spans), low, high)
    booked = _booked(uow.booked, list(spans), Interval(low, high))
    for stored in page:
        owner = stored.owner_id
        yield owner, partial(availability_summary, stored.schedule, booked.get(owner, []), spans[owner][0], now=now,
                             days=INDEX_DAYS, imported=imported.get(owner, ()))  # fmt: skip


def index_rows(uow: CalendarUnitOfWork, page: list[StoredSchedule], now: datetime) -> list[IndexedAvailability]:
    """Index rows for a page of schedules (read inside the caller's unit of work)."""
    return [IndexedAvailability.of(summary(), now) for _owner, summary in _summaries(uow, page, now)]


def refresh_availability(owner_id: str, uow: CalendarUnitOfWork, clock: Clock) -> IndexedAvailability | None:
    """Recompute the owner's index row (removed if the owner has no schedule); returns the new row.

    Call it whenever the owner's schedule, bookings or imported events change; records ``AvailabilityChanged``
    (search refreshes the owner's document). Idempotent. A stored
    schedule that cannot be read loses its row (the index claims nothing for it), then ``ScheduleUnreadable``
    is raised; a row the engine cannot compute raises what it raised, and the row stays as it was.
    """
    done = refresh_rows([owner_id], uow, clock)
    if owner_id in done.failed:
        raise done.failed[owner_id]
    return done.rows[owner_id]


@attrs.frozen
class Refreshed:
    """What ``refresh_rows`` did: each refreshed owner's new row (``None``: no schedule, its row removed), and each
    owner it could not refresh with why (a ``ScheduleUnreadable`` owner's row was removed; any other kept)."""

    rows: dict[str, IndexedAvailability | None]
    failed: dict[str, Exception]


def refresh_rows(owner_ids: Sequence[str], uow: CalendarUnitOfWork, clock: Clock) -> Refreshed:
    """``refresh_availability`` for many owners in one unit of work: their schedules and busy time in one read
    each, their rows in one write, an ``AvailabilityChanged`` for each owner whose row changed. One owner's
    unreadable schedule or failing computation is reported in ``failed`` and never stops the others."""
    now, owner_ids = clock.now(), list(dict.fromkeys(owner_ids))  # each owner once
    rows: dict[str, IndexedAvailability | None] = {}
    failed: dict[str, Exception] = {}
    with uow:
        found = uow.schedules.get_many(owner_ids)
        readable = [stored for stored in found.values() if isinstance(stored, StoredSchedule)]
        for owner, summary in _summaries(uow, readable, now):
            try:
                rows[owner] = IndexedAvailability.of(summary(), now)
            except Exception as error:  # this owner's row stays as it was; the others are written
                failed[owner] = error
        uow.index.put_many([row for row in rows.values() if row is not None])
        for owner in owner_ids:
            if owner in rows or owner in failed:
                continue
            unreadable = found.get(owner)
            uow.index.remove(owner)  # no schedule, or one that cannot be read: the index claims nothing for it
            if isinstance(unreadable, ScheduleUnreadable):
                failed[owner] = unreadable
            else:
                rows[owner] = None
        for owner in owner_ids:
            if owner in rows or isinstance(failed.get(owner), ScheduleUnreadable):
                uow.record(AvailabilityChanged(owner))
        uow.commit()
    return Refreshed(rows, failed)


@attrs.frozen
class IndexFailure:
    """A profile the full refresh skipped, and why (for the operator; its row was removed)."""

    owner_id: str
    reason: str


@attrs.frozen
class Reindexed:
    """What a full refresh did: how many rows it wrote and which profiles it had to skip."""

    indexed: int
    failed: tuple[IndexFailure, ...]


@attrs.frozen
class _PageRead:
    """A page of schedules as read ahead of its refresh: the size of the page, the schedules that could not be
    read, and the computation of every other row (its busy time already read)."""

    size: int
    unreadable: list[IndexFailure]
    summaries: list[Summary]


def _schedule_pages(reader: CalendarUnitOfWork) -> Iterator[list[StoredSchedule | ScheduleUnreadable]]:
    """Every page of schedules, each read in a reading unit of its own, up to the first empty one."""
    after: str | None = None
    while True:
        with reader.reading():
            page = reader.schedules.page(after, PAGE)
        if not page:
            return
        yield page
        after = page[-1].owner_id


def _with_busy_time(reader: CalendarUnitOfWork, pages: Iterable[list[StoredSchedule | ScheduleUnreadable]],
                    now: datetime) -> Iterator[_PageRead]:  # fmt: skip
    """Each page with its busy time, read in a reading unit of its own."""
    for page in pages:
        readable = [s for s in page if isinstance(s, StoredSchedule)]
        unreadable = [IndexFailure(s.owner_id, s.reason) for s in page if isinstance(s, ScheduleUnreadable)]
        with reader.reading():
            summaries = list(_summaries(reader, readable, now))
        yield _PageRead(len(page), unreadable, summaries)


@contextlib.contextmanager
def _read_ahead(uow: CalendarUnitOfWork, now: datetime) -> Iterator[Iterator[_PageRead]]:
    """The pages read ahead by two threads, in two siblings of ``uow``: one reads schedules, the other their busy
    time; both threads end when the block is left (each stage closed after the one it feeds)."""
    schedules = read_ahead(_schedule_pages(uow.sibling()), READ_AHEAD, "availability-schedule-reader")
    with contextlib.closing(schedules):
        pages = read_ahead(_with_busy_time(uow.sibling(), schedules, now), READ_AHEAD, "availability-busy-reader")
        with contextlib.closing(pages):
            yield pages


def _computed(read: _PageRead, now: datetime) -> tuple[list[IndexedAvailability], list[IndexFailure]]:
    """The rows of a page read ahead, and every profile of it that has none (unreadable or failing)."""
    rows, bad = [], list(read.unreadable)
    for owner_id, summary in read.summaries:
        try:
            rows.append(IndexedAvailability.of(summary(), now))
        except Exception as error:  # one schedule the engine chokes on must not stop the job for every later one
            bad.append(IndexFailure(owner_id, f"{type(error).__name__}: {error}"))
    return rows, bad


def refresh_all_availability(
    uow: CalendarUnitOfWork, clock: Clock, progress: Progress | None = None, written: Written | None = None
) -> Reindexed:
    """Recompute the row of every profile with a schedule, a page per unit of work. A schedule that cannot be
    read or computed is skipped (its row removed) and reported; the job goes on with the next one. ``written`` is
    given each page's rows once they are committed (the day's rollover hands them to search).

    A pipeline, so that the database's reads and writes overlap the engine and one another: a thread reads the
    pages of schedules, another the busy time of each page (each in reading units of its own ``uow.sibling()``, up
    to READ_AHEAD pages ahead of the next step), and this one computes each page and writes it in ``uow``."""
    now, done = clock.now(), 0
    failed: list[IndexFailure] = []
    with _read_ahead(uow, now) as pages:
        for read in pages:
            rows, bad = _computed(read, now)
            with uow:
                uow.index.put_many(rows)
                for failure in bad:
                    uow.index.remove(failure.owner_id)
                uow.commit()
            done += len(rows)
            failed.extend(bad)
            if written is not None and rows:
                written(rows)
            if progress is not None:
                progress(read.size)
    return Reindexed(done, tuple(failed))


def _changed_owner(event: Event) -> str | None:
    if isinstance(event, FeedImported | FeedRemoved):  # a replaced schedule writes its row as it commits
        return event.owner_id
    if isinstance(event, FeedSynced) and not event.failed:  # a failed sync keeps the busy set
        return event.owner_id
    return None


def refresh_after(events: Iterable[Event], uow: CalendarUnitOfWork, clock: Clock) -> list[str]:
    """React to committed calendar events: refresh the index row of every owner whose imported busy time
    changed. Returns the owners refreshed, in order. Runs after a commit, so it never
    raises for an unreadable schedule: that owner's row is removed and the owner left out."""
    owners = sorted({owner for owner in map(_changed_owner, events) if owner is not None})
    refreshed = []
    for owner_id in owners:
        try:
            refresh_availability(owner_id, uow, clock)
        except ScheduleUnreadable:
            continue
        refreshed.append(owner_id)
    return refreshed
