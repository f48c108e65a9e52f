"""Degrade, don't fail: while the primary index is down, the fallback answers and the page says so; writes
reach both; a dead primary is not asked again until its pause ends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import pytest

from adapters.memory.search import InMemorySearchIndex
from core.search.documents import SearchDocument
from core.search.errors import IndexUnavailable
from core.search.fallback import PAUSE, FallbackSearchIndex
from core.search.ports import IndexPage, IndexStatus, Written
from core.search.query import IndexQuery
from tests.contracts.search_index import T0, SearchIndexContract, doc


class SwitchableIndex(InMemorySearchIndex):
    """An in-memory index that can be switched off (every call then raises IndexUnavailable), counting queries."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.queries = 0

    def _check(self) -> None:
        if self.down:
            raise IndexUnavailable("switched off")

    def upsert(self, document: SearchDocument) -> bool:
        self._check()
        return super().upsert(document)

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        self._check()
        return super().write_many(documents, deletions)

    def query(self, query: IndexQuery) -> IndexPage:
        self.queries += 1
        self._check()
        return super().query(query)

    def suggest(self, prefix: str, limit: int) -> list[str]:
        self._check()
        return super().suggest(prefix, limit)

    def status(self) -> IndexStatus:
        self._check()
        return super().status()


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> datetime:
        return self.at


class TestFallbackSearchIndex(SearchIndexContract):
    @pytest.fixture
    def index(self) -> FallbackSearchIndex:
        return FallbackSearchIndex(InMemorySearchIndex(), InMemorySearchIndex(), Clock())


def test_the_fallback_answers_while_the_primary_is_down_and_the_page_says_so() -> None:
    primary, fallback, clock = SwitchableIndex(), InMemorySearchIndex(), Clock()
    reported: list[str] = []
    index = FallbackSearchIndex(primary, fallback, clock, on_degraded=lambda error: reported.append(error.reason))
    index.upsert(doc("a", display_name="Ana"))
    assert fallback.ids() == ["a"] and primary.ids() == ["a"]  # writes reach both
    assert index.query(IndexQuery()).degraded is False

    primary.down = True
    page = index.query(IndexQuery(("ana",)))
    assert page.degraded is True and [hit.document.id for hit in page.hits] == ["a"]
    assert index.suggest("an", 5) == ["Ana"] and reported == ["switched off"]
    asked = primary.queries
    index.query(IndexQuery())
    assert primary.queries == asked  # within the pause the dead primary is not asked again

    primary.down = False
    clock.at += PAUSE + timedelta(seconds=1)
    assert index.query(IndexQuery()).degraded is False and index.degraded is False


def test_a_write_the_primary_refuses_raises_so_the_outbox_retries_it() -> None:
    primary, fallback = SwitchableIndex(), InMemorySearchIndex()
    index = FallbackSearchIndex(primary, fallback, Clock())
    primary.down = True
    with pytest.raises(IndexUnavailable):
        index.upsert(doc("a", 2))
    primary.down = False
    assert index.upsert(doc("a", 2)) is True  # the retry: the fallback has it already, the primary takes it now
    assert primary.ids() == fallback.ids() == ["a"]


def test_a_bulk_write_reaches_the_fallback_whichever_side_fails_and_raises_the_failure() -> None:
    primary, fallback = SwitchableIndex(), SwitchableIndex()
    index = FallbackSearchIndex(primary, fallback, Clock())
    primary.down = True
    with pytest.raises(IndexUnavailable):
        index.write_many([doc("a", 2), doc("b", 2)], {})
    assert fallback.ids() == ["a", "b"] and primary.ids() == []  # the fallback's write ran to its end
    primary.down, fallback.down = False, True
    with pytest.raises(IndexUnavailable):
        index.write_many([doc("c", 2)], {})
    assert primary.ids() == ["c"]
    fallback.down = False
    written = index.write_many([doc("a", 2), doc("b", 2), doc("c", 2)], {})
    assert written.upserted == {"a", "b"} and primary.ids() == fallback.ids() == ["a", "b", "c"]


def test_switched_off_the_primary_is_not_asked_and_the_page_says_degraded() -> None:
    primary, fallback = SwitchableIndex(), InMemorySearchIndex()
    switch = {"on": False}
    index = FallbackSearchIndex(primary, fallback, Clock(), primary_on=lambda: switch["on"])
    index.upsert(doc("a"))
    assert index.query(IndexQuery()).degraded is True and primary.queries == 0
    switch["on"] = True
    assert index.query(IndexQuery()).degraded is False and primary.queries == 1
