"""The public page's read model: one precomputed view per profile, its store's port, and how it is built.

The view holds what the page shows (profile text, SFW portfolio, services' policies, verified badge, the reviews
summary and the latest reviews) and the calendar's slots of the days ahead; only the clock's limits on the slots
are applied at each read. Events mark a view stale (``PublicViews.invalidate``) and rebuild it; a read that finds
it stale or missing builds it and stores it only if no change was marked meanwhile (``save``'s generation check),
so a view built from data older than a committed change is never stored.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Protocol

import attrs

from core.onboarding.ports import OnboardingUnitOfWork
from core.onboarding.public_page import PREVIEW_DAYS, PublicSources, policies_of
from core.profiles.public import LATEST_REVIEWS, PublicProfile, SlotPreview, public_profile

STORED_DAYS = PREVIEW_DAYS + 1  # one day more than shown, so a view built late yesterday still covers today
# What a stored view holds grows with the code: a view of an older format is rebuilt on its next read. 2: reviews.
VIEW_FORMAT = 2


@attrs.frozen
class PublicView:
    """What the page shows of a profile, with the slots before the clock's limits."""

    page: PublicProfile  # availability ``None``: the days are cut from ``preview`` at each read
    owner_user_id: str | None
    preview: SlotPreview | None  # None: no schedule known
    version: str  # a digest of everything above: two views with the same version show the same thing
    format: int = 1  # VIEW_FORMAT when built; a document stored before formats were numbered reads as 1

    @classmethod
    def of(cls, page: PublicProfile, owner_user_id: str | None, preview: SlotPreview | None) -> PublicView:
        digest = hashlib.sha256(repr((VIEW_FORMAT, page, owner_user_id, preview)).encode()).hexdigest()[:32]
        return cls(page, owner_user_id, preview, digest, VIEW_FORMAT)

    @property
    def profile_id(self) -> str:
        return self.page.id


@attrs.frozen
class StoredView:
    """A row of the store: the view (``None`` until first built) and whether it is still true."""

    profile_id: str
    generation: int  # grows with every change marked
    view: PublicView | None
    fresh: bool  # built at ``generation``: no change was marked since


class PublicViews(Protocol):
    """The store of public views: one row per profile, read in one statement."""

    def find(self, *, profile_id: str | None = None, slug: str | None = None) -> StoredView | None:
        """The row of ``profile_id``, or a row whose view has ``slug`` (a fresh one first); ``None`` if none."""
        ...

    def generation_of(self, profile_id: str) -> int:
        """The profile's generation (0 when it has no row)."""
        ...

    def invalidate(self, profile_id: str) -> None:
        """Mark the profile's view stale: its generation grows (a row is made if there was none). Idempotent in
        effect: the view is stale after one call or several."""
        ...

    def save(self, view: PublicView, generation: int) -> bool:
        """Store ``view``, built from what was read after ``generation_of`` answered ``generation``, if the row
        is still at that generation (or absent and ``generation`` is 0); otherwise store nothing. Returns
        whether it stored."""
        ...


class SlotPreviews(Protocol):
    """The calendar's slots of the days ahead, for a read model."""

    def slots_of(self, profile_id: str, days: int, now: datetime) -> SlotPreview | None:
        """``days`` local days from today of the profile's primary offering before notice and window limits;
        ``None`` when it has no (readable) schedule."""
        ...


def build_view(profile_id: str, uow: OnboardingUnitOfWork, sources: PublicSources, slots: SlotPreviews,
               now: datetime) -> PublicView:  # fmt: skip
    """The view of ``profile_id`` from its sources (whoever may see it: the read decides). Raises ``NotFound``."""
    with uow.reading():
        profile = uow.profiles.get(profile_id)
        verified = uow.facts.facts_of(profile.id).identity_verified is True
        services = uow.profiles.services_of(profile.id)
    said = sources.reviews
    page = public_profile(
        profile, verified=verified, portfolio=sources.gallery.approved_items(profile.id),
        reviews=said.summary_of(profile.id), latest_reviews=said.latest_of(profile.id, LATEST_REVIEWS),
        availability=None, policies=policies_of(services, sources.policies), base_url=sources.base_url,
    )  # fmt: skip
    return PublicView.of(page, profile.owner_user_id, slots.slots_of(profile.id, STORED_DAYS, now))
