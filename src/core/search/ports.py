"""Ports of the search context: the index of people documents, and what the indexer reads about a profile."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

import attrs

from core.search.documents import DayMinutes, ProfileSnapshot, SearchDocument
from core.search.query import IndexQuery
from core.search.synonyms import Synonym


@attrs.frozen
class Hit:
    """A document that matched, with its text relevance (0..1; 1 for a query without words)."""

    document: SearchDocument
    relevance: float


@attrs.frozen
class Facets:
    """Counts over every document that matched (not only the page): per role, city and price bucket."""

    roles: tuple[tuple[str, int], ...] = ()
    cities: tuple[tuple[str, int], ...] = ()
    prices: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class IndexPage:
    hits: tuple[Hit, ...]
    found: int  # how many documents matched in all
    facets: Facets | None  # None unless asked for
    degraded: bool = False  # answered by a fallback index while the primary one failed (core/search/fallback.py)


@attrs.frozen
class IndexStatus:
    documents: int  # listed documents
    tombstones: int  # deleted ids remembered with their version, so an older write cannot bring them back


@attrs.frozen
class Written:
    """What a bulk write changed: the ids whose documents were stored, and the listed ids it removed."""

    upserted: frozenset[str] = frozenset()
    deleted: frozenset[str] = frozenset()


class SearchIndex(Protocol):
    """The people index. Writes are versioned: each carries the source version it was built from, and the
    index keeps the highest it has seen per id, so a late, older write never overwrites a newer one."""

    def upsert(self, document: SearchDocument) -> bool:
        """Store ``document`` unless the index holds a version >= ``document.source_version`` for its id
        (a document or a deletion). True when written. Idempotent."""
        ...

    def delete(self, document_id: str, source_version: int) -> bool:
        """Unlist the id unless the index holds a version >= ``source_version`` for it, remembering the
        deletion's version (a tombstone). True when a listed document was removed. Idempotent."""
        ...

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        """``upsert`` of each document and ``delete`` of each id in ``deletions`` (id -> source version), in bulk
        (a full rebuild's page), with the same version checks. Raises ``IndexWriteRejected`` naming the ids the
        index refused (any other may have been written) or ``IndexUnavailable``. Idempotent."""
        ...

    def refresh_days(self, days: Mapping[str, tuple[DayMinutes, ...]]) -> int:
        """Replace the ``days`` (the availability part) of each listed document ``days`` names, keeping its source
        version and everything else (the day's rollover; an older full write may still overwrite it, with the
        days it read). Unknown and unlisted ids are skipped; the days a document holds already are no change.
        Returns how many documents changed. Idempotent."""
        ...

    def query(self, query: IndexQuery) -> IndexPage:
        """Listed documents matching every word (each a prefix of a word of ``search_text``) and every filter,
        sorted by ``query.sort`` (ties by id), ``query.limit`` from ``query.offset``; facets when asked.
        Read-only."""
        ...

    def suggest(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` distinct names, roles, tags and cities of listed, Safe-Mode documents that start
        with ``prefix`` (compared as normalised words), shortest first, then by those words and the term."""
        ...

    def ids(self) -> list[str]:
        """The ids of every listed document, ordered (for a rebuild to delete what is no longer listed)."""
        ...

    def status(self) -> IndexStatus:
        """Counts for operators."""
        ...

    def use_synonyms(self, synonyms: Sequence[Synonym]) -> None:
        """Make ``synonyms`` (all of them: any other is dropped) the index's own, for an index that matches
        synonyms itself (Typesense); one that expands ``IndexQuery.synonyms`` per query may do nothing.
        Idempotent."""
        ...


class SynonymStore(Protocol):
    """The synonyms operators edit, shared by every process."""

    def all(self) -> list[Synonym]:
        """Every synonym, by term."""
        ...

    def save(self, synonym: Synonym, at: datetime) -> None:
        """Add or replace the synonym of ``synonym.term``. Idempotent."""
        ...

    def delete(self, term: str) -> bool:
        """Remove the synonym of ``term``; False when there was none. Idempotent."""
        ...


class ProfileSnapshots(Protocol):
    """What the indexer reads about profiles from the profiles, onboarding, media and calendar contexts."""

    def snapshot(self, profile_id: str) -> ProfileSnapshot | None:
        """The profile and its facts now, or None for an unknown profile. Read-only."""
        ...

    def page(self, after: str | None, limit: int) -> Sequence[ProfileSnapshot]:
        """The snapshots of up to ``limit`` profiles with ids above ``after``, by id (a full rebuild's pages,
        read in bulk): each equal to what ``snapshot`` reads of its profile. Read-only."""
        ...

    def days_of(self, profile_id: str) -> tuple[DayMinutes, ...]:
        """The profile's bookable minutes per day from the calendar's availability index now (none without a
        row): the part of a document a booking or a schedule change moves. Read-only."""
        ...

    def days_of_many(self, profile_ids: Sequence[str]) -> dict[str, tuple[DayMinutes, ...]]:
        """``days_of`` for many profiles in one read: every id a key. Read-only."""
        ...

    def owned_by(self, user_id: str) -> Sequence[str]:
        """The ids of the profiles ``user_id`` owns."""
        ...

    def profile_of_service(self, service_id: str) -> str | None:
        """The profile a service belongs to, or None when unknown."""
        ...
