"""Reading the public page from its read model.

A read is one statement when the view is fresh (the store's row) and asks for the session only when the profile
is not published (a published page is the same for everyone). Its ``tag`` is a strong validator of everything the
answer shows: the view's version, the slots bookable now, the reviews.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

import attrs

from core.onboarding.ports import OnboardingUnitOfWork
from core.onboarding.public_page import PREVIEW_DAYS, PublicSources
from core.pages.views import PublicView, PublicViews, SlotPreviews, build_view
from core.profiles.public import LATEST_REVIEWS, PublicProfile, reviews_view
from core.profiles.visibility import Viewer, may_see_owned
from core.shared.errors import NotFound


@attrs.frozen
class PublicRead:
    """The page as the caller may see it now, and its strong validator."""

    page: PublicProfile
    tag: str


@attrs.frozen
class PublicReads:
    """What reads and rebuilds views: the store, the sources a view is built from, the reviews."""

    views: PublicViews
    new_uow: Callable[[], OnboardingUnitOfWork]
    sources: PublicSources
    slots: SlotPreviews

    def rebuilt(self, profile_id: str, now: datetime) -> PublicView:
        """Build the view from its sources and store it unless a change was marked meanwhile. ``NotFound``."""
        generation = self.views.generation_of(profile_id)
        view = build_view(profile_id, self.new_uow(), self.sources, self.slots, now)
        self.views.save(view, generation)
        return view

    def _id_of_slug(self, slug: str) -> str:
        uow = self.new_uow()
        with uow.reading():
            return uow.profiles.get_by_slug(slug).id

    def view_of(self, *, slug: str | None = None, profile_id: str | None = None, now: datetime) -> PublicView:
        """The fresh view of the profile with ``profile_id`` (or ``slug``), rebuilt if stale or older than today.
        Raises ``NotFound``."""
        stored = self.views.find(profile_id=profile_id, slug=slug)
        if stored is not None and stored.fresh and (found := stored.view) is not None:
            covered = found.preview is None or found.preview.days_at(now, PREVIEW_DAYS) is not None
            # a view built under another public origin (another process's PUBLIC_BASE_URL) names wrong URLs
            here = found.page.canonical_url.startswith(f"{self.sources.base_url.rstrip('/')}/p/")
            if covered and here and (slug is None or found.page.slug == slug):
                return found
        target = profile_id if profile_id is not None else (stored.profile_id if stored else None)
        view = self.rebuilt(target or self._id_of_slug(str(slug)), now)
        if slug is not None and view.page.slug != slug:  # renamed since: the slug may be someone else's now
            view = self.rebuilt(self._id_of_slug(slug), now)
        return view

    def read(self, *, slug: str | None = None, profile_id: str | None = None, viewer: Callable[[], Viewer],
             now: datetime) -> PublicRead:  # fmt: skip
        """The page of the profile as ``viewer()`` may see it (asked only for an unpublished profile). Raises the
        ``NotFound`` of an unknown profile for one hidden from the viewer."""
        view = self.view_of(slug=slug, profile_id=profile_id, now=now)
        if not view.page.published and not may_see_owned(False, view.owner_user_id, viewer()):
            raise NotFound("profile", view.profile_id)
        days = None if view.preview is None else view.preview.days_at(now, PREVIEW_DAYS)
        source = self.sources.reviews
        reviews = reviews_view(source.summary_of(view.profile_id), source.latest_of(view.profile_id, LATEST_REVIEWS))
        page = attrs.evolve(view.page, reviews=reviews, availability=days)
        tag = hashlib.sha256(repr((view.version, days, reviews)).encode()).hexdigest()[:32]
        return PublicRead(page, tag)
