"""Profile-draft routes: create, read, edit with optimistic concurrency, list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import attrs
from litestar import Response, Router, get, patch, post
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter

from core.profiles.commands import CreateProfileDraft, ListProfiles, UpdateProfileDraft
from core.profiles.handlers import create_profile_draft, get_profile, list_profiles, update_profile_draft
from core.profiles.model import ProfileDraft, ProfileKind, Role
from entrypoints.http.dependencies import ClockDep, IdsDep, ProfilesUow


@attrs.frozen
class CreateProfileIn:
    display_name: str
    kind: ProfileKind = ProfileKind.PROVIDER
    slug: str | None = None
    headline: str = ""
    bio: str = ""
    roles: list[Role] = attrs.field(factory=list)
    city: str = ""


@attrs.frozen
class UpdateProfileIn:
    """A partial edit; ``version`` is the version the client last read (a stale one gets 409)."""

    version: int
    display_name: str | None = None
    headline: str | None = None
    bio: str | None = None
    roles: list[Role] | None = None
    city: str | None = None


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

    @classmethod
    def of(cls, profile: ProfileDraft) -> ProfileOut:
        f = profile.fields
        return cls(
            profile.id, profile.kind, profile.slug, f.display_name, f.headline, f.bio, list(f.roles), f.city,
            profile.status.value, profile.version, profile.created_at, profile.updated_at,
        )  # fmt: skip


@attrs.frozen
class ProfilePageOut:
    items: list[ProfileOut]
    next_after: str | None  # pass as ``after`` for the next page; null on the last page


def _with_etag(profile: ProfileDraft, status: int = 200) -> Response[ProfileOut]:
    return Response(ProfileOut.of(profile), status_code=status, headers={"ETag": f'W/"{profile.version}"'})


@post("/", tags=["profiles"], sync_to_thread=True)
def create_profile(
    data: JSONBody[CreateProfileIn],
    profiles_uow: ProfilesUow,
    clock: ClockDep,
    ids: IdsDep,
    idempotency_key: Annotated[str | None, HeaderParameter(name="Idempotency-Key")] = None,
) -> Response[ProfileOut]:
    """Create a profile draft. With ``Idempotency-Key``, a retry returns the first draft."""
    command = CreateProfileDraft(
        display_name=data.display_name,
        kind=data.kind,
        slug=data.slug,
        headline=data.headline,
        bio=data.bio,
        roles=tuple(data.roles),
        city=data.city,
        idempotency_key=idempotency_key,
    )
    return _with_etag(create_profile_draft(command, profiles_uow, clock, ids), status=201)


@get("/{profile_id:str}", tags=["profiles"], sync_to_thread=True)
def read_profile(profile_id: FromPath[str], profiles_uow: ProfilesUow) -> Response[ProfileOut]:
    """One profile draft, with its version as a weak ETag."""
    return _with_etag(get_profile(profile_id, profiles_uow))


@patch("/{profile_id:str}", tags=["profiles"], sync_to_thread=True)
def edit_profile(
    profile_id: FromPath[str], data: JSONBody[UpdateProfileIn], profiles_uow: ProfilesUow, clock: ClockDep
) -> Response[ProfileOut]:
    """Edit some fields of a draft made from ``version``; 409 with ``current_version`` if it is stale."""
    command = UpdateProfileDraft(
        profile_id=profile_id,
        expected_version=data.version,
        display_name=data.display_name,
        headline=data.headline,
        bio=data.bio,
        roles=None if data.roles is None else tuple(data.roles),
        city=data.city,
    )
    return _with_etag(update_profile_draft(command, profiles_uow, clock))


@get("/", tags=["profiles"], sync_to_thread=True)
def index_profiles(
    profiles_uow: ProfilesUow,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    after: FromQuery[str | None] = None,
    city: FromQuery[str | None] = None,
    role: FromQuery[Role | None] = None,
) -> ProfilePageOut:
    """Profiles ordered by id, a page at a time (keyset pagination with ``after``)."""
    page = list_profiles(ListProfiles(limit=limit, after=after, city=city, role=role), profiles_uow)
    return ProfilePageOut([ProfileOut.of(p) for p in page], page[-1].id if len(page) == limit else None)


# One Router per path prefix: Litestar 2.25 wraps a sync handler twice when handlers sharing a path are
# registered one by one on the app, so they are always registered together.
router = Router("/api/profiles", route_handlers=[create_profile, read_profile, edit_profile, index_profiles])
