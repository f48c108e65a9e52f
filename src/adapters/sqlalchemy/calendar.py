"""Calendar schedules and the availability index in SQL, and the calendar unit of work."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, Text, bindparam, cast, column, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.calendar_feeds import SqlAlchemyCalendarFeedRepository, SqlAlchemyExportFeedRepository
from adapters.sqlalchemy.calendar_rows import schedule_from, schedule_row
from adapters.sqlalchemy.keyed_rows import OnConnection, one_of
from adapters.sqlalchemy.profiles import SqlAlchemyProfileDraftRepository
from adapters.sqlalchemy.tables.calendar import availability_index, calendar_schedules
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.calendar.errors import ScheduleUnreadable
from core.calendar.ports import BookedTime
from core.calendar.records import IndexedAvailability, StoredSchedule
from core.shared.errors import NotFound, VersionConflict
from core.shared.unit_of_work import AfterCommit

BookedTimeOn = Callable[[Connection], BookedTime]  # the booking context's adapter, on the unit's connection


class SqlAlchemyScheduleRepository(OnConnection):
    def _version(self, owner_id: str) -> int:
        query = select(calendar_schedules.c.version).where(calendar_schedules.c.owner_id == owner_id)
        return int(self._connection.execute(query).scalar() or 0)

    def get(self, owner_id: str) -> StoredSchedule:
        query = select(calendar_schedules).where(calendar_schedules.c.owner_id == owner_id)
        row = self._connection.execute(query).one_or_none()
        if row is None:
            raise NotFound("schedule", owner_id)
        return schedule_from(row)

    def save(self, stored: StoredSchedule, expected_version: int) -> None:
        values = schedule_row(stored)
        if expected_version == 0:
            try:
                with self._connection.begin_nested():
                    self._connection.execute(insert(calendar_schedules).values(values))
                return
            except IntegrityError:
                raise VersionConflict("schedule", stored.owner_id, 0, self._version(stored.owner_id)) from None
        statement = update(calendar_schedules).where(
            calendar_schedules.c.owner_id == stored.owner_id, calendar_schedules.c.version == expected_version
        )
        if self._connection.execute(statement.values(values)).rowcount == 0:
            raise VersionConflict("schedule", stored.owner_id, expected_version, self._version(stored.owner_id))

    def get_many(self, owner_ids: Sequence[str]) -> dict[str, StoredSchedule | ScheduleUnreadable]:
        if not owner_ids:
            return {}
        query = select(calendar_schedules).where(calendar_schedules.c.owner_id.in_(owner_ids))
        return {row.owner_id: _readable(row) for row in self._connection.execute(query)}

    def page(self, after: str | None, limit: int) -> list[StoredSchedule | ScheduleUnreadable]:
        query = select(calendar_schedules).order_by(calendar_schedules.c.owner_id).limit(limit)
        if after is not None:
            query = query.where(calendar_schedules.c.owner_id > after)
        return [_readable(row) for row in self._connection.execute(query)]


def _readable(row: Row[Any]) -> StoredSchedule | ScheduleUnreadable:
    try:
        return schedule_from(row)
    except ScheduleUnreadable as error:
        return error


def _index_row(entry: IndexedAvailability) -> dict[str, Any]:
    return {
        "profile_id": entry.profile_id,
        "from_date": entry.from_date,
        "duration_minutes": entry.duration // timedelta(minutes=1),
        "bookable_minutes": list(entry.bookable_minutes),
        "total_minutes": entry.total_minutes,
        "first_slot": entry.first_slot,
        "refreshed_at": entry.refreshed_at,
    }


def _indexed_from(row: Row[Any]) -> IndexedAvailability:
    return IndexedAvailability(
        row.profile_id, row.from_date, timedelta(minutes=row.duration_minutes), tuple(row.bookable_minutes),
        row.first_slot, row.refreshed_at,
    )  # fmt: skip


def _index_json(entry: IndexedAvailability) -> dict[str, Any]:
    first_slot = entry.first_slot
    return {
        "profile_id": entry.profile_id,
        "from_date": entry.from_date.isoformat(),
        "duration_minutes": entry.duration // timedelta(minutes=1),
        "bookable_minutes": entry.bookable_minutes,
        "total_minutes": entry.total_minutes,
        "first_slot": None if first_slot is None else first_slot.isoformat(),
        "refreshed_at": entry.refreshed_at.isoformat(),
    }


def _upsert_from_json() -> Any:
    """``INSERT ... SELECT FROM jsonb_to_recordset(:rows) ... ON CONFLICT (profile_id) DO UPDATE`` (PostgreSQL)."""
    columns = [column.name for column in availability_index.c]
    given = cast(bindparam("rows", type_=Text), postgresql.JSONB)
    typed = (column(name, availability_index.c[name].type) for name in columns)
    rows = func.jsonb_to_recordset(given).table_valued(*typed).render_derived(with_types=True)
    statement = postgresql.insert(availability_index).from_select(columns, select(*rows.c))
    replaced = {name: statement.excluded[name] for name in columns if name != "profile_id"}
    newer = availability_index.c.refreshed_at <= statement.excluded.refreshed_at
    return statement.on_conflict_do_update(index_elements=["profile_id"], set_=replaced, where=newer)


def _upsert_rows() -> Any:
    """``INSERT ... ON CONFLICT (profile_id) DO UPDATE ... WHERE`` the stored row is no newer (SQLite, executemany)."""
    statement = sqlite.insert(availability_index)
    replaced = {c.name: statement.excluded[c.name] for c in availability_index.c if c.name != "profile_id"}
    newer = availability_index.c.refreshed_at <= statement.excluded.refreshed_at
    return statement.on_conflict_do_update(index_elements=["profile_id"], set_=replaced, where=newer)


_UPSERT = _upsert_from_json()
_UPSERT_ROWS = _upsert_rows()


class SqlAlchemyAvailabilityIndex(OnConnection):
    def put(self, entry: IndexedAvailability) -> None:
        self.put_many([entry])

    def put_many(self, entries: Sequence[IndexedAvailability]) -> None:
        """Replace the rows of ``entries`` (the bulk path of a full refresh), except a stored row refreshed later
        than the entry (a computation read before it must not undo it): on PostgreSQL one upsert from the rows as
        one JSON parameter (one round trip, nothing for the driver to split or bind per row), on SQLite an upsert
        per row in one ``executemany``."""
        if not entries:
            return
        if self._connection.dialect.name == "postgresql":
            self._connection.execute(_UPSERT, {"rows": json.dumps([_index_json(entry) for entry in entries])})
            return
        self._connection.execute(_UPSERT_ROWS, [_index_row(entry) for entry in entries])

    def get(self, profile_id: str) -> IndexedAvailability | None:
        query = select(availability_index).where(availability_index.c.profile_id == profile_id)
        row = self._connection.execute(query).one_or_none()
        return None if row is None else _indexed_from(row)

    def get_many(self, profile_ids: Sequence[str]) -> dict[str, IndexedAvailability]:
        query = select(availability_index).where(one_of(self._connection, availability_index.c.profile_id, profile_ids))
        return {row.profile_id: _indexed_from(row) for row in self._connection.execute(query)}

    def remove(self, profile_id: str) -> None:
        self._connection.execute(delete(availability_index).where(availability_index.c.profile_id == profile_id))


class SqlAlchemyCalendarUnitOfWork(SqlAlchemyUnitOfWork):
    """Every calendar store on one connection; ``profiles`` reads the profiles context's drafts.

    ``booked_time`` builds the ``BookedTime`` adapter on the unit's connection, so bookings are read in
    the same transaction (on SQLite a second connection would wait for this unit's write lock).
    """

    profiles: SqlAlchemyProfileDraftRepository
    schedules: SqlAlchemyScheduleRepository
    feeds: SqlAlchemyCalendarFeedRepository
    imported: SqlAlchemyCalendarFeedRepository
    exports: SqlAlchemyExportFeedRepository
    index: SqlAlchemyAvailabilityIndex
    booked: BookedTime

    def __init__(self, engine: Engine, booked_time: BookedTimeOn, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(engine, after_commit=after_commit)
        self._booked_time = booked_time

    def sibling(self) -> SqlAlchemyCalendarUnitOfWork:
        return SqlAlchemyCalendarUnitOfWork(self._engine, self._booked_time, after_commit=self._after_commit)

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.profiles = SqlAlchemyProfileDraftRepository(connection)
        self.schedules = SqlAlchemyScheduleRepository(connection)
        self.feeds = self.imported = SqlAlchemyCalendarFeedRepository(connection)
        self.exports = SqlAlchemyExportFeedRepository(connection)
        self.index = SqlAlchemyAvailabilityIndex(connection)
        self.booked = self._booked_time(connection)
