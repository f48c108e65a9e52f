"""Values an owner edits on a profile: geo point, links, packages, price band, languages and tags."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import attrs

from core.shared.errors import InvalidInput
from core.shared.money import Money
from core.shared.text import refusal

TAG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?\Z")  # BCP 47 language, optional region: "en", "pt-BR"
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*\Z")
MAX_TAGS, MAX_LANGUAGES, MAX_LINKS, MAX_PACKAGES, MAX_EXTRAS = 20, 10, 10, 10, 10


def text_of(field: str, value: str, *, minimum: int, maximum: int, multiline: bool = False) -> str:
    """``value`` stripped, or ``InvalidInput`` naming ``field`` when its length is outside the bounds or it holds
    controls or bidi overrides (``multiline``: free text, which keeps tabs and line breaks)."""
    value = value.strip()
    if not minimum <= len(value) <= maximum:
        raise InvalidInput(field, f"must be {minimum}..{maximum} characters")
    if (reason := refusal(value, multiline=multiline)) is not None:
        raise InvalidInput(field, reason)
    return value


def unique(field: str, values: Iterable[object], maximum: int) -> None:
    items = list(values)
    if len(items) > maximum:
        raise InvalidInput(field, f"at most {maximum} items")
    if len(set(items)) != len(items):
        raise InvalidInput(field, "each item may appear once")


def positive(field: str, amount: Money) -> Money:
    if amount.amount <= 0:
        raise InvalidInput(field, "must be positive")
    return amount


@attrs.frozen
class GeoPoint:
    """WGS 84 latitude and longitude in degrees."""

    lat: float
    lon: float

    def __attrs_post_init__(self) -> None:
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise InvalidInput("geo.lat", "must be a latitude between -90 and 90")
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise InvalidInput("geo.lon", "must be a longitude between -180 and 180")


@attrs.frozen
class Link:
    """A labelled outbound link (website, Instagram, ...)."""

    label: str
    url: str

    @classmethod
    def validated(cls, label: str, url: str, field: str = "links") -> Link:
        if not URL_PATTERN.match(url) or len(url) > 500:
            raise InvalidInput(f"{field}.url", "must be an http(s) URL of at most 500 characters")
        return cls(text_of(f"{field}.label", label, minimum=1, maximum=40), url)


@attrs.frozen
class ServicePackage:
    """A named bundle a client can pick: a duration at a price, with extras included."""

    name: str
    duration_minutes: int
    price: Money
    extras: tuple[str, ...] = ()

    @classmethod
    def validated(
        cls, name: str, duration_minutes: int, price: Money, extras: Iterable[str] = (), field: str = "packages"
    ) -> ServicePackage:
        if not 15 <= duration_minutes <= 24 * 60:
            raise InvalidInput(f"{field}.duration_minutes", "must be 15..1440 minutes")
        cleaned = tuple(text_of(f"{field}.extras", e, minimum=1, maximum=80) for e in extras)
        unique(f"{field}.extras", cleaned, MAX_EXTRAS)
        return cls(
            text_of(f"{field}.name", name, minimum=1, maximum=80),
            duration_minutes,
            positive(f"{field}.price", price),
            cleaned,
        )


def validated_tags(tags: Iterable[str]) -> tuple[str, ...]:
    cleaned = tuple(t.strip().lower() for t in tags)
    for tag in cleaned:
        if not TAG_PATTERN.match(tag) or len(tag) > 32:
            raise InvalidInput("tags", f"{tag!r} is not a tag (lowercase words joined by hyphens, <= 32)")
    unique("tags", cleaned, MAX_TAGS)
    return cleaned


def validated_languages(languages: Iterable[str]) -> tuple[str, ...]:
    cleaned = tuple(languages)
    for language in cleaned:
        if not LANGUAGE_PATTERN.match(language):
            raise InvalidInput("languages", f"{language!r} is not a language code such as 'en' or 'pt-BR'")
    unique("languages", cleaned, MAX_LANGUAGES)
    return cleaned


def validated_band(field: str, low: Money | None, high: Money | None) -> None:
    """A price band: both ends positive, in one currency, ``low <= high``; either end may be missing."""
    for end, amount in (("min", low), ("max", high)):
        if amount is not None:
            positive(f"{field}_{end}", amount)
    if low is not None and high is not None:
        if low.currency != high.currency:
            raise InvalidInput(f"{field}_max", "must be in the same currency as the minimum")
        if high < low:
            raise InvalidInput(f"{field}_max", "must not be below the minimum")
