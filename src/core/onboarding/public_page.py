"""The public profile page's sources and policies: what other contexts may show on it (read by core.pages)."""

from __future__ import annotations

import attrs

from core.cancellation.policies import MODERATE, POLICIES
from core.profiles.model import ServiceProfile
from core.profiles.public import Policies
from core.profiles.public_ports import AvailabilityPreview, PortfolioGallery, ReviewsSummary

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
