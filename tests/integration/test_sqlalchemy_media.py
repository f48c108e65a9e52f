"""The media repository contract, kept by SQLAlchemy on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.media import SqlAlchemyMediaUnitOfWork
from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
from tests.contracts.media_repository import AddProfile, MediaRepositoryContract, NewMediaUow
from tests.integration.sql_stores import sqlite_engine, truncate_all
from tests.unit.media.test_media_contracts import profile

pytestmark = pytest.mark.integration


def _adder(engine: Engine) -> AddProfile:
    def add(profile_id: str) -> None:
        with SqlAlchemyProfilesUnitOfWork(engine) as uow:
            uow.profiles.add(profile(profile_id))
            uow.commit()

    return add


class TestSqliteMediaRepository(MediaRepositoryContract):
    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Engine]:
        yield from sqlite_engine(tmp_path)

    @pytest.fixture
    def new_uow(self, engine: Engine) -> NewMediaUow:
        return partial(SqlAlchemyMediaUnitOfWork, engine)

    @pytest.fixture
    def add_profile(self, engine: Engine) -> AddProfile:
        return _adder(engine)


class TestPostgresMediaRepository(MediaRepositoryContract):
    @pytest.fixture
    def engine(self, pg_engine: Engine) -> Engine:
        truncate_all(pg_engine)
        return pg_engine

    @pytest.fixture
    def new_uow(self, engine: Engine) -> NewMediaUow:
        return partial(SqlAlchemyMediaUnitOfWork, engine)

    @pytest.fixture
    def add_profile(self, engine: Engine) -> AddProfile:
        return _adder(engine)


def test_a_profile_that_is_gone_cannot_get_media(tmp_path: Path) -> None:
    from core.shared.errors import NotFound
    from tests.contracts.media_repository import asset

    for engine in sqlite_engine(tmp_path):
        with SqlAlchemyMediaUnitOfWork(engine) as uow, pytest.raises(NotFound):
            uow.media.add(asset(1, "prf_missing"))
