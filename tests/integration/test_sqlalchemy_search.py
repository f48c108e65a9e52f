"""The SearchIndex contract on PostgreSQL (full-text, prefix queries, synonyms), its typo tolerance with pg_trgm, and
the SynonymStore contract."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.search import SqlAlchemySearchIndex
from adapters.sqlalchemy.search_synonyms import SqlAlchemySynonymStore
from core.search.query import Filters, IndexQuery
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


def test_near_misses_are_looked_for_only_when_the_exact_words_find_nothing(pg_engine: Engine) -> None:
    truncate_all(pg_engine)
    index = SqlAlchemySearchIndex(pg_engine)
    index.upsert(doc("a", display_name="Ana", roles=("photographer",)))
    index.upsert(doc("b", display_name="Photgrapher Bob", roles=("model",), city="new-york"))
    assert found(index, "photgrapher") == ["b"]  # the exact word: the near miss "photographer" is not listed too
    index.upsert(doc("b", version=2, display_name="Bob", roles=("model",), city="new-york"))
    page = index.query(IndexQuery(("photgrapher",), Filters(), limit=10, facets=True))
    assert [hit.document.id for hit in page.hits] == ["a"] and page.hits[0].relevance == 0.25
    assert page.found == 1 and page.facets is not None
    assert page.facets.roles == (("photographer", 1),) and page.facets.cities == (("los-angeles", 1),)
    assert index.query(IndexQuery(("zebraxx",), Filters(), limit=10, facets=True)).found == 0
