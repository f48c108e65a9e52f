"""Degrade, don't fail: a primary index (Typesense) with a fallback (the SQL index) that answers while the
primary is down or slow. Pure: it composes two ports and a clock.

Writes go to both, the fallback first (a bulk write: both at once, the fallback's ended before it returns), so
it is fresh when it has to answer; a primary that fails raises, and the outbox retries the event (the fallback then
sees its own version again and skips it). Queries and suggestions go to the primary unless it is switched off or
failed within ``pause``: then, and when it fails now, the fallback answers and the page says ``degraded``. The
pause keeps a dead primary from costing every query its timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

import attrs

from core.search.documents import DayMinutes, SearchDocument
from core.search.errors import IndexUnavailable
from core.search.ports import IndexPage, IndexStatus, SearchIndex, Written
from core.search.query import IndexQuery
from core.search.synonyms import Synonym
from core.shared.clock import Clock

T = TypeVar("T")
PAUSE = timedelta(seconds=5)  # after a failure, queries skip the primary this long before trying it again


@attrs.define
class FallbackSearchIndex:
    primary: SearchIndex
    fallback: SearchIndex
    clock: Clock
    pause: timedelta = PAUSE
    on_degraded: Callable[[IndexUnavailable], object] | None = None  # told of each failure (logs, metrics)
    primary_on: Callable[[], bool] = lambda: True  # the operators' switch: off, the fallback answers (degraded)
    _failed_at: datetime | None = attrs.field(default=None, init=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    @property
    def degraded(self) -> bool:
        """Whether the primary failed within the pause (queries go to the fallback until it ends)."""
        with self._lock:
            return self._failed_at is not None and self.clock.now() - self._failed_at < self.pause

    def _read(self, primary: Callable[[], T], fallback: Callable[[], T]) -> tuple[T, bool]:
        if self.primary_on() and not self.degraded:
            try:
                answer = primary()
            except IndexUnavailable as error:
                with self._lock:
                    self._failed_at = self.clock.now()
                if self.on_degraded is not None:
                    self.on_degraded(error)
            else:
                with self._lock:
                    self._failed_at = None
                return answer, False
        return fallback(), True

    def upsert(self, document: SearchDocument) -> bool:
        self.fallback.upsert(document)
        return self.primary.upsert(document)

    def delete(self, document_id: str, source_version: int) -> bool:
        self.fallback.delete(document_id, source_version)
        return self.primary.delete(document_id, source_version)

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        """Both at once (a rebuild's page: the database's work and the primary server's side by side); the
        fallback's write has ended when this returns or raises, and its error, if any, is raised."""
        failed: list[Exception] = []

        def to_fallback() -> None:
            try:
                self.fallback.write_many(documents, deletions)
            except Exception as error:  # raised on the caller's thread below
                failed.append(error)

        beside = threading.Thread(target=to_fallback, name="search-fallback-write")
        beside.start()
        try:
            written = self.primary.write_many(documents, deletions)
        finally:
            beside.join()
        if failed:
            raise failed[0]
        return written

    def refresh_days(self, days: Mapping[str, tuple[DayMinutes, ...]]) -> int:
        self.fallback.refresh_days(days)
        return self.primary.refresh_days(days)

    def query(self, query: IndexQuery) -> IndexPage:
        page, degraded = self._read(lambda: self.primary.query(query), lambda: self.fallback.query(query))
        return attrs.evolve(page, degraded=True) if degraded else page

    def suggest(self, prefix: str, limit: int) -> list[str]:
        return self._read(lambda: self.primary.suggest(prefix, limit), lambda: self.fallback.suggest(prefix, limit))[0]

    def use_synonyms(self, synonyms: Sequence[Synonym]) -> None:
        self.fallback.use_synonyms(synonyms)
        self.primary.use_synonyms(synonyms)

    def ids(self) -> list[str]:
        return self.primary.ids()

    def status(self) -> IndexStatus:
        return self.primary.status()
