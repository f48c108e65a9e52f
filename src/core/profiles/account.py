"""A user's profiles, seen from their account: the data export's share, and what deletion erases."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from core.profiles.events import ProfileDraftEdited
from core.profiles.model import ProfileDraft, ProfileFields, slugify
from core.profiles.ports import ProfilesUnitOfWork
from core.profiles.studio import Contact
from core.shared.errors import VersionConflict


def profiles_export(user_id: str, uow: ProfilesUnitOfWork) -> dict[str, Any]:
    """Every profile ``user_id`` owns, with its fields, status and bookable services (as domain values: the
    edge renders them as JSON)."""
    with uow.reading():
        owned = uow.profiles.owned_by(user_id)
        services = {p.id: uow.profiles.services_of(p.id) for p in owned}
    return {
        "profiles": [
            {
                "id": p.id,
                "kind": p.kind.value,
                "slug": p.slug,
                "status": p.status.value,
                "created_at": p.created_at.isoformat(),
                "updated_at": p.updated_at.isoformat(),
                "fields": p.fields,
                "services": services[p.id],
            }
            for p in owned
        ]
    }


_ATTEMPTS = 3
ERASED_NAME = "Deleted profile"


def erased(profile: ProfileDraft) -> tuple[ProfileFields, str]:
    """The profile's fields and slug with everything personal gone: the name, texts, tags, links, languages,
    location, and a studio's contact and address. Kept: the kind, city, roles, prices and packages, which past
    bookings still refer to and which name nobody."""
    fields = profile.fields
    studio = None if fields.studio is None else attrs.evolve(fields.studio, contact=Contact(), address=None)
    anonymous = attrs.evolve(
        fields, display_name=ERASED_NAME, headline="", bio="", tags=(), geo=None, languages=(), links=(), studio=studio
    )
    return anonymous, slugify(f"deleted {profile.id}")


def erase_profiles(user_id: str, uow: ProfilesUnitOfWork, now: datetime) -> list[str]:
    """Take down every profile of ``user_id`` and erase what is personal in it (see ``erased``): their account
    is gone, so their pages and their name must go too. Returns the ids changed now; idempotent, and a
    concurrent edit is retried."""
    with uow.reading():
        owned = [p.id for p in uow.profiles.owned_by(user_id)]
    changed: list[str] = []
    for profile_id in owned:
        for attempt in range(_ATTEMPTS):
            with uow:
                profile = uow.profiles.get(profile_id)
                fields, slug = erased(profile)
                if not profile.is_published and (profile.fields, profile.slug) == (fields, slug):
                    break
                read_version = profile.version
                if profile.is_published:
                    profile.unpublish(now)
                profile.edit(fields, now)
                profile.rename_slug(slug)
                try:
                    uow.profiles.save(profile, expected_version=read_version)
                except VersionConflict:
                    if attempt == _ATTEMPTS - 1:
                        raise
                    continue
                uow.record(ProfileDraftEdited(profile.id, profile.version))  # its public page and index entry go
                uow.commit()
                changed.append(profile_id)
                break
    return changed
