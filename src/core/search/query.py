"""Search queries: the filters an index applies, and the people query read from an edge's parameters. Pure.

Bad input is ``InvalidInput`` naming the parameter (a 422): an unknown parameter or filter value, an inverted
price range, a radius without a point, a limit above MAX_LIMIT.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum

import attrs

from core.profiles.details import LANGUAGE_PATTERN, TAG_PATTERN, GeoPoint
from core.profiles.model import SLUG_PATTERN, Role
from core.profiles.studio import MAX_CAPACITY
from core.search.documents import tokens
from core.search.synonyms import Synonym
from core.shared.errors import InvalidInput

MAX_LIMIT, DEFAULT_LIMIT = 100, 24
MAX_QUERY_CHARS, MAX_RADIUS_KM, MAX_LIST = 200, 500.0, 10
KM_PER_DEGREE = 111.32
# price buckets of the facet, in whole units of the band's currency: [low, high) each, None open-ended
PRICE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("under-100", 0, 100), ("100-250", 100, 250), ("250-500", 250, 500), ("500-plus", 500, None),
)  # fmt: skip
PARAMETERS = frozenset(
    {"q", "city", "role", "tags", "min_price", "max_price", "date", "duration", "lat", "lon", "radius_km",
     "verified", "instant_book", "language", "limit", "cursor"}
)  # fmt: skip
STUDIO_PARAMETERS = (PARAMETERS - {"role", "language"}) | {"amenities", "min_capacity"}
_FLAGS = {"true": True, "1": True, "false": False, "0": False}


class Sort(Enum):
    RELEVANCE = "relevance"  # text relevance, then the precomputed query-independent score, then id
    NEWEST = "newest"  # created_at descending, then id


@attrs.frozen
class Radius:
    """Documents within ``km`` of ``center`` (equirectangular distance: within 1% under 500 km off the poles)."""

    center: GeoPoint
    km: float

    def contains(self, point: GeoPoint | None) -> bool:
        return point is not None and approximate_km(self.center, point) <= self.km


def approximate_km(a: GeoPoint, b: GeoPoint) -> float:
    """The equirectangular distance: plain arithmetic, so SQL can compute the same figure as the core."""
    dx = (b.lon - a.lon) * KM_PER_DEGREE * math.cos(math.radians(a.lat))
    dy = (b.lat - a.lat) * KM_PER_DEGREE
    return math.hypot(dx, dy)


@attrs.frozen
class Filters:
    """What an index keeps: every given filter must hold. Roles and languages: any of them; tags: all of them;
    prices: the document's band overlaps [min_price, max_price] (minor units); a date: at least ``minutes``
    bookable that day. ``safe_only``: Safe-Mode (public queries always set it). ``kind``: providers or studios
    (each in its own collection where the index has collections); a studio's ``amenities``: all of them;
    ``min_capacity``: it holds at least that many people. ``excluded_ids``: documents never matched (the profiles
    of users the searcher blocked or who blocked them), not found, counted or faceted either."""

    safe_only: bool = True
    kind: str | None = None
    city: str | None = None
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    min_price: int | None = None
    max_price: int | None = None
    verified: bool | None = None
    instant_book: bool | None = None
    radius: Radius | None = None
    available_on: date | None = None
    minutes: int = 60
    amenities: tuple[str, ...] = ()
    min_capacity: int | None = None
    excluded_ids: tuple[str, ...] = ()  # sorted, distinct (``excluding``)


@attrs.frozen
class IndexQuery:
    """One question to the index: words (prefix-matched, all required; a word with a synonym matches it or an
    expansion), filters, sort and a page."""

    text: tuple[str, ...] = ()
    filters: Filters = Filters()
    sort: Sort = Sort.RELEVANCE
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    facets: bool = False
    synonyms: tuple[Synonym, ...] = ()  # those whose term is one of the words (``synonyms.relevant``)


@attrs.frozen
class PeopleQuery:
    """``GET /api/search/people`` as the core reads it; ``point`` is where the searcher is (for proximity)."""

    text: str
    filters: Filters
    point: GeoPoint | None
    limit: int
    cursor: str | None

    def fingerprint(self) -> str:
        """What a cursor is bound to: everything but the cursor and the exclusions, the words normalised (a cursor
        stays good across a block made while paging; the exclusion still applies to every page)."""
        return repr((index_text(self), attrs.evolve(self.filters, excluded_ids=()), self.point, self.limit))

    def excluding(self, ids: Iterable[str]) -> PeopleQuery:
        """This query with the documents ``ids`` never listed (as well as any it excluded already)."""
        excluded = tuple(sorted({*self.filters.excluded_ids, *ids}))
        return attrs.evolve(self, filters=attrs.evolve(self.filters, excluded_ids=excluded))


def _list(params: Mapping[str, str], name: str, pattern: re.Pattern[str], lower: bool = True) -> tuple[str, ...]:
    raw = params.get(name, "")
    values = tuple(dict.fromkeys(v.strip().lower() if lower else v.strip() for v in raw.split(",") if v.strip()))
    if len(values) > MAX_LIST:
        raise InvalidInput(name, f"at most {MAX_LIST} values")
    for value in values:
        if not pattern.match(value):
            raise InvalidInput(name, f"unknown value {value[:40]!r}")
    return values


def _number(params: Mapping[str, str], name: str, low: float, high: float) -> float | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(name, "must be a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise InvalidInput(name, f"must be between {low:g} and {high:g}")
    return value


def _whole(params: Mapping[str, str], name: str, low: int, high: int, default: int | None) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(name, f"must be a whole number from {low} to {high}")
    return int(raw)


def _flag(params: Mapping[str, str], name: str) -> bool | None:
    raw = params.get(name, "").strip().lower()
    if not raw:
        return None
    if raw not in _FLAGS:
        raise InvalidInput(name, "must be true or false")
    return _FLAGS[raw]


def _date(params: Mapping[str, str]) -> date | None:
    raw = params.get("date", "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise InvalidInput("date", "must be a date such as 2026-12-24") from None


def _point(params: Mapping[str, str]) -> GeoPoint | None:
    lat, lon = _number(params, "lat", -90, 90), _number(params, "lon", -180, 180)
    if (lat is None) != (lon is None):
        raise InvalidInput("lat" if lat is None else "lon", "lat and lon go together")
    return None if lat is None or lon is None else GeoPoint(lat, lon)


_ROLE = re.compile("^(?:" + "|".join(role.value for role in Role) + r")\Z")


def people_query(params: Mapping[str, str], *, minor_per_unit: int = 100) -> PeopleQuery:
    """Read and check the parameters of a people search (Safe-Mode always on). Prices are whole units of the
    document's currency (``minor_per_unit`` minor units each). Raises ``InvalidInput`` naming the parameter."""
    return _query(params, PARAMETERS, "provider", minor_per_unit)


