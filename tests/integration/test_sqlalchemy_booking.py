"""The booking store contract, kept by SQLAlchemy on SQLite and on PostgreSQL (exclusion constraint)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from tests.contracts.booking_repository import BookingRepositoryContract, NewUow
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class TestSqliteBookingRepository(BookingRepositoryContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyBookingUnitOfWork, engine)


class TestPostgresBookingRepository(BookingRepositoryContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyBookingUnitOfWork, pg_engine)
