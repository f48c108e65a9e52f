"""Search's front door: a per-client rate limit on search and suggest, and the hot-query cache.

The cache keeps an answer a few seconds under its normalised query and the index version it was computed at;
every write through ``VersionedSearchIndex`` raises the version, so a change made in this process is never
hidden behind a cached answer (another process's change shows within the TTL). Degraded answers are not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Generic, TypeVar

import attrs

from core.search.documents import DayMinutes, SearchDocument
from core.search.errors import SearchRateLimited
from core.search.ports import IndexPage, IndexStatus, SearchIndex, Written
from core.search.query import IndexQuery
from core.search.synonyms import Synonym
from core.shared.clock import Clock
from core.shared.rate_limit import RateLimiter

T = TypeVar("T")
CACHE_ENTRIES = 2_000


@attrs.frozen
class SearchLimits:
    """Requests per client per ``window_s`` (0: no limit); suggestions come faster, one per keystroke."""

    search: int = 120
    suggest: int = 600
    window_s: int = 60


def admit(limiter: RateLimiter, scope: str, client: str, limit: int, window_s: int, now: datetime) -> None:
    """Count one request of ``client`` on ``scope`` (``search-ip``, ``suggest-ip``); raises ``SearchRateLimited``
    (429 + Retry-After) when it is over ``limit`` in ``window_s``. A limit of 0 admits everything."""
    if limit <= 0:
        return
    decision = limiter.hit(f"{scope}:{client}", limit, window_s, now)
    if not decision.allowed:
        raise SearchRateLimited(scope, max(1, decision.retry_after_s))


class VersionedSearchIndex:
    """A SearchIndex whose ``version`` rises with every write that changed it (the cache's invalidation)."""

    def __init__(self, inner: SearchIndex) -> None:
        self.inner = inner
        self._version = 0
        self._lock = threading.Lock()

    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    def _bump(self, changed: bool) -> bool:
        with self._lock:
            self._version += 1  # even a refused write may mean another writer changed it: never serve stale
        return changed

    def upsert(self, document: SearchDocument) -> bool:
        return self._bump(self.inner.upsert(document))

    def delete(self, document_id: str, source_version: int) -> bool:
        return self._bump(self.inner.delete(document_id, source_version))

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        try:
            return self.inner.write_many(documents, deletions)
        finally:
            self._bump(True)  # even a refused bulk write may have written some of it

    def refresh_days(self, days: Mapping[str, tuple[DayMinutes, ...]]) -> int:
        changed = self.inner.refresh_days(days)
        self._bump(changed > 0)
        return changed

    def query(self, query: IndexQuery) -> IndexPage:
        return self.inner.query(query)

    def suggest(self, prefix: str, limit: int) -> list[str]:
        return self.inner.suggest(prefix, limit)

    def ids(self) -> list[str]:
        return self.inner.ids()

    def status(self) -> IndexStatus:
        return self.inner.status()

    def use_synonyms(self, synonyms: Sequence[Synonym]) -> None:
        self.inner.use_synonyms(synonyms)
        self._bump(True)  # what a query finds changed


@attrs.define
class HotQueries(Generic[T]):
    """Answers by (key, index version) for ``ttl``, least recently used dropped past ``entries``."""

    clock: Clock
    version: Callable[[], int]
    ttl: timedelta = timedelta(seconds=5)
    entries: int = CACHE_ENTRIES
    _kept: OrderedDict[tuple[Hashable, int], tuple[datetime, T]] = attrs.field(factory=OrderedDict, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)
    hits: int = attrs.field(default=0, init=False)

    def answer(self, key: Hashable, compute: Callable[[], T], keep: Callable[[T], bool] = lambda _: True) -> T:
        """The kept answer of ``key`` at the index's current version, else ``compute()`` (kept when ``keep``)."""
        if self.ttl <= timedelta(0):
            return compute()
        slot, now = (key, self.version()), self.clock.now()
        with self._lock:
            kept = self._kept.get(slot)
            if kept is not None and kept[0] > now:
                self._kept.move_to_end(slot)
                self.hits += 1
                return kept[1]
        value = compute()
        if keep(value):
            with self._lock:
                self._kept[slot] = (now + self.ttl, value)
                self._kept.move_to_end(slot)
                while len(self._kept) > self.entries:
                    self._kept.popitem(last=False)
        return value
