"""Row <-> domain mapping of the profile details kept as columns and JSON documents on `profiles`.

Links, packages and a studio's details are JSON documents mapped field for field by a private cattrs converter
(``Money`` as ``{"amount", "currency"}``, tuples as lists); the geo point and the price band are columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cattrs
from sqlalchemy import Row

from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.model import ProfileFields
from core.profiles.studio import StudioDetails
from core.shared.money import Money

_documents = cattrs.Converter(unstruct_collection_overrides={Sequence: list})


def detail_columns(fields: ProfileFields) -> dict[str, Any]:
    """The detail columns of a profile row."""
    band_currency = (fields.price_min or fields.price_max).currency if (fields.price_min or fields.price_max) else None
    return {
        "tags": list(fields.tags),
        "languages": list(fields.languages),
        "links": _documents.unstructure(fields.links),
        "packages": _documents.unstructure(fields.packages),
        "geo_lat": None if fields.geo is None else fields.geo.lat,
        "geo_lon": None if fields.geo is None else fields.geo.lon,
        "price_min_amount": None if fields.price_min is None else fields.price_min.amount,
        "price_max_amount": None if fields.price_max is None else fields.price_max.amount,
        "price_currency": band_currency,
        "studio": _documents.unstructure(fields.studio),
    }


def detail_values(row: Row[Any]) -> dict[str, Any]:
    """The ``ProfileFields`` keyword arguments the detail columns of ``row`` hold."""
    currency = row.price_currency
    return {
        "tags": tuple(row.tags),
        "languages": tuple(row.languages),
        "links": _documents.structure(row.links, tuple[Link, ...]),
        "packages": _documents.structure(row.packages, tuple[ServicePackage, ...]),
        "geo": None if row.geo_lat is None else GeoPoint(row.geo_lat, row.geo_lon),
        "price_min": None if row.price_min_amount is None else Money(row.price_min_amount, currency),
        "price_max": None if row.price_max_amount is None else Money(row.price_max_amount, currency),
        "studio": _documents.structure(row.studio, StudioDetails | None),
    }
