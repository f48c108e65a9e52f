"""The profile repository and unit-of-work contracts, kept by SQLAlchemy on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
from tests.contracts.profile_repository import NewUow, ProfileDraftRepositoryContract, UnitOfWorkContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    upgrade(pg_url)
    engine = create_database_engine(pg_url)
    yield engine
    engine.dispose()


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
