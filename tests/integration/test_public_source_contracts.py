"""The media gallery and the calendar preview keep the public page's source contracts on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory.calendar import no_bookings_yet
from adapters.memory.media import InMemoryObjectStore
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.calendar_preview import CalendarAvailabilityPreview
from adapters.sqlalchemy.media import SqlAlchemyMediaUnitOfWork
from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
from core.media.gallery import MediaGallery
from tests.contracts.public_sources import (
    AvailabilityPreviewContract,
    PortfolioGalleryContract,
    SeedPortfolio,
    SeedSchedule,
    media_seeder,
    schedule_seeder,
)
from tests.integration.sql_stores import sqlite_engine, truncate_all
from tests.unit.media.test_media_contracts import profile

pytestmark = pytest.mark.integration


def _profile_adder(engine: Engine) -> Callable[[str], None]:
    def add(profile_id: str) -> None:
        with SqlAlchemyProfilesUnitOfWork(engine) as uow:
            uow.profiles.add(profile(profile_id))
            uow.commit()

    return add


class _MediaGalleryOnSql(PortfolioGalleryContract):
    """The engine comes from the subclass; the object store only turns public keys into URLs here."""

    @pytest.fixture
    def store(self) -> InMemoryObjectStore:
        return InMemoryObjectStore("https://cdn.rastup.test")

    @pytest.fixture
    def gallery(self, engine: Engine, store: InMemoryObjectStore) -> MediaGallery:
        return MediaGallery(partial(SqlAlchemyMediaUnitOfWork, engine), store)

    @pytest.fixture
    def seed_portfolio(self, engine: Engine, store: InMemoryObjectStore) -> SeedPortfolio:
        return media_seeder(partial(SqlAlchemyMediaUnitOfWork, engine), store, _profile_adder(engine))


class _CalendarPreviewOnSql(AvailabilityPreviewContract):
    @pytest.fixture
    def preview(self, engine: Engine) -> CalendarAvailabilityPreview:
        return CalendarAvailabilityPreview(partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet))

    @pytest.fixture
    def seed_schedule(self, engine: Engine) -> SeedSchedule:
        return schedule_seeder(partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet), _profile_adder(engine))


class _Sqlite:
    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Engine]:
        yield from sqlite_engine(tmp_path)


class _Postgres:
    @pytest.fixture
    def engine(self, pg_engine: Engine) -> Engine:
        truncate_all(pg_engine)
        return pg_engine


class TestMediaGalleryOnSqlite(_Sqlite, _MediaGalleryOnSql):
    pass


class TestMediaGalleryOnPostgres(_Postgres, _MediaGalleryOnSql):
    pass


class TestCalendarPreviewOnSqlite(_Sqlite, _CalendarPreviewOnSql):
    pass


class TestCalendarPreviewOnPostgres(_Postgres, _CalendarPreviewOnSql):
    pass
