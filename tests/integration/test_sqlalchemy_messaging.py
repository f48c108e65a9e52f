"""The SQL messaging store (SQLite and PostgreSQL) passes the messaging store and unread-notice sweep contracts."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.messaging import SqlAlchemyMessagingUnitOfWork
from tests.contracts.messaging_store import AttachmentStoreContract, MessagingStoreContract, NewUnit
from tests.contracts.unread_notice_sweep import UnreadNoticeSweepContract
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


class TestSqliteUnreadNoticeSweep(UnreadNoticeSweepContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUnit]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyMessagingUnitOfWork, engine)


class TestPostgresUnreadNoticeSweep(UnreadNoticeSweepContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUnit:
        truncate_all(pg_engine)
        return lambda: SqlAlchemyMessagingUnitOfWork(pg_engine)
