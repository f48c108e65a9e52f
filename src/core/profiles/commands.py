"""Commands of the profiles context: what a caller asks for, in the imperative."""

from __future__ import annotations

import attrs

from core.profiles.model import ProfileKind, Role


@attrs.frozen
class CreateProfileDraft:
    display_name: str
    kind: ProfileKind = ProfileKind.PROVIDER
    slug: str | None = None  # derived from display_name when absent
    headline: str = ""
    bio: str = ""
    roles: tuple[Role, ...] = ()
    city: str = ""
    idempotency_key: str | None = None


@attrs.frozen
class UpdateProfileDraft:
    """Change some fields of a draft; ``None`` leaves a field as it is."""

    profile_id: str
    expected_version: int
    display_name: str | None = None
    headline: str | None = None
    bio: str | None = None
    roles: tuple[Role, ...] | None = None
    city: str | None = None


@attrs.frozen
class ListProfiles:
    """A page of profiles ordered by id; ``after`` is the last id of the previous page."""

    limit: int = 50
    after: str | None = None
    city: str | None = None
    role: Role | None = None
