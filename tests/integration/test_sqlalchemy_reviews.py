"""The reviews store contract, the dispute reader's and the reviews summary, kept by SQLAlchemy on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.reviews import SqlAlchemyReviewsUnitOfWork
from tests.contracts.dispute_reader import DisputeReaderContract, NewMoneyUow
from tests.contracts.public_sources import ReviewsSummaryContract, ReviewsWith
from tests.contracts.review_repository import NewReviewsUow, ReviewRepositoryContract, reviews_seeder
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class _OnSqlite:
    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Engine]:
        yield from sqlite_engine(tmp_path)

    @pytest.fixture
    def new_uow(self, engine: Engine) -> NewReviewsUow:
        return partial(SqlAlchemyReviewsUnitOfWork, engine)

    @pytest.fixture
    def new_money_uow(self, engine: Engine) -> NewMoneyUow:
        return partial(SqlAlchemyBookingUnitOfWork, engine)


class _OnPostgres:
    @pytest.fixture
    def engine(self, pg_engine: Engine) -> Engine:
        truncate_all(pg_engine)
        return pg_engine

    @pytest.fixture
    def new_uow(self, engine: Engine) -> NewReviewsUow:
        return partial(SqlAlchemyReviewsUnitOfWork, engine)

    @pytest.fixture
    def new_money_uow(self, engine: Engine) -> NewMoneyUow:
        return partial(SqlAlchemyBookingUnitOfWork, engine)


class TestSqliteReviewRepository(_OnSqlite, ReviewRepositoryContract):
    pass


class TestPostgresReviewRepository(_OnPostgres, ReviewRepositoryContract):
    pass


class TestSqliteDisputeReader(_OnSqlite, DisputeReaderContract):
    pass


class TestPostgresDisputeReader(_OnPostgres, DisputeReaderContract):
    pass


class TestSqliteReviewsSummary(_OnSqlite, ReviewsSummaryContract):
    @pytest.fixture
    def reviews_with(self, new_uow: NewReviewsUow) -> ReviewsWith:
        return reviews_seeder(new_uow)


class TestPostgresReviewsSummary(_OnPostgres, ReviewsSummaryContract):
    @pytest.fixture
    def reviews_with(self, new_uow: NewReviewsUow) -> ReviewsWith:
        return reviews_seeder(new_uow)
