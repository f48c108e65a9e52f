"""The SearchIndex contract on a real Typesense 0.24.1 (the harness's private server), and what only Typesense
adds: per-line import errors raise, the collection sits behind an alias."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import pytest

from adapters.typesense.generations import rebuild_behind_alias
from adapters.typesense.records import record
from adapters.typesense.search import TypesenseSearchIndex, typesense_client
from core.search.collections import KindRoutedIndex
from core.search.errors import IndexUnavailable, IndexWriteRejected
from core.search.query import IndexQuery
from tests.contracts.search_index import SearchIndexContract, doc, found
from tests.harness.processes import free_loopback_port
from tests.harness.typesense_peer import TypesenseServer

pytestmark = pytest.mark.integration
_NAMES = itertools.count()


def _fresh(typesense: TypesenseServer, name: str) -> Iterator[TypesenseSearchIndex]:
    """An index behind an alias of its own (a fresh, empty collection); dropped afterwards."""
    client = typesense_client(typesense.url, typesense.api_key)
    index = TypesenseSearchIndex(client, alias=f"{name}_t{next(_NAMES)}")
    index.ensure()
    yield index
    client.aliases[index.alias].delete()
    for collection in client.collections.retrieve():
        if collection["name"].startswith(f"{index.alias}_"):
            client.collections[collection["name"]].delete()


@pytest.fixture
def fresh_index(typesense: TypesenseServer) -> Iterator[TypesenseSearchIndex]:
    yield from _fresh(typesense, "people")


@pytest.fixture
def fresh_studios(typesense: TypesenseServer) -> Iterator[TypesenseSearchIndex]:
    yield from _fresh(typesense, "studios")


class TestTypesenseSearchIndex(SearchIndexContract):
    """People and studios each in a collection behind its own alias, as the service runs them."""

    @pytest.fixture
    def index(self, fresh_index: TypesenseSearchIndex, fresh_studios: TypesenseSearchIndex) -> KindRoutedIndex:
        return KindRoutedIndex(fresh_index, fresh_studios)


class TestASoleWriterOfANewCollection(SearchIndexContract):
    """A rebuild's writer of its new collection checks versions against what it wrote instead of exporting them
    first: the same contract holds."""

    @pytest.fixture
    def index(self, fresh_index: TypesenseSearchIndex, fresh_studios: TypesenseSearchIndex) -> KindRoutedIndex:
        def sole(index: TypesenseSearchIndex) -> TypesenseSearchIndex:
            return TypesenseSearchIndex(index.client, index.alias, collection=index.ensure(), sole_writer=True)

        return KindRoutedIndex(sole(fresh_index), sole(fresh_studios))


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


def test_a_rebuild_swaps_the_alias_with_no_failed_query_and_keeps_what_was_written_meanwhile(
    fresh_index: TypesenseSearchIndex, typesense: TypesenseServer
) -> None:
    client, alias = fresh_index.client, fresh_index.alias
    fresh_index.write([record(doc(f"d{n:03d}", 10)) for n in range(200)])
    fresh_index.delete("gone", 10)
    failures: list[str] = []
    counts: list[int] = []
    stop = threading.Event()

    def query_all_along() -> None:
        reader = TypesenseSearchIndex(typesense_client(typesense.url, typesense.api_key), alias)
        while not stop.is_set():
            try:
                counts.append(reader.query(IndexQuery(("photographer",), limit=1)).found)
            except Exception as error:  # every kind counts as a failed query here
                failures.append(repr(error))

    def build(fresh: TypesenseSearchIndex) -> int:
        for n in range(200):
            fresh.upsert(doc(f"d{n:03d}", 20))
        fresh_index.upsert(doc("d000", 30, display_name="Written meanwhile"))  # the live indexer, via the alias
        return 200

    reader = threading.Thread(target=query_all_along)
    reader.start()
    try:
        assert rebuild_behind_alias(fresh_index, started=15, build=build) == 200
    finally:
        stop.set()
        reader.join()
    assert failures == [] and len(counts) > 5 and all(found == 200 for found in counts)
    assert client.aliases[alias].retrieve()["collection_name"] == f"{alias}_2"
    assert f"{alias}_1" not in client.collections
    assert fresh_index.query(IndexQuery(("meanwhile",))).hits[0].document.source_version == 30
    assert fresh_index.upsert(doc("gone", 5)) is False  # the tombstone came along
