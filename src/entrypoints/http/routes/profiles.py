"""Profile-draft routes: create, read, edit with optimistic concurrency, list."""

from __future__ import annotations

import asyncio
from typing import Annotated, cast

import attrs
from litestar import MediaType, Response, Router, get, patch, post
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter
from litestar.serialization import encode_json

from core.onboarding.commands import AutosaveEdit
from core.profiles.commands import CreateProfileDraft, ListProfiles
from core.profiles.handlers import list_profiles, read_profile
from core.profiles.model import ProfileDraft, Role
from core.profiles.visibility import may_change
from core.shared.actor import ANONYMOUS
from entrypoints.http.caller import CurrentUserDep, ViewerDep
from entrypoints.http.dependencies import CommandsDep, ProfileReadDesk, ProfileReadDeskDep, ProfilesUow
from entrypoints.http.page_cache import not_modified
from entrypoints.shapes.profiles import CreateProfileIn, ProfileOut, ProfilePageOut, UpdateProfileIn


def _with_etag(profile: ProfileDraft, *, owner: bool, status: int = 200) -> Response[ProfileOut]:
    return Response(ProfileOut.of(profile, owner=owner), status_code=status,
                    headers={"ETag": f'W/"{profile.version}"'})  # fmt: skip


@post("/", tags=["profiles"], sync_to_thread=True, problems=("already-exists",))
def create_profile(
    data: JSONBody[CreateProfileIn],
    commands: CommandsDep,
    current_user: CurrentUserDep,
    idempotency_key: Annotated[str | None, HeaderParameter(name="Idempotency-Key")] = None,
) -> Response[ProfileOut]:
    """Create a profile draft owned by the signed-in caller (401 signed out); only its owner may then edit it.
    With ``Idempotency-Key``, a retry returns the first draft."""
    command = CreateProfileDraft(
        actor=current_user,
        display_name=data.display_name,
        kind=data.kind,
        slug=data.slug,
        headline=data.headline,
        bio=data.bio,
        roles=tuple(data.roles),
        city=data.city,
        idempotency_key=idempotency_key,
    )
    return _with_etag(commands.handle(command), owner=True, status=201)


# The answer depends on the session (the owner's view holds what others' hides): browsers may keep it but must ask
# again, shared caches must not keep it, and a cache keeps one per credential.
SHOWN_HEADERS = {"Cache-Control": "private, no-cache", "Vary": "Authorization, Cookie"}
SHOW_RESPONSES = {304: ResponseSpec(None, description="Not Modified: If-None-Match names the current ETag")}


@attrs.frozen
class Shown:
    """A profile's answer to ``GET /api/profiles/{id}``: its ETag and its encoded body."""

    etag: str
    body: bytes


def _shown_answer(shown: Shown, if_none_match: str | None) -> Response[ProfileOut]:
    headers = {"ETag": shown.etag, **SHOWN_HEADERS}
    if not_modified(if_none_match, shown.etag.removeprefix("W/")):
        return Response(None, status_code=304, headers=headers)  # type: ignore[arg-type]  # a 304 has no body
    # the body is ProfileOut's JSON, encoded as Litestar would (kept encoded for the next anonymous read)
    return Response(shown.body, headers=headers, media_type=MediaType.JSON)  # type: ignore[arg-type]


def _show(profile_id: str, desk: ProfileReadDesk, if_none_match: str | None) -> Response[ProfileOut]:
    viewer = desk.viewer
    since = desk.reads.shown.since()
    profile = read_profile(profile_id, viewer, desk.new_uow())
    owner = may_change(profile, viewer)
    etag = f'W/"{profile.version}"' if owner else f'W/"{profile.version}.public"'
    shown = Shown(etag, encode_json(ProfileOut.of(profile, owner=owner)))
    if viewer == ANONYMOUS and profile.is_published:  # the same for every anonymous caller: kept a moment
        desk.reads.shown.put((True, profile_id), desk.clock.now(), profile.id, shown, since)
    return _shown_answer(shown, if_none_match)


@get("/{profile_id:str}", tags=["profiles"], responses=SHOW_RESPONSES)
async def show_profile(
    profile_id: FromPath[str],
    profile_read_desk: ProfileReadDeskDep,
    if_none_match: Annotated[str | None, HeaderParameter(name="If-None-Match")] = None,
) -> Response[ProfileOut]:
    """One profile, with its version as a weak ETag (the owner's view ``W/"<version>"``, anyone else's
    ``W/"<version>.public"``); 304 when ``If-None-Match`` names it. A published profile is anyone's to read; a draft
    (or one taken down or erased) only its owner's and staff's, 404 for anyone else. A studio's contact and street
    address, and the exact geo point, are in its owner's view only; everyone else sees the public area.

    An anonymous read of a published profile made a moment ago (``PUBLIC_READ_KEEP_S``) answers again on the event
    loop, with no statement; a change this process makes forgets it at once. Anything else reads on a worker
    thread."""
    desk = profile_read_desk
    if desk.viewer == ANONYMOUS and (kept := desk.reads.shown.get((True, profile_id), desk.clock.now())) is not None:
        return _shown_answer(cast(Shown, kept), if_none_match)
    return await asyncio.to_thread(_show, profile_id, desk, if_none_match)


@patch("/{profile_id:str}", tags=["profiles"], sync_to_thread=True, problems=("version-conflict",))
def edit_profile(
    profile_id: FromPath[str], data: JSONBody[UpdateProfileIn], commands: CommandsDep, current_user: CurrentUserDep
) -> Response[ProfileOut]:
    """Edit some fields of a draft made from ``version``; 409 with ``current_version`` if it is stale.
    Only the profile's owner may (401 signed out; 404 for someone else's profile).

    Wizards autosave through here with ``wizard`` and ``step``: the edit and the resume point are saved together.
    """
    edit = data.command(current_user, profile_id)
    if data.step is None:
        return _with_etag(commands.handle(edit), owner=True)
    return _with_etag(commands.handle(AutosaveEdit(edit, data.wizard, data.step)), owner=True)


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
    items = [ProfileOut.of(p, owner=may_change(p, viewer)) for p in page]
    return ProfilePageOut(items, page[-1].id if len(page) == limit else None)


# One Router per path prefix: Litestar 2.25 wraps a sync handler twice when handlers sharing a path are
# registered one by one on the app, so they are always registered together.
router = Router("/api/profiles", route_handlers=[create_profile, show_profile, edit_profile, index_profiles])
