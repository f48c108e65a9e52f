"""The SearchIndex contract on the in-memory index and the SQL index on SQLite (FTS5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from adapters.memory.search import InMemorySearchIndex
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.search import SqlAlchemySearchIndex
from tests.contracts.search_index import SearchIndexContract


class TestInMemorySearchIndex(SearchIndexContract):
    @pytest.fixture
    def index(self) -> InMemorySearchIndex:
        return InMemorySearchIndex()


class TestSqliteSearchIndex(SearchIndexContract):
    @pytest.fixture(scope="class")
    @classmethod
    def engine(cls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
        url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'search.db'}"
        upgrade(url)
        engine = create_database_engine(url)
        yield engine
        engine.dispose()

    @pytest.fixture
    def index(self, engine: Engine) -> SqlAlchemySearchIndex:
        with engine.begin() as connection:
            for table in ("search_people", "search_people_days", "search_terms", "search_people_fts"):
                connection.exec_driver_sql(f"DELETE FROM {table}")  # fixed names
        return SqlAlchemySearchIndex(engine)
