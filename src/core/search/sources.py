"""The indexer's reading of a profile: the profiles and onboarding store, the media gallery and the calendar's
availability index and the reviews context's reputation, each through its context's port (``ProfileSnapshots``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from core.calendar.ports import CalendarUnitOfWork
from core.calendar.records import IndexedAvailability
from core.onboarding.completeness import completeness
from core.onboarding.facts import Facts
from core.onboarding.ports import OnboardingUnitOfWork
from core.profiles.commands import ListProfiles
from core.profiles.model import ProfileDraft, ServiceProfile
from core.profiles.public_ports import PortfolioGallery
from core.search.documents import DayMinutes, ProfileSnapshot, days_from
from core.shared.errors import NotFound


class ReputationSource(Protocol):
    """The reviews context's ranking signal of a profile."""

    def reputation_of(self, profile_id: str) -> float:
        """The profile's reputation on 0..1 (its public reviews' Bayesian score)."""
        ...

    def reputations_of(self, profile_ids: Sequence[str]) -> dict[str, float]:
        """``reputation_of`` for many profiles at once: every id a key."""
        ...


class NoReputation:
    """A reputation source that knows no reviews: 0 for every profile."""

    def reputation_of(self, profile_id: str) -> float:
        return 0.0

    def reputations_of(self, profile_ids: Sequence[str]) -> dict[str, float]:
        return dict.fromkeys(profile_ids, 0.0)


def _snapshot(
    profile: ProfileDraft, facts: Facts, services: tuple[ServiceProfile, ...], images: tuple[str, ...] = (),
    availability: IndexedAvailability | None = None, reputation: float = 0.0,
) -> ProfileSnapshot:  # fmt: skip
    return ProfileSnapshot(
        profile=profile, services=services, verified=facts.identity_verified is True,
        completeness=completeness(profile, facts).total, images=images,
        available_from=None if availability is None else availability.from_date,
        bookable_minutes=() if availability is None else availability.bookable_minutes, reputation=reputation,
    )  # fmt: skip


class StoredProfileSnapshots:
    """``ProfileSnapshots`` over the other contexts' ports; each call opens its own read-only units."""

    def __init__(
        self,
        new_onboarding_uow: Callable[[], OnboardingUnitOfWork],
        new_calendar_uow: Callable[[], CalendarUnitOfWork],
        gallery: PortfolioGallery,
        reputation: ReputationSource | None = None,
    ) -> None:
        self._onboarding, self._calendar, self._gallery = new_onboarding_uow, new_calendar_uow, gallery
        self._reputation = reputation or NoReputation()

    def snapshot(self, profile_id: str) -> ProfileSnapshot | None:
        uow = self._onboarding()
        with uow.reading():
            try:
                profile = uow.profiles.get(profile_id)
            except NotFound:
                return None
            facts = uow.facts.facts_of(profile_id)
            services = tuple(uow.profiles.services_of(profile_id))
        if not profile.is_published:  # an unlisted profile's document is deleted: no need to read the rest
            return _snapshot(profile, facts, services)
        images = tuple(item.url for item in self._gallery.approved_items(profile_id))
        reputation = self._reputation.reputation_of(profile_id)
        calendar = self._calendar()
        with calendar.reading():
            availability = calendar.index.get(profile_id)
        return _snapshot(profile, facts, services, images, availability, reputation)

    def page(self, after: str | None, limit: int) -> list[ProfileSnapshot]:
        """A few set-based reads per page (profiles, facts and services in one unit, then the gallery, the
        reputations and the availability rows of the published ones): what ``snapshot`` reads, in bulk."""
        uow = self._onboarding()
        with uow.reading():
            profiles = uow.profiles.page(ListProfiles(limit=limit, after=after, published_only=False))
            ids = [profile.id for profile in profiles]
            facts = uow.facts.facts_of_many(ids)
            services = uow.profiles.services_of_profiles(ids)
        listed = [profile.id for profile in profiles if profile.is_published]
        images = self._gallery.approved_items_of(listed) if listed else {}
        reputations = self._reputation.reputations_of(listed) if listed else {}
        calendar = self._calendar()
        with calendar.reading():
            rows = calendar.index.get_many(listed) if listed else {}
        return [
            _snapshot(p, facts[p.id], tuple(services[p.id]))
            if not p.is_published
            else _snapshot(p, facts[p.id], tuple(services[p.id]), tuple(item.url for item in images[p.id]),
                           rows.get(p.id), reputations[p.id])
            for p in profiles
        ]  # fmt: skip

    def days_of(self, profile_id: str) -> tuple[DayMinutes, ...]:
        calendar = self._calendar()
        with calendar.reading():
            row = calendar.index.get(profile_id)
        return () if row is None else days_from(row.from_date, row.bookable_minutes)

    def days_of_many(self, profile_ids: Sequence[str]) -> dict[str, tuple[DayMinutes, ...]]:
        calendar = self._calendar()
        with calendar.reading():
            rows = calendar.index.get_many(profile_ids) if profile_ids else {}
        return {
            profile_id: () if (row := rows.get(profile_id)) is None else days_from(row.from_date, row.bookable_minutes)
            for profile_id in profile_ids
        }

    def owned_by(self, user_id: str) -> Sequence[str]:
        uow = self._onboarding()
        with uow.reading():
            return [profile.id for profile in uow.profiles.owned_by(user_id)]

    def profile_of_service(self, service_id: str) -> str | None:
        uow = self._onboarding()
        with uow.reading():
            try:
                return uow.profiles.get_service(service_id).profile_id
            except NotFound:
                return None
