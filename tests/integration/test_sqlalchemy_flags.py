"""The SQL flag store (SQLite and PostgreSQL) passes the FlagStore contract, appending to the identity audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.flags import SqlAlchemyFlagStore
from adapters.sqlalchemy.identity_security import SqlAlchemyAuditLog
from core.shared.audit import AuditEntry
from tests.contracts.flag_store import FlagStoreContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


def audit_of(engine: Engine) -> Callable[[], Sequence[AuditEntry]]:
    def entries() -> Sequence[AuditEntry]:
        with engine.connect() as connection:
            return SqlAlchemyAuditLog(connection).entries()

    return entries


class TestSqliteFlagStore(FlagStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[SqlAlchemyFlagStore]:
        for engine in sqlite_engine(tmp_path):
            yield SqlAlchemyFlagStore(engine)

    @pytest.fixture
    def audit_entries(self, store: SqlAlchemyFlagStore) -> Callable[[], Sequence[AuditEntry]]:
        return audit_of(store._engine)


class TestPostgresFlagStore(FlagStoreContract):
    @pytest.fixture
    def store(self, pg_engine: Engine) -> SqlAlchemyFlagStore:
        truncate_all(pg_engine)
        return SqlAlchemyFlagStore(pg_engine)

    @pytest.fixture
    def audit_entries(self, pg_engine: Engine) -> Callable[[], Sequence[AuditEntry]]:
        return audit_of(pg_engine)
