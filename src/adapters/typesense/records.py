"""SearchDocument <-> a Typesense record of the people collection, its schema, and the filter_by of a query.

A record holds the document whole (``document``, JSON, not indexed) for an exact round trip, plus the fields
Typesense searches, filters, facets and sorts on. A deleted id stays as a tombstone record (``listed`` false,
its version kept) so an older write cannot bring it back; every read filters on ``listed:true``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import cattrs

from core.search.documents import SearchDocument, search_text
from core.search.query import PRICE_BUCKETS, Filters
from core.search.ranking import static_score

NO_CAPACITY = 0  # capacity of a document without one: below every asked minimum
NO_PRICE = -1  # price_low/price_high of a document without a band: below every asked price, so never in range
MAX_PREFIX = 40  # a query word longer than this matches no document
DAY_SLOT = 10_000  # day_minutes encodes a day as its ordinal * DAY_SLOT + its minutes (a day has < DAY_SLOT)

_converter = cattrs.Converter(forbid_extra_keys=True)
_converter.register_unstructure_hook(datetime, lambda value: value.astimezone(UTC).isoformat())
_converter.register_structure_hook(datetime, lambda value, _type: datetime.fromisoformat(value).astimezone(UTC))
_converter.register_unstructure_hook(date, lambda value: value.isoformat())
_converter.register_structure_hook(date, lambda value, _type: date.fromisoformat(value))


def _field(name: str, kind: str, **options: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **options}


# 0.24 sorts on at most 3 keys: text match (or created_at), the precomputed static score, and `key` (the id)
FIELDS: list[dict[str, Any]] = [
    _field("key", "string", sort=True),
    _field("source_version", "int64"),
    _field("listed", "bool"),
    _field("document", "string", index=False, optional=True),
    _field("body", "string"),
    _field("prefixes", "string"),  # every prefix of every word of body: each query word must be one of them
    _field("city", "string", facet=True),
    _field("roles", "string[]", facet=True),
    _field("tags", "string[]"),
    _field("languages", "string[]"),
    _field("terms", "string[]", facet=True),  # names, roles, tags and city as written: the suggestions
    _field("price_low", "int64"),
    _field("price_high", "int64"),
    _field("price_bucket", "string", facet=True),
    _field("geo", "geopoint", optional=True),
    _field("day_minutes", "int64[]"),
    _field("verified", "bool"),
    _field("instant_book", "bool"),
    _field("safe", "bool"),
    _field("static_score", "float"),
    _field("created_at", "int64"),
    _field("amenities", "string[]", facet=True),  # studios only (their own collection), as is capacity
    _field("capacity", "int32"),
]


def schema(name: str) -> dict[str, Any]:
    return {"name": name, "fields": FIELDS}


def document_json(document: SearchDocument) -> str:
    return json.dumps(_converter.unstructure(document), separators=(",", ":"), sort_keys=True)


def document_from(payload: str) -> SearchDocument:
    return _converter.structure(json.loads(payload), SearchDocument)


def prefixes(text: str) -> str:
    """Every prefix of every word of ``text``, once each: Typesense treats only a query's last word as a
    prefix, so the index spells out the prefixes and matches every query word exactly against them."""
    words = {word[:length] for word in text.split() for length in range(1, min(len(word), MAX_PREFIX) + 1)}
    return " ".join(sorted(words))


def price_bucket(document: SearchDocument) -> str:
    """The facet's bucket of the band's lower end (whole units), or "" for a document without a price."""
    low = document.price_min if document.price_min is not None else document.price_max
    if low is None:
        return ""
    units = low // 100
    return next(name for name, start, end in PRICE_BUCKETS if units >= start and (end is None or units < end))


def record(document: SearchDocument) -> dict[str, Any]:
    d = document
    low = d.price_min if d.price_min is not None else d.price_max
    high = d.price_max if d.price_max is not None else d.price_min
    fields: dict[str, Any] = {
        "id": d.id, "key": d.id, "source_version": d.source_version, "listed": True, "document": document_json(d),
        "body": (body := search_text(d)), "prefixes": prefixes(body), "city": d.city, "roles": list(d.roles),
        "tags": list(d.tags), "languages": list(d.languages),
        "terms": [term for term in (d.display_name, *d.roles, *d.tags, d.city) if term],
        "price_low": NO_PRICE if low is None else low, "price_high": NO_PRICE if high is None else high,
        "price_bucket": price_bucket(d),
        "day_minutes": [day.on.toordinal() * DAY_SLOT + min(day.minutes, DAY_SLOT - 1) for day in d.days],
        "verified": d.verified, "instant_book": d.instant_book, "safe": d.safe, "static_score": static_score(d),
        "created_at": int(d.created_at.timestamp() * 1_000_000), "amenities": list(d.amenities),
        "capacity": NO_CAPACITY if d.capacity is None else d.capacity,
    }  # fmt: skip
    if d.geo is not None:
        fields["geo"] = [d.geo.lat, d.geo.lon]
    return fields


def tombstone(document_id: str, source_version: int) -> dict[str, Any]:
    """What a deleted id leaves: its version, unlisted, matching no filter and no word."""
    return {
        "id": document_id, "key": document_id, "source_version": source_version, "listed": False, "body": "",
        "prefixes": "", "city": "", "roles": [], "tags": [], "languages": [], "terms": [], "price_low": NO_PRICE,
        "price_high": NO_PRICE, "price_bucket": "", "day_minutes": [], "verified": False, "instant_book": False,
        "safe": False, "static_score": 0.0, "created_at": 0, "amenities": [], "capacity": NO_CAPACITY,
    }  # fmt: skip


def _quoted(value: str) -> str:
    return "`" + value.replace("`", "") + "`"  # values are checked slugs/tags; a backtick could end the quote


def _any_of(values: tuple[str, ...]) -> str:
    return "[" + ",".join(_quoted(value) for value in values) + "]"


def filter_by(f: Filters) -> str:
    """The query's filters in Typesense's filter_by syntax (``Filters`` states the rules; the kind is the
    collection's, ``core.search.collections``)."""
    clauses = ["listed:true"]
    if f.safe_only:
        clauses.append("safe:true")
    clauses.extend(f"amenities:={_quoted(amenity)}" for amenity in f.amenities)
    if f.min_capacity is not None:
        clauses.append(f"capacity:>={f.min_capacity}")
    if f.city is not None:
        clauses.append(f"city:={_quoted(f.city)}")
    if f.roles:
        clauses.append(f"roles:={_any_of(f.roles)}")
    clauses.extend(f"tags:={_quoted(tag)}" for tag in f.tags)
    if f.languages:
        clauses.append(f"languages:={_any_of(f.languages)}")
    if f.min_price is not None:
        clauses.append(f"price_high:>={f.min_price}")
    if f.max_price is not None:
        clauses.append(f"price_low:[0..{f.max_price}]")
    if f.verified is not None:
        clauses.append(f"verified:{str(f.verified).lower()}")
    if f.instant_book is not None:
        clauses.append(f"instant_book:{str(f.instant_book).lower()}")
    if f.radius is not None:
        center = f.radius.center
        clauses.append(f"geo:({center.lat}, {center.lon}, {f.radius.km} km)")
    if f.available_on is not None:
        day = f.available_on.toordinal() * DAY_SLOT
        clauses.append(f"day_minutes:[{day + max(0, f.minutes)}..{day + DAY_SLOT - 1}]")
    if f.excluded_ids:  # 0.24 has no not-equals on ``id``: ``key`` holds it
        clauses.append(f"key:!={_any_of(f.excluded_ids)}")
    return " && ".join(clauses)
