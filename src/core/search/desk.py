"""The search desk: what the edges call to search people and suggest, behind the rate limit and the cache."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

import attrs

from core.search.documents import normalised
from core.search.hiding import nobody_hidden
from core.search.hot_queries import HotQueries, Later, SearchLimits, VersionedSearchIndex, admit
from core.search.query import PeopleQuery
from core.search.service import MAX_SUGGEST_CHARS, PeopleResults, search_people, suggestions
from core.search.synonyms import Synonym
from core.shared.actor import ANONYMOUS, Actor
from core.shared.clock import Clock
from core.shared.rate_limit import RateLimiter


@attrs.frozen
class SearchDesk:
    """One per process. ``client`` is who asks (the client address the edge trusts) for the rate limit; ``hidden``
    names the profiles a signed-in searcher never finds (``core.search.hiding``)."""

    index: VersionedSearchIndex
    cursor_key: bytes
    clock: Clock
    limiter: RateLimiter
    limits: SearchLimits
    people_cache: HotQueries[PeopleResults]
    suggest_cache: HotQueries[list[str]]
    synonyms: Callable[[], Sequence[Synonym]] = tuple
    hidden: Callable[[str], frozenset[str]] = nobody_hidden

    @classmethod
    def of(
        cls, index: VersionedSearchIndex, *, cursor_key: bytes, clock: Clock, limiter: RateLimiter,
        limits: SearchLimits, cache_ttl_s: float, synonyms: Callable[[], Sequence[Synonym]] = tuple,
        refresh_ahead_s: float = 0.0, later: Later | None = None,
        hidden: Callable[[str], frozenset[str]] = nobody_hidden,
    ) -> SearchDesk:  # fmt: skip
        """``later`` (a background runner) and ``refresh_ahead_s``: people answers read within that long of their
        expiry are computed again in the background (``HotQueries``)."""
        ttl = timedelta(seconds=cache_ttl_s)
        people: HotQueries[PeopleResults] = HotQueries(
            clock, lambda: index.version, ttl=ttl, refresh_ahead=timedelta(seconds=refresh_ahead_s), later=later
        )
        suggest: HotQueries[list[str]] = HotQueries(clock, lambda: index.version, ttl=ttl)
        return cls(index, cursor_key, clock, limiter, limits, people, suggest, synonyms, hidden)

    def people(self, query: PeopleQuery, client: str, searcher: Actor = ANONYMOUS) -> PeopleResults:
        """A page of people or studios (``search_people``: the query's kind says which), from the cache when the
        same query with the same exclusions was answered lately: a signed-in ``searcher`` never finds the profiles
        ``hidden`` names for them. Raises ``SearchRateLimited`` or ``InvalidCursor``."""
        admit(self.limiter, "search-ip", client, self.limits.search, self.limits.window_s, self.clock.now())
        if searcher.user_id is not None and (hidden := self.hidden(searcher.user_id)):
            query = query.excluding(hidden)
        return self.people_cache.answer(
            (query.fingerprint(), query.filters.excluded_ids, query.cursor),
            lambda: search_people(
                query, self.index, cursor_key=self.cursor_key, now=self.clock.now(), synonyms=self.synonyms()
            ),
            keep=lambda results: not results.degraded,
        )

    def suggest(self, prefix: str, client: str) -> list[str]:
        """Completions of ``prefix`` (``suggestions``), cached like people. Raises ``SearchRateLimited``."""
        admit(self.limiter, "suggest-ip", client, self.limits.suggest, self.limits.window_s, self.clock.now())
        key = normalised(prefix[:MAX_SUGGEST_CHARS])
        return self.suggest_cache.answer(key, lambda: suggestions(prefix, self.index))
