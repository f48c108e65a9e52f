"""Profile-draft routes: create, read, edit with optimistic concurrency, list."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import attrs
from litestar import Response, Router, get, patch, post
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter

from core.onboarding.commands import RecordStep
from core.onboarding.handlers import autosave
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step
from core.profiles.commands import CreateProfileDraft, ListProfiles, UpdateProfileDraft
from core.profiles.handlers import create_profile_draft, get_profile, list_profiles, read_profile, update_profile_draft
from core.profiles.model import ProfileDraft, ProfileKind, Role
from core.profiles.visibility import Viewer
from core.shared.errors import InvalidInput
from entrypoints.http.authorization import CurrentUserDep, ViewerDep, require_owner
from entrypoints.http.bounds import Prose, Version
from entrypoints.http.dependencies import (
    ClockDep,
    IdsDep,
    OnboardingUow,
    ProfilesUow,
)
from entrypoints.http.routes import profile_bodies as io
from entrypoints.http.routes.profile_bodies import (
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
    clear: list[str] = attrs.field(factory=list)  # reset optional fields: geo, price_min, address, ...
    wizard: Wizard | None = None  # with ``step``: the onboarding step this autosave was made on (resume point)
    step: Step | None = None

    def command(self, profile_id: str) -> UpdateProfileDraft:
        def listed(values: list[str] | None) -> tuple[str, ...] | None:
            return None if values is None else tuple(values)

        return UpdateProfileDraft(
            profile_id=profile_id, expected_version=self.version, display_name=self.display_name,
            headline=self.headline, bio=self.bio, roles=None if self.roles is None else tuple(self.roles),
            city=self.city, slug=self.slug, tags=listed(self.tags), geo=io.geo(self.geo),
            price_min=io.money(self.price_min), price_max=io.money(self.price_max),
            languages=listed(self.languages), links=io.links(self.links), packages=io.packages(self.packages),
            contact=io.contact(self.contact), address=io.address(self.address), amenities=listed(self.amenities),
            hourly_min=io.money(self.hourly_min), hourly_max=io.money(self.hourly_max),
            deposit=io.money(self.deposit), clear=frozenset(self.clear),
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


def _with_etag(profile: ProfileDraft, *, owner: bool, status: int = 200) -> Response[ProfileOut]:
    return Response(ProfileOut.of(profile, owner=owner), status_code=status,
                    headers={"ETag": f'W/"{profile.version}"'})  # fmt: skip


def _owns(profile: ProfileDraft, viewer: Viewer) -> bool:
    return viewer.user_id is not None and profile.owner_user_id == viewer.user_id


@post("/", tags=["profiles"], sync_to_thread=True)
def create_profile(
    data: JSONBody[CreateProfileIn],
    profiles_uow: ProfilesUow,
    clock: ClockDep,
    ids: IdsDep,
    current_user: CurrentUserDep,
    idempotency_key: Annotated[str | None, HeaderParameter(name="Idempotency-Key")] = None,
) -> Response[ProfileOut]:
    """Create a profile draft owned by the signed-in caller (401 signed out); only its owner may then edit it.
    With ``Idempotency-Key``, a retry returns the first draft."""
    command = CreateProfileDraft(
        display_name=data.display_name,
        kind=data.kind,
        slug=data.slug,
        headline=data.headline,
        bio=data.bio,
        roles=tuple(data.roles),
        city=data.city,
        idempotency_key=idempotency_key,
        owner_user_id=current_user.user_id,
    )
    return _with_etag(create_profile_draft(command, profiles_uow, clock, ids), owner=True, status=201)


@get("/{profile_id:str}", tags=["profiles"], sync_to_thread=True)
def show_profile(profile_id: FromPath[str], profiles_uow: ProfilesUow, viewer: ViewerDep) -> Response[ProfileOut]:
    """One profile, with its version as a weak ETag. A published profile is anyone's to read; a draft (or one
    taken down or erased) only its owner's and staff's, 404 for anyone else. A studio's contact and street
    address, and the exact geo point, are in its owner's view only; everyone else sees the public area."""
    profile = read_profile(profile_id, viewer, profiles_uow)
    return _with_etag(profile, owner=_owns(profile, viewer))


@patch("/{profile_id:str}", tags=["profiles"], sync_to_thread=True)
def edit_profile(
    profile_id: FromPath[str], data: JSONBody[UpdateProfileIn], profiles_uow: ProfilesUow,
    onboarding_uow: OnboardingUow, clock: ClockDep, current_user: CurrentUserDep,
) -> Response[ProfileOut]:  # fmt: skip
    """Edit some fields of a draft made from ``version``; 409 with ``current_version`` if it is stale.
    Only the profile's owner may (401 signed out; 404 for someone else's profile).

    Wizards autosave through here with ``wizard`` and ``step``: the edit and the resume point are saved together.
    """
    require_owner(get_profile(profile_id, profiles_uow), current_user)
    if data.step is None:
        return _with_etag(update_profile_draft(data.command(profile_id), profiles_uow, clock), owner=True)
    if data.wizard is None:
        raise InvalidInput("wizard", "name the wizard the step belongs to")
    at = RecordStep(profile_id, data.wizard, data.step)
    return _with_etag(autosave(data.command(profile_id), at, onboarding_uow, clock), owner=True)


@get("/", tags=["profiles"], sync_to_thread=True)
def index_profiles(
    profiles_uow: ProfilesUow,
    viewer: ViewerDep,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    after: FromQuery[str | None] = None,
    city: FromQuery[str | None] = None,
    role: FromQuery[Role | None] = None,
) -> ProfilePageOut:
    """Profiles ordered by id, a page at a time (keyset pagination with ``after``): the published ones, plus the
    caller's own drafts when signed in; staff see every profile."""
    page = list_profiles(ListProfiles(limit=limit, after=after, city=city, role=role), viewer, profiles_uow)
    items = [ProfileOut.of(p, owner=_owns(p, viewer)) for p in page]
    return ProfilePageOut(items, page[-1].id if len(page) == limit else None)


# One Router per path prefix: Litestar 2.25 wraps a sync handler twice when handlers sharing a path are
# registered one by one on the app, so they are always registered together.
router = Router("/api/profiles", route_handlers=[create_profile, show_profile, edit_profile, index_profiles])
