"""The SQL public views pass the PublicViews contract on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.public_views import SqlAlchemyPublicViews
from tests.contracts.public_views import PublicViewsContract
from tests.integration.sql_stores import sqlite_engine, truncate_all

pytestmark = pytest.mark.integration


class TestSqlitePublicViews(PublicViewsContract):
    @pytest.fixture
    def views(self, tmp_path: Path) -> Iterator[SqlAlchemyPublicViews]:
        for engine in sqlite_engine(tmp_path):
            yield SqlAlchemyPublicViews(engine)


class TestPostgresPublicViews(PublicViewsContract):
    @pytest.fixture
    def views(self, pg_engine: Engine) -> SqlAlchemyPublicViews:
        truncate_all(pg_engine)
        return SqlAlchemyPublicViews(pg_engine)
