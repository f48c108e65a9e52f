"""Handlers of the profiles context: one unit of work per command; events leave only with a commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from core.profiles.commands import CLEARABLE, CreateProfileDraft, GiveUnownedProfiles, ListProfiles, UpdateProfileDraft
from core.profiles.events import ProfileDraftEdited
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, slugify
from core.profiles.ports import ProfilesUnitOfWork
from core.profiles.studio import StudioDetails
from core.profiles.visibility import Viewer, changed_by, listing_scope, owner_of_new, shown_to
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput
from core.shared.idempotency import IdempotencyRecord, fingerprint, replay, validate_key

CREATE_SCOPE = "profiles.create"
MAX_PAGE = 200


def _command_fingerprint(cmd: CreateProfileDraft, owner_user_id: str | None) -> str:
    """The request as a retry must repeat it: its fields and its owner (not the actor's roles, which may change
    between a request and its retry)."""
    body = attrs.asdict(cmd, value_serializer=lambda _i, _a, v: getattr(v, "value", v))
    body.pop("idempotency_key")
    body.pop("actor")
    return fingerprint({**body, "owner_user_id": owner_user_id})


def create_profile_draft(
    cmd: CreateProfileDraft, uow: ProfilesUnitOfWork, clock: Clock, ids: IdGenerator
) -> ProfileDraft:
    """Create a draft owned by the actor (``visibility.owner_of_new``); with an idempotency key, a retry returns
    the first draft instead of a second one. Raises ``SignInRequired`` for an anonymous actor."""
    with uow:
        owner_user_id = owner_of_new(cmd.actor)
        print_ = _command_fingerprint(cmd, owner_user_id)
        if cmd.idempotency_key is not None:
            key = validate_key(cmd.idempotency_key)
            first = replay(uow.idempotency.get(CREATE_SCOPE, key), CREATE_SCOPE, key, print_)
            if first is not None:
                return uow.profiles.get(str(first["profile_id"]))
        fields = ProfileFields.validated(
            kind=cmd.kind,
            display_name=cmd.display_name,
            headline=cmd.headline,
            bio=cmd.bio,
            roles=cmd.roles,
            city=cmd.city,
        )
        slug = cmd.slug if cmd.slug is not None else slugify(fields.display_name)
        if not slug:
            raise InvalidInput("slug", "cannot be derived from display_name; give one")
        now = clock.now()
        profile = ProfileDraft.new(profile_id=ids.new_id("prf"), kind=cmd.kind, slug=slug, fields=fields, now=now)
        profile.owner_user_id = owner_user_id
        uow.profiles.add(profile)
        if cmd.idempotency_key is not None:
            uow.idempotency.put(
                IdempotencyRecord(CREATE_SCOPE, cmd.idempotency_key, print_, {"profile_id": profile.id}, now)
            )
        uow.commit()
        return profile


_STUDIO_FIELDS = ("contact", "address", "amenities", "hourly_min", "hourly_max", "deposit", "capacity")
_PLAIN_FIELDS = ("display_name", "headline", "bio", "roles", "city", "tags", "geo", "price_min", "price_max",
                 "languages", "links", "packages")  # fmt: skip


def apply_edit(profile: ProfileDraft, cmd: UpdateProfileDraft, now: datetime) -> None:
    """Apply ``cmd``'s changes to ``profile`` (validated as a whole); the caller saves with the version."""
    unknown = cmd.clear - CLEARABLE
    if unknown:
        raise InvalidInput("clear", f"cannot clear {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {name: getattr(cmd, name) for name in _PLAIN_FIELDS if getattr(cmd, name) is not None}
    changes.update({name: None for name in cmd.clear if name in _PLAIN_FIELDS})
    studio_changes = {name: getattr(cmd, name) for name in _STUDIO_FIELDS if getattr(cmd, name) is not None}
    studio_changes.update({name: None for name in cmd.clear if name in _STUDIO_FIELDS})
    if studio_changes:
        if profile.kind is not ProfileKind.STUDIO:
            raise InvalidInput(next(iter(studio_changes)), "only studios have this field")
        current = profile.fields.studio or StudioDetails()
        merged = {a.name: getattr(current, a.name) for a in attrs.fields(StudioDetails)} | studio_changes
        changes["studio"] = StudioDetails.validated(**merged)
    if cmd.slug is not None and cmd.slug != profile.slug:
        profile.rename_slug(cmd.slug)
    profile.edit(profile.fields.changed(profile.kind, changes), now)


def update_profile_draft(cmd: UpdateProfileDraft, uow: ProfilesUnitOfWork, clock: Clock) -> ProfileDraft:
    """Apply a partial edit made against ``expected_version``; a stale version raises ``VersionConflict``.

    A new slug that another profile holds raises ``AlreadyExists``; a profile the actor may not change, the
    ``NotFound`` an unknown id gets.
    """
    with uow:
        profile = changed_by(uow.profiles.get(cmd.profile_id), cmd.actor)
        apply_edit(profile, cmd, clock.now())
        uow.profiles.save(profile, expected_version=cmd.expected_version)
        uow.record(ProfileDraftEdited(profile.id, profile.version))
        uow.commit()
        return profile


def give_unowned(cmd: GiveUnownedProfiles, uow: ProfilesUnitOfWork) -> int:
    """Make ``cmd.owner_user_id`` the owner of each listed profile nobody owns yet; return how many it got. A
    profile someone owns is left alone. An unowned profile is the operator's (``visibility.may_change``), so
    anyone else gets the ``NotFound`` an unknown id gets. The version stays: no field the owner edits moved."""
    given = 0
    with uow:
        for profile_id in cmd.profile_ids:
            profile = uow.profiles.get(profile_id)
            if profile.owner_user_id is None:
                changed_by(profile, cmd.actor).owner_user_id = cmd.owner_user_id
                uow.profiles.save(profile, expected_version=profile.version)
                uow.record(ProfileDraftEdited(profile.id, profile.version))  # who may preview its page changed
                given += 1
        uow.commit()
    return given


def get_profile(profile_id: str, uow: ProfilesUnitOfWork) -> ProfileDraft:
    """Return one profile whatever its status (for owner checks and operators). Raises ``NotFound``."""
    with uow.reading():
        return uow.profiles.get(profile_id)


def read_profile(profile_id: str, viewer: Viewer, uow: ProfilesUnitOfWork) -> ProfileDraft:
    """Return one profile if ``viewer`` may see it (``visibility.may_see``). Raises ``NotFound`` otherwise."""
    with uow.reading():
        return shown_to(uow.profiles.get(profile_id), viewer)


def list_profiles(query: ListProfiles, viewer: Viewer, uow: ProfilesUnitOfWork) -> list[ProfileDraft]:
    """Return one page of the profiles ``viewer`` may see (see ``ProfileDraftRepository.page``)."""
    if not 1 <= query.limit <= MAX_PAGE:
        raise InvalidInput("limit", f"must be 1..{MAX_PAGE}")
    published_only, also_owned_by = listing_scope(viewer)
    with uow.reading():
        return uow.profiles.page(attrs.evolve(query, published_only=published_only, also_owned_by=also_owned_by))
