"""The SearchIndex contract on PostgreSQL (full-text, prefix queries, synonyms), its typo tolerance with pg_trgm, and
the SynonymStore contract."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.search import SqlAlchemySearchIndex
from adapters.sqlalchemy.search_synonyms import SqlAlchemySynonymStore
from tests.contracts.search_index import SearchIndexContract, doc, found
from tests.contracts.synonym_store import SynonymStoreContract
from tests.integration.sql_stores import truncate_all

pytestmark = pytest.mark.integration


class TestPostgresSearchIndex(SearchIndexContract):
    @pytest.fixture
    def index(self, pg_engine: Engine) -> SqlAlchemySearchIndex:
        truncate_all(pg_engine)
        return SqlAlchemySearchIndex(pg_engine)


class TestPostgresSynonymStore(SynonymStoreContract):
    @pytest.fixture
    def store(self, pg_engine: Engine) -> SqlAlchemySynonymStore:
        truncate_all(pg_engine)
        return SqlAlchemySynonymStore(pg_engine)


def test_a_typo_still_finds_the_word_when_pg_trgm_is_installed(pg_engine: Engine) -> None:
    truncate_all(pg_engine)
    index = SqlAlchemySearchIndex(pg_engine)
    index.upsert(doc("a", display_name="Ana", roles=("photographer",)))
    assert found(index, "photgrapher") == ["a"]
    assert found(index, "zebra") == []
