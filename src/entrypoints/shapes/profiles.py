"""Profile bodies: create, partial edit (the PATCH body the CLI's ``--from-json`` reads too), the profile as read."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step
from core.profiles.commands import UpdateProfileDraft
from core.profiles.model import ProfileDraft, ProfileKind, Role
from core.shared.actor import Actor
from entrypoints.shapes import profile_details as io
from entrypoints.shapes.bounds import Prose, Version
from entrypoints.shapes.profile_details import (
    AddressIo,
    ContactIo,
    DetailsOut,
    GeoIo,
    LinkIo,
    MoneyIo,
    PackageIo,
    StudioOut,
)


@attrs.frozen
class CreateProfileIn:
    display_name: str
    kind: ProfileKind = ProfileKind.PROVIDER
    slug: str | None = None
    headline: str = ""
    bio: Prose = ""
    roles: list[Role] = attrs.field(factory=list)
    city: str = ""


@attrs.frozen
class UpdateProfileIn:
    """A partial edit; ``version`` is the version the client last read (a stale one gets 409)."""

    version: Version
    display_name: str | None = None
    headline: str | None = None
    bio: Prose | None = None
    roles: list[Role] | None = None
    city: str | None = None
    slug: str | None = None
    tags: list[str] | None = None
    geo: GeoIo | None = None
    price_min: MoneyIo | None = None
    price_max: MoneyIo | None = None
    languages: list[str] | None = None
    links: list[LinkIo] | None = None
    packages: list[PackageIo] | None = None
    contact: ContactIo | None = None  # studios only, as are the fields below
    address: AddressIo | None = None
    amenities: list[str] | None = None
    hourly_min: MoneyIo | None = None
    hourly_max: MoneyIo | None = None
    deposit: MoneyIo | None = None
    capacity: int | None = None
    clear: list[str] = attrs.field(factory=list)  # reset optional fields: geo, price_min, address, ...
    wizard: Wizard | None = None  # with ``step``: the onboarding step this autosave was made on (resume point)
    step: Step | None = None

    def command(self, actor: Actor, profile_id: str) -> UpdateProfileDraft:
        def listed(values: list[str] | None) -> tuple[str, ...] | None:
            return None if values is None else tuple(values)

        return UpdateProfileDraft(
            actor=actor, profile_id=profile_id, expected_version=self.version, display_name=self.display_name,
            headline=self.headline, bio=self.bio, roles=None if self.roles is None else tuple(self.roles),
            city=self.city, slug=self.slug, tags=listed(self.tags), geo=io.geo(self.geo),
            price_min=io.money(self.price_min), price_max=io.money(self.price_max),
            languages=listed(self.languages), links=io.links(self.links), packages=io.packages(self.packages),
            contact=io.contact(self.contact), address=io.address(self.address), amenities=listed(self.amenities),
            hourly_min=io.money(self.hourly_min), hourly_max=io.money(self.hourly_max),
            deposit=io.money(self.deposit), capacity=self.capacity, clear=frozenset(self.clear),
        )  # fmt: skip


@attrs.frozen
class ProfileOut:
    id: str
    kind: ProfileKind
    slug: str
    display_name: str
    headline: str
    bio: str
    roles: list[Role]
    city: str
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    tags: list[str]
    geo: GeoIo | None
    price_min: MoneyIo | None
    price_max: MoneyIo | None
    languages: list[str]
    links: list[LinkIo]
    packages: list[PackageIo]
    studio: StudioOut | None  # contact and exact address in the owner's view only

    @classmethod
    def of(cls, profile: ProfileDraft, *, owner: bool) -> ProfileOut:
        """``owner``: the owner's (or an operator's) view; anyone else's hides what is private (see DetailsOut)."""
        f = profile.fields
        return cls(
            profile.id, profile.kind, profile.slug, f.display_name, f.headline, f.bio, list(f.roles), f.city,
            profile.status.value, profile.version, profile.created_at, profile.updated_at,
            **attrs.asdict(DetailsOut.of(f, owner=owner), recurse=False),
        )  # fmt: skip


@attrs.frozen
class ProfilePageOut:
    items: list[ProfileOut]
    next_after: str | None  # pass as ``after`` for the next page; null on the last page
