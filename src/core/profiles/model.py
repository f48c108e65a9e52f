"""The profile-draft aggregate and the service-profile value a client books."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from enum import Enum

import attrs

from core.shared.errors import InvalidInput
from core.shared.money import Money

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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


def _text(field: str, value: str, *, minimum: int, maximum: int) -> str:
    value = value.strip()
    if not minimum <= len(value) <= maximum:
        raise InvalidInput(field, f"must be {minimum}..{maximum} characters")
    return value


@attrs.frozen
class ProfileFields:
    """The owner-editable fields of a profile, each already validated."""

    display_name: str
    headline: str = ""
    bio: str = ""
    roles: tuple[Role, ...] = ()
    city: str = ""

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
    ) -> ProfileFields:
        if kind is ProfileKind.STUDIO and roles:
            raise InvalidInput("roles", "a studio has no provider roles")
        if len(set(roles)) != len(roles):
            raise InvalidInput("roles", "each role may appear once")
        if city and not SLUG_PATTERN.match(city):
            raise InvalidInput("city", "must be a city slug such as 'los-angeles'")
        return cls(
            display_name=_text("display_name", display_name, minimum=1, maximum=120),
            headline=_text("headline", headline, minimum=0, maximum=160),
            bio=_text("bio", bio, minimum=0, maximum=5000),
            roles=tuple(sorted(roles, key=lambda r: r.value)),
            city=city,
        )


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

    def publish(self, now: datetime) -> None:
        self.status = ProfileStatus.PUBLISHED
        self.version += 1
        self.updated_at = now


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

    def __attrs_post_init__(self) -> None:
        if self.hourly_rate.amount <= 0:
            raise InvalidInput("hourly_rate", "must be positive")
        if self.min_duration_minutes <= 0:
            raise InvalidInput("min_duration_minutes", "must be positive")
