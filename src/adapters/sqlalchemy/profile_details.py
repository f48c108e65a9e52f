"""Row <-> domain mapping of the profile details kept as columns and JSON documents on `profiles`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.model import ProfileFields
from core.profiles.studio import Address, Contact, StudioDetails
from core.shared.money import Money


def _money(amount: Money | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": amount.amount, "currency": amount.currency}


def _money_from(document: dict[str, Any] | None) -> Money | None:
    return None if document is None else Money(document["amount"], document["currency"])


def _studio_document(studio: StudioDetails) -> dict[str, Any]:
    address = studio.address
    return {
        "contact": {"email": studio.contact.email, "phone": studio.contact.phone},
        "address": None if address is None else {
            "street": address.street, "city": address.city, "postal_code": address.postal_code,
            "country": address.country, "region": address.region, "area": address.area,
        },
        "amenities": list(studio.amenities),
        "hourly_min": _money(studio.hourly_min),
        "hourly_max": _money(studio.hourly_max),
        "deposit": _money(studio.deposit),
    }  # fmt: skip


def _studio_from(document: dict[str, Any]) -> StudioDetails:
    address = document["address"]
    return StudioDetails(
        contact=Contact(**document["contact"]),
        address=None if address is None else Address(**address),
        amenities=tuple(document["amenities"]),
        hourly_min=_money_from(document["hourly_min"]),
        hourly_max=_money_from(document["hourly_max"]),
        deposit=_money_from(document["deposit"]),
    )


def detail_columns(fields: ProfileFields) -> dict[str, Any]:
    """The detail columns of a profile row."""
    band_currency = (fields.price_min or fields.price_max).currency if (fields.price_min or fields.price_max) else None
    return {
        "tags": list(fields.tags),
        "languages": list(fields.languages),
        "links": [{"label": link.label, "url": link.url} for link in fields.links],
        "packages": [
            {"name": p.name, "duration_minutes": p.duration_minutes, "price": _money(p.price), "extras": list(p.extras)}
            for p in fields.packages
        ],
        "geo_lat": None if fields.geo is None else fields.geo.lat,
        "geo_lon": None if fields.geo is None else fields.geo.lon,
        "price_min_amount": None if fields.price_min is None else fields.price_min.amount,
        "price_max_amount": None if fields.price_max is None else fields.price_max.amount,
        "price_currency": band_currency,
        "studio": None if fields.studio is None else _studio_document(fields.studio),
    }


def detail_values(row: Row[Any]) -> dict[str, Any]:
    """The ``ProfileFields`` keyword arguments the detail columns of ``row`` hold."""
    currency = row.price_currency
    return {
        "tags": tuple(row.tags),
        "languages": tuple(row.languages),
        "links": tuple(Link(item["label"], item["url"]) for item in row.links),
        "packages": tuple(
            ServicePackage(
                p["name"],
                p["duration_minutes"],
                Money(p["price"]["amount"], p["price"]["currency"]),
                tuple(p["extras"]),
            )
            for p in row.packages
        ),
        "geo": None if row.geo_lat is None else GeoPoint(row.geo_lat, row.geo_lon),
        "price_min": None if row.price_min_amount is None else Money(row.price_min_amount, currency),
        "price_max": None if row.price_max_amount is None else Money(row.price_max_amount, currency),
        "studio": None if row.studio is None else _studio_from(row.studio),
    }
