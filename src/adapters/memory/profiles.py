"""In-memory profile-draft repository (stores copies, so callers never alias stored state)."""

from __future__ import annotations

import copy
from collections.abc import Sequence

from adapters.memory.tables import KeyedRepository
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.profiles.commands import ListProfiles
from core.profiles.model import ProfileDraft, ServiceProfile
from core.shared.errors import AlreadyExists, NotFound
from core.shared.unit_of_work import AfterCommit


class InMemoryProfileDraftRepository(KeyedRepository[ProfileDraft]):
    table_name = "profiles"
    kind = "profile"

    def add(self, profile: ProfileDraft) -> None:
        self._require_absent(profile.id)
        self._refuse_taken_slug(profile)
        self._put(profile.id, profile)

    def exists(self, profile_id: str) -> bool:
        return profile_id in self._rows

    def owner_of(self, profile_id: str) -> str | None:
        if profile_id not in self._rows:
            raise NotFound("profile", profile_id)
        return self._rows[profile_id].owner_user_id

    def get_by_slug(self, slug: str) -> ProfileDraft:
        for profile in self._rows.values():
            if profile.slug == slug:
                return copy.deepcopy(profile)
        raise NotFound("profile", slug)

    def save(self, profile: ProfileDraft, expected_version: int) -> None:
        self._require_present(profile.id, expected_version)
        self._refuse_taken_slug(profile)
        self._put(profile.id, profile)

    def _refuse_taken_slug(self, profile: ProfileDraft) -> None:
        if any(p.slug == profile.slug and p.id != profile.id for p in self._rows.values()):
            raise AlreadyExists("profile slug", profile.slug)

    def page(self, query: ListProfiles) -> list[ProfileDraft]:
        found = [
            copy.deepcopy(p)
            for _, p in sorted(self._rows.items())
            if (query.after is None or p.id > query.after)
            and (query.city is None or p.fields.city == query.city)
            and (query.role is None or query.role in p.fields.roles)
            and (
                not query.published_only
                or p.is_published
                or (query.also_owned_by is not None and p.owner_user_id == query.also_owned_by)
            )
        ]
        return found[: query.limit]

    def owned_by(self, user_id: str) -> list[ProfileDraft]:
        return [copy.deepcopy(p) for _, p in sorted(self._rows.items()) if p.owner_user_id == user_id]

    def owner_ids(self) -> list[str]:
        return sorted({p.owner_user_id for p in self._rows.values() if p.owner_user_id is not None})

    def add_service(self, service: ServiceProfile) -> None:
        services = self._table("services")
        if service.id in services:
            raise AlreadyExists("service profile", service.id)
        if service.profile_id not in self._rows:
            raise NotFound("profile", service.profile_id)
        services[service.id] = service

    def save_service(self, service: ServiceProfile) -> None:
        services = self._table("services")
        if service.id not in services:
            raise NotFound("service profile", service.id)
        services[service.id] = service

    def get_service(self, service_id: str) -> ServiceProfile:
        try:
            service: ServiceProfile = self._table("services")[service_id]
        except KeyError:
            raise NotFound("service profile", service_id) from None
        return service

    def services_of(self, profile_id: str) -> list[ServiceProfile]:
        return sorted((s for s in self._table("services").values() if s.profile_id == profile_id), key=lambda s: s.id)

    def services_of_profiles(self, profile_ids: Sequence[str]) -> dict[str, list[ServiceProfile]]:
        return {profile_id: self.services_of(profile_id) for profile_id in profile_ids}


class InMemoryProfilesUnitOfWork(InMemoryUnitOfWork):
    """The profiles context's in-memory unit of work."""

    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        self.profiles = InMemoryProfileDraftRepository(self.database.table)
