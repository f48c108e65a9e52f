"""The booking store contract, kept by SQLAlchemy on SQLite and on PostgreSQL (exclusion constraint)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from tests.contracts.booking_repository import BookingRepositoryContract, NewUow
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def booking_pg_engine(pg_url: str) -> Iterator[Engine]:
    upgrade(pg_url)
    engine = create_database_engine(pg_url)
    yield engine
    engine.dispose()


class TestSqliteBookingRepository(BookingRepositoryContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyBookingUnitOfWork, engine)


class TestPostgresBookingRepository(BookingRepositoryContract):
    @pytest.fixture
    def new_uow(self, booking_pg_engine: Engine) -> NewUow:
        truncate_all(booking_pg_engine)
        return partial(SqlAlchemyBookingUnitOfWork, booking_pg_engine)
