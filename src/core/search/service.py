"""People search: the index's top candidates re-ranked by the blend, cut into fair pages, behind a cursor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from core.search import ranking
from core.search.cursor import PagePosition, decode_cursor, encode_cursor
from core.search.documents import SearchDocument, normalised
from core.search.ports import Facets, SearchIndex
from core.search.query import IndexQuery, PeopleQuery, Sort, index_text
from core.search.ranking import DEFAULT_WEIGHTS, Ranked, Weights, fair_pages, ranked, score, signals_of
from core.search.synonyms import Synonym, relevant

CANDIDATES, MAX_CANDIDATES = 200, 1000  # the index's top candidates the core re-ranks (at least; at most)
MAX_SUGGEST_CHARS, SUGGESTIONS = 50, 8


@attrs.frozen
class PeopleResults:
    hits: tuple[Ranked, ...]
    found: int
    facets: Facets
    next_cursor: str | None
    degraded: bool = False  # a fallback index answered (the edge says so: X-Search-Degraded)


def search_people(
    query: PeopleQuery, index: SearchIndex, *, cursor_key: bytes, now: datetime, weights: Weights = DEFAULT_WEIGHTS,
    synonyms: Sequence[Synonym] = (),
) -> PeopleResults:  # fmt: skip
    """One page of people (or studios: the query's kind) for ``query``. The first page ranks at ``now``; a
    cursor's pages at the instant its first page did, so freshness cannot reorder what the reader pages through.
    Raises ``InvalidCursor``."""
    fingerprint = query.fingerprint()
    position = PagePosition(0, now) if query.cursor is None else decode_cursor(query.cursor, fingerprint, cursor_key)
    window = min(MAX_CANDIDATES, max(CANDIDATES, 2 * (position.offset + query.limit)))
    words = index_text(query)
    asked = IndexQuery(words, query.filters, Sort.RELEVANCE, window, 0, facets=True, synonyms=relevant(words, synonyms))
    page = index.query(asked)
    scored = [
        Ranked(hit.document, score(signals_of(hit.document, hit.relevance, point=query.point, filters=query.filters,
                                              now=position.as_of, weights=weights), weights))
        for hit in page.hits
    ]  # fmt: skip
    ordered = [
        item for cut in fair_pages(ranking.with_newcomers(ranked(scored), position.as_of), query.limit) for item in cut
    ]
    shown = ordered[position.offset : position.offset + query.limit]
    end = position.offset + len(shown)
    more = end < len(ordered)
    cursor = encode_cursor(PagePosition(end, position.as_of), fingerprint, cursor_key) if more and shown else None
    return PeopleResults(tuple(shown), page.found, page.facets or Facets(), cursor, page.degraded)


def suggestions(prefix: str, index: SearchIndex, limit: int = SUGGESTIONS) -> list[str]:
    """Completions of ``prefix`` (names, roles, tags, cities); none for an empty prefix."""
    words = normalised(prefix[:MAX_SUGGEST_CHARS])
    return index.suggest(words, limit) if words else []


def card(document: SearchDocument) -> dict[str, object]:
    """What a result shows (the edges' JSON): never the owner, never a non-public image; a studio's prices are
    its hourly band, and it shows its amenities and capacity."""
    studio = {"amenities": list(document.amenities), "capacity": document.capacity} if document.kind == "studio" else {}
    return studio | {
        "id": document.id, "slug": document.slug, "kind": document.kind, "display_name": document.display_name,
        "headline": document.headline, "city": document.city, "roles": list(document.roles),
        "tags": list(document.tags), "price_min": document.price_min, "price_max": document.price_max,
        "currency": document.currency, "verified": document.verified, "instant_book": document.instant_book,
        "image": document.images[0] if document.images else None, "url": f"/p/{document.slug}",
    }  # fmt: skip
