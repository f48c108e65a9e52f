"""The indexer's reading of a profile: the profiles and onboarding store, the media gallery and the calendar's
availability index and the reviews context's reputation, each through its context's port (``ProfileSnapshots``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from core.calendar.ports import CalendarUnitOfWork
from core.onboarding.completeness import completeness
from core.onboarding.ports import OnboardingUnitOfWork
from core.profiles.commands import ListProfiles
from core.profiles.public_ports import PortfolioGallery
from core.search.documents import DayMinutes, ProfileSnapshot, days_from
from core.shared.errors import NotFound


class ReputationSource(Protocol):
    """The reviews context's ranking signal of a profile."""

    def reputation_of(self, profile_id: str) -> float:
        """The profile's reputation on 0..1 (its public reviews' Bayesian score)."""
        ...


class NoReputation:
    """A reputation source that knows no reviews: 0 for every profile."""

    def reputation_of(self, profile_id: str) -> float:
        return 0.0


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
        images: tuple[str, ...] = ()
        reputation = 0.0
        if profile.is_published:  # an unlisted profile's document is deleted: no need to read the rest
            images = tuple(item.url for item in self._gallery.approved_items(profile_id))
            reputation = self._reputation.reputation_of(profile_id)
        calendar = self._calendar()
        with calendar.reading():
            availability = calendar.index.get(profile_id) if profile.is_published else None
        return ProfileSnapshot(
            profile=profile, services=services, verified=facts.identity_verified is True,
            completeness=completeness(profile, facts).total, images=images,
            available_from=None if availability is None else availability.from_date,
            bookable_minutes=() if availability is None else availability.bookable_minutes, reputation=reputation,
        )  # fmt: skip

    def days_of(self, profile_id: str) -> tuple[DayMinutes, ...]:
        calendar = self._calendar()
        with calendar.reading():
            row = calendar.index.get(profile_id)
        return () if row is None else days_from(row.from_date, row.bookable_minutes)

    def profile_ids(self, after: str | None, limit: int) -> Sequence[str]:
        uow = self._onboarding()
        with uow.reading():
            page = uow.profiles.page(ListProfiles(limit=limit, after=after, published_only=False))
        return [profile.id for profile in page]

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
