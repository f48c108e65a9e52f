"""Search's front door: a per-client rate limit on search and suggest, and the hot-query cache.

The cache keeps an answer a few seconds under its normalised query and the index version it was computed at;
every write through ``VersionedSearchIndex`` raises the version, so a change made in this process is never
hidden behind a cached answer (another process's change shows within the TTL). Degraded answers are not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from concurrent.futures import Future
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


Later = Callable[[Callable[[], None]], object]  # runs a job off the caller's thread (an executor's submit)


@attrs.define
class HotQueries(Generic[T]):
    """Answers by (key, index version) for ``ttl``, least recently used dropped past ``entries``.

    Concurrent misses of one key compute it once: the others wait for that answer (or its error). With a
    ``later`` and a ``refresh_ahead``, an answer read within ``refresh_ahead`` of its expiry is computed again by
    ``later`` while it is still served, so a query asked often is not left to expire under its askers; an answer
    served is never older than ``ttl`` either way."""

    clock: Clock
    version: Callable[[], int]
    ttl: timedelta = timedelta(seconds=5)
    entries: int = CACHE_ENTRIES
    refresh_ahead: timedelta = timedelta(0)
    later: Later | None = None
    _kept: OrderedDict[tuple[Hashable, int], tuple[datetime, T]] = attrs.field(factory=OrderedDict, init=False)
    _computing: dict[tuple[Hashable, int], Future[T]] = attrs.field(factory=dict, init=False)
    _refreshing: set[tuple[Hashable, int]] = attrs.field(factory=set, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)
    hits: int = attrs.field(default=0, init=False)
    refreshes: int = attrs.field(default=0, init=False)

    def answer(self, key: Hashable, compute: Callable[[], T], keep: Callable[[T], bool] = lambda _: True) -> T:
        """The kept answer of ``key`` at the index's current version, else ``compute()`` (kept when ``keep``)."""
        if self.ttl <= timedelta(0):
            return compute()
        slot, now = (key, self.version()), self.clock.now()
        waiting: Future[T] | None = None
        with self._lock:
            kept = self._kept.get(slot)
            hit = kept is not None and kept[0] > now
            if kept is not None and hit:
                self._kept.move_to_end(slot)
                self.hits += 1
                refresh = self._due(slot, kept[0] - now)
            elif (waiting := self._computing.get(slot)) is None:
                self._computing[slot] = Future()
        if kept is not None and hit:
            if refresh and self.later is not None:
                self.later(lambda: self._refresh(slot, compute, keep))
            return kept[1]
        if waiting is not None:
            return waiting.result()  # the answer (or the error) of the miss already under way
        return self._compute(slot, now, compute, keep)

    def _due(self, slot: tuple[Hashable, int], left: timedelta) -> bool:
        """Whether a kept answer with ``left`` to live is to be refreshed now (one refresh per slot at a time)."""
        if self.later is None or left > self.refresh_ahead or slot in self._refreshing:
            return False
        self._refreshing.add(slot)
        return True

    def _compute(
        self, slot: tuple[Hashable, int], now: datetime, compute: Callable[[], T], keep: Callable[[T], bool]
    ) -> T:
        with self._lock:
            future = self._computing[slot]
        try:
            value = compute()
        except BaseException as error:
            with self._lock:
                del self._computing[slot]
            future.set_exception(error)
            raise
        if keep(value):
            self._store(slot, now, value)
        with self._lock:
            del self._computing[slot]
        future.set_result(value)
        return value

    def _refresh(self, slot: tuple[Hashable, int], compute: Callable[[], T], keep: Callable[[T], bool]) -> None:
        """Compute ``slot`` again and keep it for a new ``ttl`` (run by ``later``; an error leaves the old answer to
        expire, and is raised to ``later``)."""
        try:
            now = self.clock.now()
            value = compute()
            if keep(value):
                self._store(slot, now, value)
                with self._lock:
                    self.refreshes += 1
        finally:
            with self._lock:
                self._refreshing.discard(slot)

    def _store(self, slot: tuple[Hashable, int], now: datetime, value: T) -> None:
        with self._lock:
            self._kept[slot] = (now + self.ttl, value)
            self._kept.move_to_end(slot)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
