"""The calendar store contract, kept by SQLAlchemy on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory.calendar import no_bookings_yet
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from tests.contracts.calendar_stores import CalendarStoresContract, NewUow
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class TestSqliteCalendarStores(CalendarStoresContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet)


class TestPostgresCalendarStores(CalendarStoresContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyCalendarUnitOfWork, pg_engine, no_bookings_yet)
