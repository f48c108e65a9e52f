"""The profile repository and unit-of-work contracts, kept by SQLAlchemy on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
from core.shared.errors import NotFound
from tests.contracts.profile_repository import NewUow, ProfileDraftRepositoryContract, UnitOfWorkContract, draft
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class OnSqlite:
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyProfilesUnitOfWork, engine)


class OnPostgres:
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyProfilesUnitOfWork, pg_engine)


class TestSqliteProfileDraftRepository(OnSqlite, ProfileDraftRepositoryContract):
    pass


class TestSqliteUnitOfWork(OnSqlite, UnitOfWorkContract):
    pass


class TestPostgresProfileDraftRepository(OnPostgres, ProfileDraftRepositoryContract):
    pass


class TestPostgresUnitOfWork(OnPostgres, UnitOfWorkContract):
    pass


def _draft_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("SELECT id FROM profiles ORDER BY id")]


def test_on_sqlite_a_reading_unit_takes_no_write_lock(tmp_path: Path) -> None:
    for engine in sqlite_engine(tmp_path):
        reader = SqlAlchemyProfilesUnitOfWork(engine)
        with reader.reading():
            with pytest.raises(NotFound):
                reader.profiles.get("prf_0001")
            writer = SqlAlchemyProfilesUnitOfWork(engine)
            with writer:  # BEGIN IMMEDIATE: would wait for the busy timeout behind a reader holding the lock
                writer.profiles.add(draft(1))
                writer.commit()
            assert reader.profiles.get("prf_0001").id == "prf_0001"  # no snapshot: it sees the commit
        assert _draft_ids(engine) == ["prf_0001"]


def test_on_postgres_a_reading_unit_leaves_no_transaction_and_the_pool_transactional(pg_engine: Engine) -> None:
    truncate_all(pg_engine)
    uow = SqlAlchemyProfilesUnitOfWork(pg_engine)
    with uow.reading():
        with pytest.raises(NotFound):
            uow.profiles.get("prf_0001")
        connection = uow._active()  # a statement ran, yet no transaction is open: the driver autocommits
        assert connection.connection.dbapi_connection.info.transaction_status.name == "IDLE"  # type: ignore[union-attr]
    for _ in range(3):  # every pooled connection, the one just used included, rolls back as before
        with uow:
            uow.profiles.add(draft(1))
    assert _draft_ids(pg_engine) == []
