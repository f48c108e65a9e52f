"""Commands of the profiles context: what a caller asks for, in the imperative."""

from __future__ import annotations

import attrs

from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.model import ProfileDraft, ProfileKind, Role
from core.profiles.studio import Address, Contact
from core.shared.actor import Actor
from core.shared.commands import Command
from core.shared.money import Money

# Fields a partial edit may reset to "not given" through ``UpdateProfileDraft.clear``.
CLEARABLE = frozenset({"geo", "price_min", "price_max", "address", "hourly_min", "hourly_max", "deposit", "capacity"})


@attrs.frozen
class CreateProfileDraft(Command[ProfileDraft]):
    """``actor`` creates a draft: a signed-in user's is their own, the operator's (CLI) is unowned."""

    actor: Actor
    display_name: str
    kind: ProfileKind = ProfileKind.PROVIDER
    slug: str | None = None  # derived from display_name when absent
    headline: str = ""
    bio: str = ""
    roles: tuple[Role, ...] = ()
    city: str = ""
    idempotency_key: str | None = None


@attrs.frozen
class UpdateProfileDraft(Command[ProfileDraft]):
    """``actor`` changes some fields of a draft; ``None`` leaves a field as it is, ``clear`` resets optional ones."""

    actor: Actor
    profile_id: str
    expected_version: int
    display_name: str | None = None
    headline: str | None = None
    bio: str | None = None
    roles: tuple[Role, ...] | None = None
    city: str | None = None
    slug: str | None = None
    tags: tuple[str, ...] | None = None
    geo: GeoPoint | None = None
    price_min: Money | None = None
    price_max: Money | None = None
    languages: tuple[str, ...] | None = None
    links: tuple[Link, ...] | None = None
    packages: tuple[ServicePackage, ...] | None = None
    # studio fields
    contact: Contact | None = None
    address: Address | None = None
    amenities: tuple[str, ...] | None = None
    hourly_min: Money | None = None
    hourly_max: Money | None = None
    deposit: Money | None = None
    capacity: int | None = None
    clear: frozenset[str] = frozenset()


@attrs.frozen
class GiveUnownedProfiles(Command[int]):
    """Make ``owner_user_id`` the owner of those of ``profile_ids`` nobody owns yet (the operator's demo data)."""

    actor: Actor
    profile_ids: tuple[str, ...]
    owner_user_id: str


@attrs.frozen
class ListProfiles:
    """A page of profiles ordered by id; ``after`` is the last id of the previous page.

    ``published_only`` keeps unpublished profiles out, except those ``also_owned_by`` owns (the handler sets
    both from the viewer, see ``visibility.listing_scope``)."""

    limit: int = 50
    after: str | None = None
    city: str | None = None
    role: Role | None = None
    published_only: bool = False
    also_owned_by: str | None = None
