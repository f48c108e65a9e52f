"""The calendar store contract, kept by SQLAlchemy on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory.calendar import no_bookings_yet
from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.tables.calendar import calendar_schedules
from core.calendar import Schedule
from core.calendar.errors import ScheduleUnreadable
from core.calendar.index_handlers import IndexFailure, refresh_all_availability, refresh_rows
from core.calendar.records import StoredSchedule
from tests.contracts.calendar_stores import NOW, CalendarStoresContract, NewUow
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class UnreadableRows:
    """SQL only (an in-memory store cannot hold an invalid Schedule): a row stored out of range is reported,
    never handed to the engine, and a full refresh skips it and indexes the rest."""

    def test_a_row_out_of_range_is_unreadable_in_get_and_page_and_skipped_by_the_refresh(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            for owner in ("prf_a", "prf_b", "prf_c"):
                uow.schedules.save(StoredSchedule(Schedule(owner, "UTC"), 1, NOW), 0)
            uow.commit()
        engine = new_uow.args[0]  # type: ignore[attr-defined]  # the partial's engine: write around the checks
        with engine.begin() as connection:
            row = calendar_schedules.update().where(calendar_schedules.c.owner_id == "prf_b")
            connection.execute(row.values(buffer_after_minutes=1_000_000_000, booking_window_minutes=2**31 - 1))
        with new_uow() as uow:
            first, middle, last = uow.schedules.page(None, 10)
            with pytest.raises(ScheduleUnreadable) as unreadable:
                uow.schedules.get("prf_b")
        assert isinstance(middle, ScheduleUnreadable) and middle.owner_id == "prf_b" and middle.version == 1
        assert isinstance(first, StoredSchedule) and isinstance(last, StoredSchedule)
        assert unreadable.value.reason.startswith("buffer_after")
        with new_uow() as uow:
            many = uow.schedules.get_many(["prf_a", "prf_b"])
        assert isinstance(many["prf_b"], ScheduleUnreadable) and isinstance(many["prf_a"], StoredSchedule)
        batch = refresh_rows(["prf_a", "prf_b"], new_uow(), FixedClock(NOW))
        assert list(batch.failed) == ["prf_b"] and batch.rows["prf_a"] is not None and "prf_b" not in batch.rows
        done = refresh_all_availability(new_uow(), FixedClock(NOW))
        assert done.indexed == 2 and done.failed == (IndexFailure("prf_b", middle.reason),)
        with new_uow() as uow:
            assert uow.index.get("prf_b") is None and uow.index.get("prf_c") is not None


class TestSqliteCalendarStores(CalendarStoresContract, UnreadableRows):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet)


class TestPostgresCalendarStores(CalendarStoresContract, UnreadableRows):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyCalendarUnitOfWork, pg_engine, no_bookings_yet)
