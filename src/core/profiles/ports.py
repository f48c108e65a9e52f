"""Ports of the profiles context: the storage it needs, described by contract."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.profiles.commands import ListProfiles
from core.profiles.model import ProfileDraft, ServiceProfile
from core.shared.idempotency import IdempotencyStore
from core.shared.unit_of_work import UnitOfWork


class ProfileDraftRepository(Protocol):
    """Profile drafts, read and written inside the caller's unit of work."""

    def add(self, profile: ProfileDraft) -> None:
        """Store a new profile. Raises ``AlreadyExists`` if its id or its slug is taken."""
        ...

    def get(self, profile_id: str) -> ProfileDraft:
        """Return the profile with this id. Raises ``NotFound``."""
        ...

    def get_by_slug(self, slug: str) -> ProfileDraft:
        """Return the profile with this slug. Raises ``NotFound``."""
        ...

    def owner_of(self, profile_id: str) -> str | None:
        """The user who owns the profile (``None`` for one nobody owns: seeded), without reading the rest of it.
        Raises ``NotFound``."""
        ...

    def save(self, profile: ProfileDraft, expected_version: int) -> None:
        """Write ``profile`` over the stored one only if the stored version is ``expected_version``.

        Raises ``NotFound`` if the profile is gone, ``VersionConflict`` (carrying the current version)
        if someone else saved first, and ``AlreadyExists("profile slug", ...)`` if its (new) slug is taken.
        The check and the write are one atomic step: of two concurrent saves from the same version exactly
        one wins.
        """
        ...

    def page(self, query: ListProfiles) -> list[ProfileDraft]:
        """Return at most ``query.limit`` profiles with id > ``query.after``, ordered by id, filtered by
        city and role when given, and with ``query.published_only`` by status: published ones and those owned
        by ``query.also_owned_by``. An empty list ends the pagination."""
        ...

    def owned_by(self, user_id: str) -> list[ProfileDraft]:
        """Every profile whose owner is ``user_id``, ordered by id (none for seeded, ownerless profiles)."""
        ...

    def owner_ids(self) -> list[str]:
        """Every distinct owner of a profile, ordered (for reconciling profiles whose owner was deleted)."""
        ...

    def add_service(self, service: ServiceProfile) -> None:
        """Store a service profile. Raises ``AlreadyExists`` for a taken id, ``NotFound`` for an unknown
        profile."""
        ...

    def save_service(self, service: ServiceProfile) -> None:
        """Replace the stored service profile with the same id. Raises ``NotFound`` if there is none."""
        ...

    def get_service(self, service_id: str) -> ServiceProfile:
        """Return the service profile with this id. Raises ``NotFound``."""
        ...

    def services_of(self, profile_id: str) -> list[ServiceProfile]:
        """Return the profile's service profiles ordered by id (empty for an unknown profile)."""
        ...

    def services_of_profiles(self, profile_ids: Sequence[str]) -> dict[str, list[ServiceProfile]]:
        """``services_of`` for many profiles at once: every id a key (an empty list for an unknown one)."""
        ...


class ProfilesUnitOfWork(UnitOfWork, Protocol):
    """The unit of work the profiles handlers run in."""

    profiles: ProfileDraftRepository
    idempotency: IdempotencyStore
