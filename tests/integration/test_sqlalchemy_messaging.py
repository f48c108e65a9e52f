"""The SQL messaging store (SQLite and PostgreSQL) passes the messaging store and unread-notice sweep contracts, the
latter with two competing sweepers on the SQL sweep leases, which pass the sweep-lease contract."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.messaging import SqlAlchemyMessagingUnitOfWork
from adapters.sqlalchemy.sweep_leases import SqlAlchemySweepLeases
from core.shared.leases import SweepLeases
from tests.contracts.messaging_store import AttachmentStoreContract, MessagingStoreContract, NewUnit
from tests.contracts.sweep_leases import SweepLeasesContract
from tests.contracts.unread_notice_sweep import CompetingSweepersContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class TestSqliteMessagingStore(MessagingStoreContract, AttachmentStoreContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUnit]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyMessagingUnitOfWork, engine)


class TestPostgresMessagingStore(MessagingStoreContract, AttachmentStoreContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUnit:
        truncate_all(pg_engine)
        return lambda: SqlAlchemyMessagingUnitOfWork(pg_engine)


class TestSqliteUnreadNoticeSweep(CompetingSweepersContract):
    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Engine]:
        yield from sqlite_engine(tmp_path)

    @pytest.fixture
    def new_uow(self, engine: Engine) -> NewUnit:
        return partial(SqlAlchemyMessagingUnitOfWork, engine)

    @pytest.fixture
    def leases(self, engine: Engine) -> SweepLeases:
        return SqlAlchemySweepLeases(engine)


class TestPostgresUnreadNoticeSweep(CompetingSweepersContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUnit:
        truncate_all(pg_engine)
        return lambda: SqlAlchemyMessagingUnitOfWork(pg_engine)

    @pytest.fixture
    def leases(self, pg_engine: Engine, new_uow: NewUnit) -> SweepLeases:  # after new_uow: truncated
        return SqlAlchemySweepLeases(pg_engine)


class TestSqliteSweepLeases(SweepLeasesContract):
    @pytest.fixture
    def leases(self, tmp_path: Path) -> Iterator[SweepLeases]:
        for engine in sqlite_engine(tmp_path):
            yield SqlAlchemySweepLeases(engine)


class TestPostgresSweepLeases(SweepLeasesContract):
    @pytest.fixture
    def leases(self, pg_engine: Engine) -> SweepLeases:
        truncate_all(pg_engine)
        return SqlAlchemySweepLeases(pg_engine)
