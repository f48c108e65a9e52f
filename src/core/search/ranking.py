"""The ranking blend and the fairness pass: weights as data, every signal in 0..1. Pure.

score = sum(weight * signal) over text relevance, proximity (halves every ``proximity_half_km``), verification,
completeness, reputation, availability (the asked date's bookable minutes, else the next 14 days'), price fit
(the band overlaps the asked range) and freshness (halves every ``freshness_half_days`` since the last update).
Weights are never negative, so raising one signal alone never lowers a score. The query-independent part
(``static_score``) is what an index may sort on before the core re-ranks its top candidates. The fairness pass:
new providers hold some of the first places (``with_newcomers``), and no owner appears more than twice in a page
(``fair_pages``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import attrs

from core.profiles.details import GeoPoint
from core.search.documents import AVAILABILITY_DAYS, SearchDocument
from core.search.query import Filters
from core.shared.errors import InvalidInput

FULL_DAY_MINUTES = 8 * 60  # a day with this much bookable time counts as fully available
MAX_PER_OWNER = 2  # the fairness pass: no owner more often than this in one page
NEWCOMER_PLACES, NEWCOMER_SLOTS = 20, 3  # the fairness pass: new providers hold some of the first places
NEWCOMER_AGE = timedelta(days=30)  # a provider listed this recently is new


@attrs.frozen
class Weights:
    text: float = 3.0
    proximity: float = 1.5
    verification: float = 1.0
    completeness: float = 1.0
    reputation: float = 1.0
    availability: float = 1.0
    price_fit: float = 0.5
    freshness: float = 0.5
    proximity_half_km: float = 10.0
    freshness_half_days: float = 60.0

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(Weights):
            value = getattr(self, field.name)
            if not (math.isfinite(value) and value >= 0):
                raise InvalidInput(f"weights.{field.name}", "must be a finite number >= 0")
        if self.proximity_half_km <= 0 or self.freshness_half_days <= 0:
            raise InvalidInput("weights", "half-lives must be positive")


DEFAULT_WEIGHTS = Weights()


@attrs.frozen
class Signals:
    """One document's signals for one query, each in 0..1."""

    text: float
    proximity: float
    verification: float
    completeness: float
    reputation: float
    availability: float
    price_fit: float
    freshness: float


def haversine_km(a: GeoPoint, b: GeoPoint) -> float:
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _halving(amount: float, half: float) -> float:
    return float(0.5 ** (max(0.0, amount) / half))


def signals_of(
    document: SearchDocument, text: float, *, point: GeoPoint | None, filters: Filters, now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Signals:  # fmt: skip
    """The signals of ``document`` for a query (``text``: the index's relevance, 0..1; ``point``: the searcher)."""
    proximity = 0.0
    if point is not None and document.geo is not None:
        proximity = _halving(haversine_km(point, document.geo), weights.proximity_half_km)
    return Signals(
        text=min(1.0, max(0.0, text)),
        proximity=proximity,
        verification=1.0 if document.verified else 0.0,
        completeness=document.completeness / 100,
        reputation=document.reputation,
        availability=availability_signal(document, filters.available_on),
        price_fit=price_fit(document, filters),
        freshness=_halving((now - document.updated_at).total_seconds() / 86400, weights.freshness_half_days),
    )


def availability_signal(document: SearchDocument, on: date | None) -> float:
    if on is not None:
        return min(1.0, document.minutes_on(on) / FULL_DAY_MINUTES)
    return min(1.0, document.bookable_minutes / (FULL_DAY_MINUTES * AVAILABILITY_DAYS))


def price_fit(document: SearchDocument, filters: Filters) -> float:
    """1 when a price range was asked and the band overlaps it, else 0 (no range asked: nobody gains)."""
    if filters.min_price is None and filters.max_price is None:
        return 0.0
    low = document.price_min if document.price_min is not None else document.price_max
    high = document.price_max if document.price_max is not None else document.price_min
    if low is None or high is None:
        return 0.0
    above_min = filters.min_price is None or high >= filters.min_price
    below_max = filters.max_price is None or low <= filters.max_price
    return 1.0 if above_min and below_max else 0.0


def score(signals: Signals, weights: Weights = DEFAULT_WEIGHTS) -> float:
    return (
        weights.text * signals.text + weights.proximity * signals.proximity
        + weights.verification * signals.verification + weights.completeness * signals.completeness
        + weights.reputation * signals.reputation + weights.availability * signals.availability
        + weights.price_fit * signals.price_fit + weights.freshness * signals.freshness
    )  # fmt: skip


def static_score(document: SearchDocument, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The query-independent part of the blend (verification, completeness, reputation, the next days'
    availability): an index sorts on it to pick the candidates the core re-ranks."""
    return (
        weights.verification * (1.0 if document.verified else 0.0)
        + weights.completeness * document.completeness / 100
        + weights.reputation * document.reputation
        + weights.availability * availability_signal(document, None)
    )


@attrs.frozen
class Ranked:
    document: SearchDocument
    score: float


def ranked(scored: Sequence[Ranked]) -> list[Ranked]:
    """Best first; ties by id, so an order never depends on the index's."""
    return sorted(scored, key=lambda item: (-item.score, item.document.id))


def owner_key(document: SearchDocument) -> str:
    return document.owner_id or f"profile:{document.id}"  # an unowned (seeded) profile is its own owner


def is_newcomer(document: SearchDocument, now: datetime, age: timedelta = NEWCOMER_AGE) -> bool:
    """A provider whose profile was created within ``age`` of ``now`` (the ranking instant)."""
    return document.kind == "provider" and now - document.created_at <= age


def with_newcomers(
    items: Sequence[Ranked], now: datetime, places: int = NEWCOMER_PLACES, slots: int = NEWCOMER_SLOTS
) -> list[Ranked]:
    """``items`` (best first) with at least ``min(slots, newcomers)`` newcomers among the first ``places``: the
    best newcomers ranked below move up to the last of those places; every other item keeps its order."""
    head = items[:places]
    newcomers = [item for item in items if is_newcomer(item.document, now)]
    short = min(slots, len(newcomers)) - sum(is_newcomer(item.document, now) for item in head)
    if short <= 0:
        return list(items)
    promoted = [item for item in newcomers if item not in head][:short]
    moved = {item.document.id for item in promoted}
    rest = [item for item in items if item.document.id not in moved]
    at = places - len(promoted)
    return [*rest[:at], *promoted, *rest[at:]]


def fair_pages(items: Sequence[Ranked], page_size: int, per_owner: int = MAX_PER_OWNER) -> list[list[Ranked]]:
    """Cut ``items`` (best first) into pages with no owner more than ``per_owner`` times in a page: an owner's
    extra items move to the next page that has room for them, keeping their order otherwise."""
    pages: list[list[Ranked]] = []
    waiting = list(items)
    while waiting:
        page: list[Ranked] = []
        counts: dict[str, int] = {}
        rest: list[Ranked] = []
        for item in waiting:
            owner = owner_key(item.document)
            if len(page) < page_size and counts.get(owner, 0) < per_owner:
                page.append(item)
                counts[owner] = counts.get(owner, 0) + 1
            else:
                rest.append(item)
        pages.append(page)
        waiting = rest
    return pages
