"""The public profile page query: the profile, its verified badge and what other contexts may show."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.cancellation.policies import MODERATE, POLICIES
from core.onboarding.ports import OnboardingUnitOfWork
from core.profiles.model import ServiceProfile
from core.profiles.public import LATEST_REVIEWS, Policies, PublicProfile, public_profile
from core.profiles.public_ports import AvailabilityPreview, PortfolioGallery, ReviewsSummary
from core.profiles.visibility import Viewer, shown_to

PREVIEW_DAYS = 14
RESCHEDULE_POLICY = "Reschedule free of charge up to 48 hours before the start, once, subject to availability."


def platform_policies() -> Policies:
    """The policies a page shows for a profile that offers no service yet (the booking context's moderate one)."""
    return Policies(cancellation=MODERATE.summary(), reschedule=RESCHEDULE_POLICY)


def policies_of(services: list[ServiceProfile], default: Policies) -> Policies:
    """The cancellation terms the profile's services book under: one summary when they share a policy, one per
    service (by title) when they differ, the platform's when there is no service."""
    names = list(dict.fromkeys(service.cancellation_policy for service in services))
    if not names:
        return default
    if len(names) == 1:
        return attrs.evolve(default, cancellation=POLICIES[names[0]].summary())
    each = " ".join(f"{s.title}: {POLICIES[s.cancellation_policy].summary()}" for s in services)
    return attrs.evolve(default, cancellation=each)


@attrs.frozen
class PublicSources:
    """The ports the page reads besides the profile store, and the page's fixed inputs."""

    gallery: PortfolioGallery
    reviews: ReviewsSummary
    availability: AvailabilityPreview
    policies: Policies
    base_url: str


def public_page(
    *, slug: str | None = None, profile_id: str | None = None, viewer: Viewer, uow: OnboardingUnitOfWork,
    sources: PublicSources, now: datetime,
) -> PublicProfile:  # fmt: skip
    """The public view of the profile with ``slug`` (or ``profile_id``) as ``viewer`` may see it. Raises
    ``NotFound`` for an unknown profile and for one hidden from ``viewer`` (``core.profiles.visibility``).

    An unpublished profile shown to its owner or staff has ``published`` false: pages render it ``noindex``.
    """
    with uow.reading():
        found = uow.profiles.get_by_slug(slug) if slug is not None else uow.profiles.get(str(profile_id))
        profile = shown_to(found, viewer)
        verified = uow.facts.facts_of(profile.id).identity_verified is True
        services = uow.profiles.services_of(profile.id)
    return public_profile(
        profile,
        verified=verified,
        portfolio=sources.gallery.approved_items(profile.id),
        reviews=sources.reviews.summary_of(profile.id),
        latest_reviews=sources.reviews.latest_of(profile.id, LATEST_REVIEWS),
        availability=sources.availability.next_days(profile.id, PREVIEW_DAYS, now),
        policies=policies_of(services, sources.policies),
        base_url=sources.base_url,
    )
