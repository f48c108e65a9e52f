"""The in-memory SearchIndex: the contract's reference, for unit tests and a store-less run."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import attrs

from core.search.bulk import write_each
from core.search.documents import DayMinutes, SearchDocument, normalised, search_text
from core.search.ports import Facets, Hit, IndexPage, IndexStatus, Written
from core.search.query import PRICE_BUCKETS, Filters, IndexQuery, Sort
from core.search.ranking import static_score
from core.search.synonyms import Alternatives, Synonym, alternatives, matches_alternatives, whole_share


def passes(document: SearchDocument, filters: Filters) -> bool:
    """Whether ``document`` meets every filter (``Filters`` states the rules)."""
    f = filters
    low = document.price_min if document.price_min is not None else document.price_max
    high = document.price_max if document.price_max is not None else document.price_min
    checks = (
        not f.safe_only or document.safe,
        f.kind is None or document.kind == f.kind,
        set(f.amenities) <= set(document.amenities),
        f.min_capacity is None or (document.capacity is not None and document.capacity >= f.min_capacity),
        f.city is None or document.city == f.city,
        not f.roles or bool(set(f.roles) & set(document.roles)),
        set(f.tags) <= set(document.tags),
        not f.languages or bool(set(f.languages) & set(document.languages)),
        f.min_price is None or (high is not None and high >= f.min_price),
        f.max_price is None or (low is not None and low <= f.max_price),
        f.verified is None or document.verified is f.verified,
        f.instant_book is None or document.instant_book is f.instant_book,
        f.radius is None or f.radius.contains(document.geo),
        f.available_on is None or document.minutes_on(f.available_on) >= f.minutes,
        document.id not in f.excluded_ids,
    )
    return all(checks)


def relevance(groups: Sequence[Alternatives], text: str) -> float:
    """1 with no words; else 0.5 plus half the share of words that match (one of their ways) whole words."""
    return 1.0 if not groups else 0.5 + 0.5 * whole_share(groups, text)


def bucket_of(document: SearchDocument) -> str | None:
    low = document.price_min if document.price_min is not None else document.price_max
    if low is None:
        return None
    units = low // 100
    return next(name for name, start, end in PRICE_BUCKETS if units >= start and (end is None or units < end))


def facets_of(documents: list[SearchDocument]) -> Facets:
    roles: dict[str, int] = {}
    cities: dict[str, int] = {}
    prices: dict[str, int] = {}
    for document in documents:
        for role in document.roles:
            roles[role] = roles.get(role, 0) + 1
        if document.city:
            cities[document.city] = cities.get(document.city, 0) + 1
        if (bucket := bucket_of(document)) is not None:
            prices[bucket] = prices.get(bucket, 0) + 1

    def ordered(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    return Facets(ordered(roles), ordered(cities), tuple((n, prices[n]) for n, _, _ in PRICE_BUCKETS if n in prices))


class InMemorySearchIndex:
    def __init__(self) -> None:
        self._versions: dict[str, int] = {}
        self._documents: dict[str, SearchDocument] = {}
        self._lock = threading.Lock()

    def upsert(self, document: SearchDocument) -> bool:
        with self._lock:
            if self._versions.get(document.id, -1) >= document.source_version:
                return False
            self._versions[document.id] = document.source_version
            self._documents[document.id] = document
            return True

    def delete(self, document_id: str, source_version: int) -> bool:
        with self._lock:
            if self._versions.get(document_id, -1) >= source_version:
                return False
            self._versions[document_id] = source_version
            return self._documents.pop(document_id, None) is not None

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        return write_each(self, documents, deletions)

    def refresh_days(self, days: Mapping[str, tuple[DayMinutes, ...]]) -> int:
        changed = 0
        with self._lock:
            for document_id, new in days.items():
                current = self._documents.get(document_id)
                if current is not None and current.days != new:
                    self._documents[document_id] = attrs.evolve(current, days=new)
                    changed += 1
        return changed

    def query(self, query: IndexQuery) -> IndexPage:
        with self._lock:
            documents = list(self._documents.values())
        groups = alternatives(query.text, query.synonyms)
        matched = [
            Hit(d, relevance(groups, text))
            for d in documents
            if passes(d, query.filters) and matches_alternatives(groups, text := search_text(d))
        ]
        if query.sort is Sort.NEWEST:
            matched.sort(key=lambda hit: (-hit.document.created_at.timestamp(), hit.document.id))
        else:
            matched.sort(key=lambda hit: (-hit.relevance, -static_score(hit.document), hit.document.id))
        hits = tuple(matched[query.offset : query.offset + query.limit])
        facets = facets_of([hit.document for hit in matched]) if query.facets else None
        return IndexPage(hits, len(matched), facets)

    def suggest(self, prefix: str, limit: int) -> list[str]:
        with self._lock:
            documents = [d for d in self._documents.values() if d.safe]
        terms = {
            (normal, term)
            for d in documents
            for term in (d.display_name, *d.roles, *d.tags, d.city)
            if (normal := normalised(term)) and normal.startswith(prefix)
        }
        return [term for _, term in sorted(terms, key=lambda pair: (len(pair[0]), *pair))][:limit]

    def use_synonyms(self, synonyms: Sequence[Synonym]) -> None:
        """Nothing to keep: each query carries its synonyms (``IndexQuery.synonyms``)."""

    def ids(self) -> list[str]:
        with self._lock:
            return sorted(self._documents)

    def status(self) -> IndexStatus:
        with self._lock:
            return IndexStatus(len(self._documents), len(self._versions) - len(self._documents))
