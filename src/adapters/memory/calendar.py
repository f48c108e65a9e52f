"""In-memory calendar stores, ``NoBookingsYet``, and the calendar unit of work over them (copies in, copies out)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime

from adapters.memory.profiles import InMemoryProfileDraftRepository
from adapters.memory.tables import KeyedRepository, OneTable
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.calendar.errors import ScheduleUnreadable
from core.calendar.export import ExportFeed
from core.calendar.feeds import CalendarFeed, FeedSource
from core.calendar.model import BusyInterval, Interval
from core.calendar.records import IndexedAvailability, StoredSchedule
from core.calendar.timeline import Span, ceil_seconds, floor_seconds
from core.shared.errors import NotFound, VersionConflict
from core.shared.unit_of_work import AfterCommit


class NoBookingsYet:
    """The ``BookedTime`` port until the booking context lands: nobody has booked anything yet.

    Honest placeholder: every owner is free as far as bookings go. The booking context replaces it
    (see ``calendar_uow`` in config/container.py).
    """

    def busy_for(self, owner_id: str, window: Interval) -> list[BusyInterval]:
        return []

    def busy_of_owners(self, owner_ids: Sequence[str], window: Interval) -> dict[str, list[BusyInterval]]:
        return {}


def no_bookings_yet(_connection: object = None) -> NoBookingsYet:
    """Factory shape the SQL unit of work accepts (it passes its connection)."""
    return NoBookingsYet()


class InMemoryScheduleRepository(OneTable[StoredSchedule]):
    table_name = "calendar_schedules"

    def get(self, owner_id: str) -> StoredSchedule:
        try:
            return self._rows[owner_id]
        except KeyError:
            raise NotFound("schedule", owner_id) from None

    def save(self, stored: StoredSchedule, expected_version: int) -> None:
        current = self._rows.get(stored.owner_id)
        version = current.version if current is not None else 0
        if version != expected_version:
            raise VersionConflict("schedule", stored.owner_id, expected_version, version)
        self._rows[stored.owner_id] = stored

    def get_many(self, owner_ids: Sequence[str]) -> dict[str, StoredSchedule | ScheduleUnreadable]:
        return {owner: self._rows[owner] for owner in owner_ids if owner in self._rows}

    def page(self, after: str | None, limit: int) -> list[StoredSchedule | ScheduleUnreadable]:
        # a Schedule is validated when built, so this store never holds an unreadable one
        owners = sorted(o for o in self._rows if after is None or o > after)[:limit]
        return [self._rows[o] for o in owners]


class InMemoryCalendarFeedRepository(KeyedRepository[CalendarFeed]):
    """Feeds with their busy sets; also the ``ImportedEventStore`` read side over the same table."""

    table_name = "calendar_feeds"
    kind = "calendar feed"
    key_field = "feed_id"

    def save(self, feed: CalendarFeed) -> None:
        self._replace(feed.feed_id, feed)

    def remove(self, feed_id: str) -> None:
        self._rows.pop(feed_id, None)

    def due(self, now: datetime, limit: int) -> Sequence[CalendarFeed]:
        due = [
            f for f in self._rows.values()
            if f.source is FeedSource.URL and f.next_attempt_at is not None and f.next_attempt_at <= now
        ]  # fmt: skip
        due.sort(key=lambda f: (f.next_attempt_at, f.feed_id))
        return [copy.deepcopy(f) for f in due[:limit]]

    def for_owner(self, owner_id: str) -> Sequence[CalendarFeed]:
        return [copy.deepcopy(f) for _, f in sorted(self._rows.items()) if f.owner_id == owner_id]

    def busy_between(self, owner_id: str, start: datetime, end: datetime) -> list[BusyInterval]:
        return self.busy_of_owners([owner_id], start, end).get(owner_id, [])

    def busy_of_owners(self, owner_ids: Sequence[str], start: datetime, end: datetime) -> dict[str, list[BusyInterval]]:
        wanted, found = set(owner_ids), dict[str, list[BusyInterval]]()
        for feed in self._rows.values():
            if feed.owner_id in wanted:
                overlapping = [b for b in feed.busy if b.start < end and b.end > start]
                found.setdefault(feed.owner_id, []).extend(overlapping)
        for busy in found.values():
            busy.sort(key=lambda b: (b.start, b.end, b.reference))
        return found

    def busy_seconds_of_owners(self, owner_ids: Sequence[str], start: datetime, end: datetime) -> dict[str, list[Span]]:
        return {owner: [(floor_seconds(b.start), ceil_seconds(b.end)) for b in busy]
                for owner, busy in self.busy_of_owners(owner_ids, start, end).items()}  # fmt: skip


class InMemoryExportFeedRepository(OneTable[ExportFeed]):
    table_name = "calendar_export_feeds"

    def for_owner(self, owner_id: str) -> ExportFeed | None:
        return copy.deepcopy(self._rows.get(owner_id))

    def by_token_digest(self, digest: str) -> ExportFeed | None:
        return next((copy.deepcopy(f) for f in self._rows.values() if f.token_digest == digest), None)

    def save(self, feed: ExportFeed) -> None:
        self._rows[feed.owner_id] = copy.deepcopy(feed)


class InMemoryAvailabilityIndex(OneTable[IndexedAvailability]):
    table_name = "availability_index"

    def put(self, entry: IndexedAvailability) -> None:
        stored = self._rows.get(entry.profile_id)
        if stored is None or stored.refreshed_at <= entry.refreshed_at:  # a later refresh is never undone
            self._rows[entry.profile_id] = entry

    def put_many(self, entries: Sequence[IndexedAvailability]) -> None:
        for entry in entries:
            self.put(entry)

    def get(self, profile_id: str) -> IndexedAvailability | None:
        return self._rows.get(profile_id)

    def get_many(self, profile_ids: Sequence[str]) -> dict[str, IndexedAvailability]:
        return {profile_id: self._rows[profile_id] for profile_id in profile_ids if profile_id in self._rows}

    def remove(self, profile_id: str) -> None:
        self._rows.pop(profile_id, None)


class InMemoryCalendarUnitOfWork(InMemoryUnitOfWork):
    """The calendar unit of work in memory; ``profiles`` reads the profiles context's table."""

    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        self.profiles = InMemoryProfileDraftRepository(self.database.table)
        self.schedules = InMemoryScheduleRepository(self.database.table)
        self.feeds = InMemoryCalendarFeedRepository(self.database.table)
        self.imported = self.feeds
        self.exports = InMemoryExportFeedRepository(self.database.table)
        self.index = InMemoryAvailabilityIndex(self.database.table)
        self.booked = NoBookingsYet()

    def sibling(self) -> InMemoryCalendarUnitOfWork:
        """Another unit over the same database (units queue on its lock), reading the same ``booked``."""
        twin = InMemoryCalendarUnitOfWork(self.database, after_commit=self._after_commit)
        twin.booked = self.booked
        return twin
