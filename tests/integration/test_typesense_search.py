"""The SearchIndex contract on a real Typesense 0.24.1 (the harness's private server), and what only Typesense
adds: per-line import errors raise, the collection sits behind an alias."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from adapters.typesense.records import record
from adapters.typesense.search import TypesenseSearchIndex, typesense_client
from core.search.errors import IndexUnavailable, IndexWriteRejected
from core.search.query import IndexQuery
from tests.contracts.search_index import SearchIndexContract, doc, found
from tests.harness.processes import free_loopback_port
from tests.harness.typesense_peer import TypesenseServer

pytestmark = pytest.mark.integration
_NAMES = itertools.count()


@pytest.fixture
def fresh_index(typesense: TypesenseServer) -> Iterator[TypesenseSearchIndex]:
    """An index behind an alias of its own (a fresh, empty collection); dropped afterwards."""
    client = typesense_client(typesense.url, typesense.api_key)
    index = TypesenseSearchIndex(client, alias=f"people_t{next(_NAMES)}")
    collection = index.ensure()
    yield index
    client.aliases[index.alias].delete()
    client.collections[collection].delete()


class TestTypesenseSearchIndex(SearchIndexContract):
    @pytest.fixture
    def index(self, fresh_index: TypesenseSearchIndex) -> TypesenseSearchIndex:
        return fresh_index


def test_a_line_the_import_refuses_raises_and_names_the_document(fresh_index: TypesenseSearchIndex) -> None:
    good = record(doc("good"))
    bad = {**record(doc("bad")), "price_low": "not a number"}
    with pytest.raises(IndexWriteRejected) as refused:
        fresh_index.write([good, bad])
    assert refused.value.document_ids == ("bad",)
    assert fresh_index.ids() == ["good"]  # the other lines of the import stand


def test_a_typo_still_finds_the_word(fresh_index: TypesenseSearchIndex) -> None:
    fresh_index.upsert(doc("a", display_name="Ana", roles=("photographer",)))
    assert found(fresh_index, "photgrapher") == ["a"]
    assert fresh_index.query(IndexQuery(("photgrapher",))).hits[0].relevance == 0.25
    assert found(fresh_index, "zebra") == []


def test_pages_beyond_typesenses_largest_page_are_read_whole(fresh_index: TypesenseSearchIndex) -> None:
    fresh_index.write([record(doc(f"d{n:03d}")) for n in range(300)])
    page = fresh_index.query(IndexQuery(limit=100, offset=230))
    assert [hit.document.id for hit in page.hits] == [f"d{n:03d}" for n in range(230, 300)]
    assert page.found == 300
    assert len(fresh_index.query(IndexQuery(limit=1000)).hits) == 300


def test_an_unreachable_server_is_index_unavailable() -> None:
    index = TypesenseSearchIndex(typesense_client(f"http://127.0.0.1:{free_loopback_port()}", "key", 0.5))
    with pytest.raises(IndexUnavailable):
        index.query(IndexQuery(("photographer",)))
    with pytest.raises(IndexUnavailable):
        index.upsert(doc("a"))