def studio_query(params: Mapping[str, str], *, minor_per_unit: int = 100) -> PeopleQuery:
    """Read and check the parameters of a studio search: as people's, without roles and languages, with
    ``amenities`` (all required) and ``min_capacity`` (people); prices are hourly rates in whole units."""
    return _query(params, STUDIO_PARAMETERS, "studio", minor_per_unit)


def _query(params: Mapping[str, str], allowed: frozenset[str], kind: str, minor_per_unit: int) -> PeopleQuery:
    for name in params:
        if name not in allowed:
            raise InvalidInput(name, "unknown parameter")
    text = params.get("q", "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput("q", f"at most {MAX_QUERY_CHARS} characters")
    city = params.get("city", "").strip().lower() or None
    if city is not None and not SLUG_PATTERN.match(city):
        raise InvalidInput("city", "must be a city slug such as 'los-angeles'")
    low, high = _whole(params, "min_price", 0, 10**7, None), _whole(params, "max_price", 0, 10**7, None)
    if low is not None and high is not None and low > high:
        raise InvalidInput("min_price", "must not be above max_price")
    point, radius_km = _point(params), _number(params, "radius_km", 0.1, MAX_RADIUS_KM)
    if radius_km is not None and point is None:
        raise InvalidInput("radius_km", "needs lat and lon")
    filters = Filters(
        kind=kind, amenities=_list(params, "amenities", TAG_PATTERN),
        min_capacity=_whole(params, "min_capacity", 1, MAX_CAPACITY, None),
        city=city, roles=_list(params, "role", _ROLE), tags=_list(params, "tags", TAG_PATTERN),
        languages=_list(params, "language", LANGUAGE_PATTERN, lower=False),
        min_price=None if low is None else low * minor_per_unit,
        max_price=None if high is None else high * minor_per_unit,
        verified=_flag(params, "verified"), instant_book=_flag(params, "instant_book"),
        radius=None if radius_km is None or point is None else Radius(point, radius_km),
        available_on=_date(params), minutes=_whole(params, "duration", 15, 720, 60) or 60,
    )  # fmt: skip
    limit = _whole(params, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT) or DEFAULT_LIMIT
    return PeopleQuery(text, filters, point, limit, params.get("cursor") or None)


def index_text(query: PeopleQuery) -> tuple[str, ...]:
    """The query's words as every adapter matches them."""
    return tuple(tokens(query.text))[:10]
