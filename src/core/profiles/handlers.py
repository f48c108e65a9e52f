"""Handlers of the profiles context: one unit of work per command; events leave only with a commit."""

from __future__ import annotations

import attrs

from core.profiles.commands import CreateProfileDraft, ListProfiles, UpdateProfileDraft
from core.profiles.events import ProfileDraftCreated, ProfileDraftEdited
from core.profiles.model import ProfileDraft, ProfileFields, slugify
from core.profiles.ports import ProfilesUnitOfWork
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput
from core.shared.idempotency import IdempotencyRecord, fingerprint, replay, validate_key

CREATE_SCOPE = "profiles.create"
MAX_PAGE = 200


def _command_fingerprint(cmd: CreateProfileDraft) -> str:
    body = attrs.asdict(cmd, value_serializer=lambda _i, _a, v: getattr(v, "value", v))
    body.pop("idempotency_key")
    return fingerprint(body)


def create_profile_draft(
    cmd: CreateProfileDraft, uow: ProfilesUnitOfWork, clock: Clock, ids: IdGenerator
) -> ProfileDraft:
    """Create a draft; with an idempotency key, a retry returns the first draft instead of a second one."""
    with uow:
        print_ = _command_fingerprint(cmd)
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
        uow.profiles.add(profile)
        if cmd.idempotency_key is not None:
            uow.idempotency.put(
                IdempotencyRecord(CREATE_SCOPE, cmd.idempotency_key, print_, {"profile_id": profile.id}, now)
            )
        uow.record(ProfileDraftCreated(profile.id, profile.slug))
        uow.commit()
        return profile


def update_profile_draft(cmd: UpdateProfileDraft, uow: ProfilesUnitOfWork, clock: Clock) -> ProfileDraft:
    """Apply a partial edit made against ``expected_version``; a stale version raises ``VersionConflict``."""
    with uow:
        profile = uow.profiles.get(cmd.profile_id)
        current = profile.fields
        fields = ProfileFields.validated(
            kind=profile.kind,
            display_name=current.display_name if cmd.display_name is None else cmd.display_name,
            headline=current.headline if cmd.headline is None else cmd.headline,
            bio=current.bio if cmd.bio is None else cmd.bio,
            roles=current.roles if cmd.roles is None else cmd.roles,
            city=current.city if cmd.city is None else cmd.city,
        )
        profile.edit(fields, clock.now())
        uow.profiles.save(profile, expected_version=cmd.expected_version)
        uow.record(ProfileDraftEdited(profile.id, profile.version))
        uow.commit()
        return profile


def get_profile(profile_id: str, uow: ProfilesUnitOfWork) -> ProfileDraft:
    """Return one profile. Raises ``NotFound``."""
    with uow:
        return uow.profiles.get(profile_id)


def list_profiles(query: ListProfiles, uow: ProfilesUnitOfWork) -> list[ProfileDraft]:
    """Return one page of profiles (see ``ProfileDraftRepository.page``)."""
    if not 1 <= query.limit <= MAX_PAGE:
        raise InvalidInput("limit", f"must be 1..{MAX_PAGE}")
    with uow:
        return uow.profiles.page(query)
