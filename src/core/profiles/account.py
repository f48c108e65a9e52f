"""A user's profiles, seen from their account: the data export's share and what deletion withdraws."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.profiles.ports import ProfilesUnitOfWork
from core.shared.errors import VersionConflict
from core.shared.plain import plain


def profiles_export(user_id: str, uow: ProfilesUnitOfWork) -> dict[str, Any]:
    """Every profile ``user_id`` owns, with its fields, status and bookable services."""
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
                "fields": plain(p.fields),
                "services": plain(services[p.id]),
            }
            for p in owned
        ]
    }


_ATTEMPTS = 3


def withdraw_profiles(user_id: str, uow: ProfilesUnitOfWork, now: datetime) -> list[str]:
    """Unpublish every published profile of ``user_id`` (their account is gone: the pages must go too).

    Returns the ids taken down. A concurrent edit of a profile is retried; the whole step is idempotent."""
    withdrawn: list[str] = []
    with uow.reading():
        published = [p.id for p in uow.profiles.owned_by(user_id) if p.is_published]
    for profile_id in published:
        for attempt in range(_ATTEMPTS):
            with uow:
                profile = uow.profiles.get(profile_id)
                if not profile.is_published:
                    break
                read_version = profile.version
                profile.unpublish(now)
                try:
                    uow.profiles.save(profile, expected_version=read_version)
                except VersionConflict:
                    if attempt == _ATTEMPTS - 1:
                        raise
                    continue
                uow.commit()
                withdrawn.append(profile_id)
                break
    return withdrawn
