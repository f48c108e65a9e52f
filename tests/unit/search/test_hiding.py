"""The profiles a signed-in searcher never finds, and the desk that leaves them out without sharing one caller's
filtered answer (or cursor) with another."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from adapters.memory.clock import FixedClock
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.memory.search import InMemorySearchIndex
from core.search.desk import SearchDesk
from core.search.hiding import HiddenProfiles
from core.search.hot_queries import SearchLimits, VersionedSearchIndex
from core.search.query import people_query
from core.shared.actor import ANONYMOUS, Actor
from tests.contracts.search_index import T0, doc

BLOCKS = {"usr_a": {"usr_b"}, "usr_b": {"usr_a"}}
OWNED = {"usr_a": ["pa"], "usr_b": ["pb1", "pb2"], "usr_c": ["pc"]}
HIDDEN = HiddenProfiles(lambda user: BLOCKS.get(user, set()), lambda user: OWNED.get(user, []))


def test_hidden_profiles_are_those_of_the_estranged_users_both_ways() -> None:
    assert HIDDEN("usr_a") == {"pb1", "pb2"} and HIDDEN("usr_b") == {"pa"} and HIDDEN("usr_c") == frozenset()


def _desk() -> SearchDesk:
    index = VersionedSearchIndex(InMemorySearchIndex())
    for profile_id, owner in (("pa", "usr_a"), ("pb1", "usr_b"), ("pb2", "usr_b"), ("pc", "usr_c")):
        index.upsert(doc(profile_id, owner_id=owner, display_name=f"Zed {profile_id}"))
    return SearchDesk.of(index, cursor_key=b"k" * 32, clock=FixedClock(T0), limiter=InMemoryRateLimiter(),
                         limits=SearchLimits(), cache_ttl_s=60, hidden=HIDDEN)  # fmt: skip


def _ids(desk: SearchDesk, searcher: Actor, **params: str) -> list[str]:
    return sorted(hit.document.id for hit in desk.people(people_query({"q": "zed", **params}), "c1", searcher).hits)


def test_the_cache_keeps_each_exclusion_apart_and_anonymous_answers_whole() -> None:
    desk = _desk()
    assert _ids(desk, ANONYMOUS) == ["pa", "pb1", "pb2", "pc"]
    assert _ids(desk, Actor("usr_a")) == ["pa", "pc"]  # never the anonymous answer kept a moment ago
    assert _ids(desk, Actor("usr_b")) == ["pb1", "pb2", "pc"]
    assert _ids(desk, Actor("usr_c")) == _ids(desk, ANONYMOUS) == ["pa", "pb1", "pb2", "pc"]
    assert desk.people_cache.hits == 2  # usr_c shares the anonymous answer: the same question


def test_a_cursor_pages_on_under_the_callers_exclusion_whoever_issued_it() -> None:
    desk = _desk()
    first = desk.people(people_query({"q": "zed", "limit": "1"}), "c1")
    assert first.next_cursor is not None
    after = desk.people(people_query({"q": "zed", "limit": "1", "cursor": first.next_cursor}), "c1", Actor("usr_a"))
    assert len(after.hits) == 1 and after.hits[0].document.id in {"pa", "pc"} and after.found == 2


@given(st.sets(st.sampled_from(["pa", "pb1", "pb2", "pc", "px"])), st.sets(st.sampled_from(["pa", "pb1", "pc"])))
def test_excluding_more_never_finds_more(first: set[str], more: set[str]) -> None:
    query = people_query({"q": "zed"})
    fewer, wider = query.excluding(first), query.excluding(first).excluding(more)
    assert set(wider.filters.excluded_ids) == first | more and wider.fingerprint() == query.fingerprint()
    assert attrs.evolve(wider.filters, excluded_ids=()) == query.filters
    assert list(wider.filters.excluded_ids) == sorted(set(wider.filters.excluded_ids))
    assert set(fewer.filters.excluded_ids) <= set(wider.filters.excluded_ids)
