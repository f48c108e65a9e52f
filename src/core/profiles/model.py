"""The profile-draft aggregate, its validated fields, and the service-profile value a client books."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any

import attrs

from core.cancellation.policies import POLICIES
from core.profiles.details import (
    MAX_LINKS,
    MAX_PACKAGES,
    GeoPoint,
    Link,
    ServicePackage,
    positive,
    text_of,
    unique,
    validated_band,
    validated_languages,
    validated_tags,
)
from core.profiles.studio import StudioDetails
from core.shared.errors import InvalidInput
from core.shared.money import Money

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_SLUG = 80


class ProfileKind(Enum):
    PROVIDER = "provider"
    STUDIO = "studio"


class Role(Enum):
    """Provider roles; one person may hold several."""

    PHOTOGRAPHER = "photographer"
    VIDEOGRAPHER = "videographer"
    MODEL = "model"
    MAKEUP_ARTIST = "makeup_artist"
    HAIR_STYLIST = "hair_stylist"
    STYLIST = "stylist"


class ProfileStatus(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


def slugify(text: str) -> str:
    """``"Ana Díaz Photo"`` -> ``"ana-diaz-photo"``: ASCII, lowercase, hyphen-separated."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_SLUG].rstrip("-")


@attrs.frozen
class ProfileFields:
    """The owner-editable fields of a profile, each already validated (build with ``validated``)."""

    display_name: str
    headline: str = ""
    bio: str = ""
    roles: tuple[Role, ...] = ()
    city: str = ""
    tags: tuple[str, ...] = ()
    geo: GeoPoint | None = None
    price_min: Money | None = None
    price_max: Money | None = None
    languages: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    packages: tuple[ServicePackage, ...] = ()
    studio: StudioDetails | None = None  # present exactly for studios

    @classmethod
    def validated(
        cls,
        *,
        kind: ProfileKind,
        display_name: str,
        headline: str = "",
        bio: str = "",
        roles: tuple[Role, ...] = (),
        city: str = "",
        tags: tuple[str, ...] = (),
        geo: GeoPoint | None = None,
        price_min: Money | None = None,
        price_max: Money | None = None,
        languages: tuple[str, ...] = (),
        links: tuple[Link, ...] = (),
        packages: tuple[ServicePackage, ...] = (),
        studio: StudioDetails | None = None,
    ) -> ProfileFields:
        if kind is ProfileKind.STUDIO and roles:
            raise InvalidInput("roles", "a studio has no provider roles")
        if kind is ProfileKind.PROVIDER and studio is not None and studio != StudioDetails():
            raise InvalidInput("studio", "only studios have contact, address, amenities, hourly rates and deposit")
        if len(set(roles)) != len(roles):
            raise InvalidInput("roles", "each role may appear once")
        if city and not SLUG_PATTERN.match(city):
            raise InvalidInput("city", "must be a city slug such as 'los-angeles'")
        validated_band("price", price_min, price_max)
        unique("links", [link.url for link in links], MAX_LINKS)
        unique("packages", [p.name for p in packages], MAX_PACKAGES)
        for package in packages:
            positive("packages.price", package.price)
        return cls(
            display_name=text_of("display_name", display_name, minimum=1, maximum=120),
            headline=text_of("headline", headline, minimum=0, maximum=160),
            bio=text_of("bio", bio, minimum=0, maximum=5000, multiline=True),
            roles=tuple(sorted(roles, key=lambda r: r.value)),
            city=city,
            tags=validated_tags(tags),
            geo=geo,
            price_min=price_min,
            price_max=price_max,
            languages=validated_languages(languages),
            links=tuple(links),
            packages=tuple(packages),
            studio=(studio or StudioDetails()) if kind is ProfileKind.STUDIO else None,
        )

    def changed(self, kind: ProfileKind, changes: Mapping[str, Any]) -> ProfileFields:
        """These fields with ``changes`` (field name -> new value) applied, validated again as a whole."""
        merged: dict[str, Any] = {a.name: getattr(self, a.name) for a in attrs.fields(ProfileFields)}
        merged.update(changes)
        return ProfileFields.validated(kind=kind, **merged)


@attrs.define
class ProfileDraft:
    """A provider's or studio's profile as its owner edits it. ``version`` guards against lost updates."""

    id: str
    kind: ProfileKind
    slug: str
    fields: ProfileFields
    status: ProfileStatus
    version: int
    created_at: datetime
    updated_at: datetime
    owner_user_id: str | None = None  # the signed-in user who created it; None for seeded/demo data

    @classmethod
    def new(
        cls, *, profile_id: str, kind: ProfileKind, slug: str, fields: ProfileFields, now: datetime
    ) -> ProfileDraft:
        if not SLUG_PATTERN.match(slug) or len(slug) > MAX_SLUG:
            raise InvalidInput("slug", "lowercase letters, digits and single hyphens, at most 80 characters")
        return cls(profile_id, kind, slug, fields, ProfileStatus.DRAFT, 1, now, now)

    def edit(self, fields: ProfileFields, now: datetime) -> None:
        """Replace the editable fields; the caller has already checked the version it edited."""
        self.fields = fields
        self.version += 1
        self.updated_at = now

    def rename_slug(self, slug: str) -> None:
        """Change the URL slug (checked here; its uniqueness is the repository's to enforce)."""
        if not SLUG_PATTERN.match(slug) or len(slug) > MAX_SLUG:
            raise InvalidInput("slug", "lowercase letters, digits and single hyphens, at most 80 characters")
        self.slug = slug

    def publish(self, now: datetime) -> None:
        self.status = ProfileStatus.PUBLISHED
        self.version += 1
        self.updated_at = now

    def unpublish(self, now: datetime) -> None:
        self.status = ProfileStatus.DRAFT
        self.version += 1
        self.updated_at = now

    @property
    def is_published(self) -> bool:
        return self.status is ProfileStatus.PUBLISHED


@attrs.frozen
class ServiceProfile:
    """One bookable offering of a profile (a role at an hourly rate), e.g. ``spf_demo``."""

    id: str
    profile_id: str
    role: Role | None
    title: str
    hourly_rate: Money
    min_duration_minutes: int = 60
    instant_book: bool = False
    cancellation_policy: str = "moderate"  # a policy of the booking context: flexible, moderate or strict

    def __attrs_post_init__(self) -> None:
        if self.hourly_rate.amount <= 0:
            raise InvalidInput("hourly_rate", "must be positive")
        if not 15 <= self.min_duration_minutes <= 12 * 60:
            raise InvalidInput("min_duration_minutes", "must be between 15 and 720 minutes")
        if not 1 <= len(self.title.strip()) <= 160:
            raise InvalidInput("title", "must be 1 to 160 characters")
        if self.cancellation_policy not in POLICIES:
            raise InvalidInput("cancellation_policy", f"must be one of {', '.join(POLICIES)}")
