"""The rate limit per client on search and suggest, and the hot-query cache (TTL, index version, no degraded)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from adapters.memory.clock import FixedClock
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.memory.search import InMemorySearchIndex
from core.search.desk import SearchDesk
from core.search.errors import SearchRateLimited
from core.search.hot_queries import HotQueries, SearchLimits, VersionedSearchIndex, admit
from core.search.query import people_query
from tests.contracts.search_index import T0, doc

KEY = b"k" * 32
DEFAULT_LIMITS = SearchLimits()


def test_a_client_over_its_limit_is_refused_with_retry_after_and_others_are_not() -> None:
    limiter, clock = InMemoryRateLimiter(), FixedClock(T0)
    for _ in range(3):
        admit(limiter, "search-ip", "203.0.113.7", 3, 60, clock.now())
    with pytest.raises(SearchRateLimited) as refused:
        admit(limiter, "search-ip", "203.0.113.7", 3, 60, clock.now())
    assert refused.value.retry_after_s >= 1 and refused.value.code == "rate-limited"
    admit(limiter, "search-ip", "198.51.100.1", 3, 60, clock.now())  # another client
    admit(limiter, "suggest-ip", "203.0.113.7", 3, 60, clock.now())  # another limit
    admit(limiter, "search-ip", "203.0.113.7", 3, 60, clock.now() + timedelta(seconds=61))  # the window moved
    for _ in range(10):
        admit(limiter, "search-ip", "203.0.113.7", 0, 60, clock.now())  # 0: no limit


def test_the_cache_keeps_an_answer_for_its_ttl_and_version_only() -> None:
    clock, version, calls = FixedClock(T0), [0], []
    cache: HotQueries[int] = HotQueries(clock, lambda: version[0], ttl=timedelta(seconds=5))

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.answer("q", compute) == 1 and cache.answer("q", compute) == 1 and cache.hits == 1
    assert cache.answer("other", compute) == 2
    version[0] += 1  # the index changed
    assert cache.answer("q", compute) == 3
    clock.advance(timedelta(seconds=5))  # expired
    assert cache.answer("q", compute) == 4
    assert cache.answer("bad", compute, keep=lambda _: False) == 5 and cache.answer("bad", compute) == 6
    off: HotQueries[int] = HotQueries(clock, lambda: 0, ttl=timedelta(0))
    assert off.answer("q", compute) == 7 and off.answer("q", compute) == 8


def test_concurrent_misses_of_one_query_compute_it_once_and_share_its_answer_or_its_error() -> None:
    cache: HotQueries[int] = HotQueries(FixedClock(T0), lambda: 0)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> int:
        calls.append(1)
        started.set()
        assert release.wait(5)
        return 42

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(cache.answer, "q", slow)
        assert started.wait(5)
        others = [pool.submit(cache.answer, "q", slow) for _ in range(3)]
        time.sleep(0.05)  # the others are waiting on the first's answer, not computing their own
        release.set()
        assert first.result(5) == 42 and [o.result(5) for o in others] == [42, 42, 42]
    assert len(calls) == 1

    def broken() -> int:
        started.set()
        assert release.wait(5)
        raise RuntimeError("index down")

    started.clear()
    release.clear()
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.answer, "down", broken)
        assert started.wait(5)
        second = pool.submit(cache.answer, "down", broken)
        time.sleep(0.05)
        release.set()
        for future in (first, second):
            with pytest.raises(RuntimeError, match="index down"):
                future.result(5)
    assert cache.answer("down", lambda: 7) == 7  # an error is not kept


def test_an_answer_read_near_its_expiry_is_recomputed_in_the_background_once_and_served_meanwhile() -> None:
    clock, jobs, calls = FixedClock(T0), [], []
    cache: HotQueries[int] = HotQueries(
        clock, lambda: 0, ttl=timedelta(seconds=5), refresh_ahead=timedelta(seconds=1), later=jobs.append
    )

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.answer("q", compute) == 1
    clock.advance(timedelta(seconds=3))
    assert cache.answer("q", compute) == 1 and jobs == []  # not yet near its expiry
    clock.advance(timedelta(seconds=1, milliseconds=500))
    assert cache.answer("q", compute) == 1 and cache.answer("q", compute) == 1  # served while a refresh is due
    assert len(jobs) == 1 and calls == [1]  # one refresh queued, nothing computed on the reader's thread
    jobs.pop()()
    assert calls == [1, 1] and cache.refreshes == 1
    clock.advance(timedelta(seconds=2))  # past the first answer's expiry: the refreshed one lives on
    assert cache.answer("q", compute) == 2 and len(calls) == 2
    clock.advance(timedelta(seconds=2, milliseconds=600))  # the refreshed answer is near its own expiry

    def failing() -> int:
        raise RuntimeError("index down")

    assert cache.answer("q", failing) == 2 and len(jobs) == 1
    with pytest.raises(RuntimeError):
        jobs.pop()()
    assert cache.answer("q", failing) == 2 and len(jobs) == 1  # the slot is free again: a new refresh is queued
    clock.advance(timedelta(seconds=1))  # expired: never served older than its ttl
    assert cache.answer("q", compute) == 3


def test_the_cache_drops_the_least_recently_used_past_its_size() -> None:
    cache: HotQueries[str] = HotQueries(FixedClock(T0), lambda: 0, entries=2)
    cache.answer("a", lambda: "a1")
    cache.answer("b", lambda: "b1")
    cache.answer("a", lambda: "a2")  # a is used again: b is the oldest
    cache.answer("c", lambda: "c1")
    assert cache.answer("a", lambda: "a3") == "a1" and cache.answer("b", lambda: "b2") == "b2"


def _desk(ttl: float = 5.0, limits: SearchLimits = DEFAULT_LIMITS) -> tuple[SearchDesk, VersionedSearchIndex]:
    index = VersionedSearchIndex(InMemorySearchIndex())
    desk = SearchDesk.of(index, cursor_key=KEY, clock=FixedClock(T0), limiter=InMemoryRateLimiter(), limits=limits,
                         cache_ttl_s=ttl)  # fmt: skip
    return desk, index


def test_the_desk_answers_a_normalised_query_from_the_cache_until_the_index_changes() -> None:
    desk, index = _desk()
    index.upsert(doc("a", display_name="Ana Photo"))
    first = desk.people(people_query({"q": "Ana"}), "c1")
    assert [hit.document.id for hit in first.hits] == ["a"]
    assert desk.people(people_query({"q": "  ANA "}), "c2") is first and desk.people_cache.hits == 1
    assert index.upsert(doc("b", display_name="Ana Other")) and index.version == 2
    assert {hit.document.id for hit in desk.people(people_query({"q": "ana"}), "c1").hits} == {"a", "b"}
    assert desk.suggest("an", "c1") == ["Ana Other", "Ana Photo"]
    index.delete("b", 5)
    assert desk.suggest("AN", "c1") == ["Ana Photo"]


def test_the_desk_limits_each_client_on_search_and_suggest_separately() -> None:
    desk, _ = _desk(ttl=0, limits=SearchLimits(search=2, suggest=1))
    desk.people(people_query({}), "c1")
    desk.people(people_query({}), "c1")
    with pytest.raises(SearchRateLimited) as refused:
        desk.people(people_query({}), "c1")
    assert refused.value.scope == "search-ip"
    desk.suggest("a", "c1")
    with pytest.raises(SearchRateLimited):
        desk.suggest("a", "c1")
    desk.people(people_query({}), "c2")
