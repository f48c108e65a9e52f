"""The search document of a profile: what the index holds, built from what other contexts know. Pure."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

import attrs

from core.profiles.details import GeoPoint
from core.profiles.model import ProfileDraft, ProfileKind, ServiceProfile
from core.shared.money import Money

AVAILABILITY_DAYS = 14  # the document carries bookable minutes for this many local days from `available_from`
_TOKEN = re.compile(r"[a-z0-9]+")


@attrs.frozen
class DayMinutes:
    """Bookable minutes on one local day (the availability index's figure for the profile's main duration)."""

    on: date
    minutes: int


@attrs.frozen
class SearchDocument:
    """One listed profile as search sees it. ``source_version`` orders writes: the index keeps the newest.

    Only published profiles become documents; images are the approved public (SFW) variants only, and ``safe``
    is false for a profile Safe-Mode must hide (none yet: every public image is moderated SFW).
    """

    id: str
    source_version: int
    kind: str  # provider | studio
    owner_id: str | None
    slug: str
    display_name: str
    headline: str
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    city: str
    geo: GeoPoint | None
    price_min: int | None  # minor units of `currency`, the band's lower end
    price_max: int | None
    currency: str | None
    languages: tuple[str, ...]
    verified: bool
    instant_book: bool
    completeness: int  # 0..100
    reputation: float  # 0..1 (the reviews context's Bayesian score of the profile's public reviews)
    days: tuple[DayMinutes, ...]  # bookable minutes per day, next AVAILABILITY_DAYS days
    created_at: datetime
    updated_at: datetime
    safe: bool
    images: tuple[str, ...]
    amenities: tuple[str, ...] = ()  # studios only, as is capacity
    capacity: int | None = None

    @property
    def bookable_minutes(self) -> int:
        """Bookable minutes over the next AVAILABILITY_DAYS days."""
        return sum(day.minutes for day in self.days)

    def minutes_on(self, on: date) -> int:
        return next((day.minutes for day in self.days if day.on == on), 0)


@attrs.frozen
class ProfileSnapshot:
    """What the indexer read about a profile from the other contexts, at one moment."""

    profile: ProfileDraft
    services: tuple[ServiceProfile, ...]
    verified: bool
    completeness: int
    images: tuple[str, ...]  # approved public image URLs, cover first
    available_from: date | None
    bookable_minutes: tuple[int, ...]  # per day from `available_from`
    reputation: float = 0.0


def days_from(start: date | None, bookable_minutes: Sequence[int]) -> tuple[DayMinutes, ...]:
    """The document's days: the availability index's minutes per local day from ``start`` (none without it)."""
    if start is None:
        return ()
    return tuple(
        DayMinutes(date.fromordinal(start.toordinal() + n), minutes)
        for n, minutes in enumerate(bookable_minutes[:AVAILABILITY_DAYS])
    )


def listed(profile: ProfileDraft) -> bool:
    """Whether the profile belongs in the index: published only (drafts, taken-down and erased profiles are
    unpublished, so they are never listed)."""
    return profile.is_published


def price_band(profile: ProfileDraft) -> tuple[Money | None, Money | None]:
    """The band a card shows: a studio's hourly rates, a provider's price band."""
    fields = profile.fields
    if profile.kind is ProfileKind.STUDIO and fields.studio is not None:
        return fields.studio.hourly_min, fields.studio.hourly_max
    return fields.price_min, fields.price_max


def document_of(snapshot: ProfileSnapshot, source_version: int) -> SearchDocument | None:
    """The document of a listed profile, or None when it must not be in the index."""
    profile = snapshot.profile
    if not listed(profile):
        return None
    fields = profile.fields
    low, high = price_band(profile)
    priced = low or high
    currency = None if priced is None else priced.currency
    days = days_from(snapshot.available_from, snapshot.bookable_minutes)
    return SearchDocument(
        id=profile.id, source_version=source_version, kind=profile.kind.value, owner_id=profile.owner_user_id,
        slug=profile.slug, display_name=fields.display_name, headline=fields.headline,
        roles=tuple(role.value for role in fields.roles), tags=fields.tags, city=fields.city, geo=fields.geo,
        price_min=None if low is None else low.amount, price_max=None if high is None else high.amount,
        currency=currency, languages=fields.languages, verified=snapshot.verified,
        instant_book=any(service.instant_book for service in snapshot.services),
        completeness=max(0, min(100, snapshot.completeness)), reputation=max(0.0, min(1.0, snapshot.reputation)),
        days=days, created_at=profile.created_at, updated_at=profile.updated_at, safe=True,
        images=snapshot.images, amenities=() if fields.studio is None else fields.studio.amenities,
        capacity=None if fields.studio is None else fields.studio.capacity,
    )  # fmt: skip


def normalised(text: str) -> str:
    """Lowercase ASCII words separated by single spaces: what every adapter indexes and matches on."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(_TOKEN.findall(ascii_text))


def tokens(text: str) -> list[str]:
    return normalised(text).split()


def search_text(document: SearchDocument) -> str:
    """The words a text query matches: name, headline, roles, tags, a studio's amenities and the city
    (``makeup_artist``, ``makeup-room`` as two words)."""
    parts: Sequence[str] = (
        document.display_name,
        document.headline,
        *document.roles,
        *document.tags,
        *(amenity.replace("-", " ") for amenity in document.amenities),
        document.city.replace("-", " "),
    )
    return normalised(" ".join(part.replace("_", " ") for part in parts))


def matches_text(query_tokens: Sequence[str], text: str) -> bool:
    """Every query word is the prefix of a word of ``text`` (``photog`` finds ``photographer``)."""
    words = text.split()
    return all(any(word.startswith(token) for word in words) for token in query_tokens)
