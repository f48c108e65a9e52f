"""The calendar store contract, kept by SQLAlchemy on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory.calendar import no_bookings_yet
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from tests.contracts.calendar_stores import CalendarStoresContract, NewUow
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def calendar_pg_engine(pg_url: str) -> Iterator[Engine]:
    upgrade(pg_url)
    engine = create_database_engine(pg_url)
    yield engine
    engine.dispose()


class TestSqliteCalendarStores(CalendarStoresContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet)


class TestPostgresCalendarStores(CalendarStoresContract):
    @pytest.fixture
    def new_uow(self, calendar_pg_engine: Engine) -> NewUow:
        truncate_all(calendar_pg_engine)
        return partial(SqlAlchemyCalendarUnitOfWork, calendar_pg_engine, no_bookings_yet)
