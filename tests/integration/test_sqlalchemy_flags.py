"""The SQL flag store (SQLite and PostgreSQL) passes the FlagStore contract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.flags import SqlAlchemyFlagStore
from tests.contracts.flag_store import FlagStoreContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class TestSqliteFlagStore(FlagStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[SqlAlchemyFlagStore]:
        for engine in sqlite_engine(tmp_path):
            yield SqlAlchemyFlagStore(engine)


class TestPostgresFlagStore(FlagStoreContract):
    @pytest.fixture
    def store(self, pg_engine: Engine) -> SqlAlchemyFlagStore:
        truncate_all(pg_engine)
        return SqlAlchemyFlagStore(pg_engine)
