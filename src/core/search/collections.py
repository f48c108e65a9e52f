"""People and studios in collections of their own (Typesense's ``people`` and ``studios`` aliases): one
SearchIndex that sends each document to its kind's collection and each query to the collection it asks for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.search.documents import DayMinutes, SearchDocument, normalised
from core.search.ports import IndexPage, IndexStatus, SearchIndex, Written
from core.search.query import IndexQuery
from core.search.synonyms import Synonym

STUDIO = "studio"


class KindRoutedIndex:
    """``studios`` holds studio documents, ``people`` every other; a query without a kind asks people. A deletion
    goes to both (an id names one profile, whatever its kind), so each keeps the tombstone's version."""

    def __init__(self, people: SearchIndex, studios: SearchIndex) -> None:
        self.people, self.studios = people, studios

    def _of(self, kind: str | None) -> SearchIndex:
        return self.studios if kind == STUDIO else self.people

    def upsert(self, document: SearchDocument) -> bool:
        return self._of(document.kind).upsert(document)

    def delete(self, document_id: str, source_version: int) -> bool:
        removed = self.people.delete(document_id, source_version)
        return self.studios.delete(document_id, source_version) or removed

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        """Each kind's documents to its collection; the deletions to both (as ``delete``)."""
        people = self.people.write_many([d for d in documents if d.kind != STUDIO], deletions)
        studios = self.studios.write_many([d for d in documents if d.kind == STUDIO], deletions)
        return Written(people.upserted | studios.upserted, people.deleted | studios.deleted)

    def refresh_days(self, days: Mapping[str, tuple[DayMinutes, ...]]) -> int:
        """Both collections: each rewrites only the documents it holds (an id is in one of them)."""
        return self.people.refresh_days(days) + self.studios.refresh_days(days)

    def query(self, query: IndexQuery) -> IndexPage:
        return self._of(query.filters.kind).query(query)

    def suggest(self, prefix: str, limit: int) -> list[str]:
        """Both collections' completions, in the port's order (shortest first, then by words and term)."""
        terms = {*self.people.suggest(prefix, limit), *self.studios.suggest(prefix, limit)}
        return sorted(terms, key=lambda term: (len(normalised(term)), normalised(term), term))[:limit]

    def ids(self) -> list[str]:
        return sorted({*self.people.ids(), *self.studios.ids()})

    def status(self) -> IndexStatus:
        people, studios = self.people.status(), self.studios.status()
        return IndexStatus(people.documents + studios.documents, people.tombstones + studios.tombstones)

    def use_synonyms(self, synonyms: Sequence[Synonym]) -> None:
        self.people.use_synonyms(synonyms)
        self.studios.use_synonyms(synonyms)
