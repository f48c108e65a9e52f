"""Reading the public page from its read model.

A read is one statement when the view is fresh (the store's row) and asks for the session only when the profile
is not published (a published page is the same for everyone). Its ``tag`` is a strong validator of everything the
answer shows: the view's version (reviews included) and the slots bookable now.

A published page's read is kept for a moment (``RecentReads``, a second by default: the page is served with
``max-age=60`` anyway): a read of the same page within it is answered with no statement at all. A change this
process learns of (the pages' handlers) forgets it at once; one made by another process shows after the moment.
The anonymous answer of a published profile's JSON (``shown``: what the HTTP edge encoded) is kept the same way,
forgotten by the same changes: every change to a profile's record is one the pages' handlers hear of.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

import attrs

from core.onboarding.ports import OnboardingUnitOfWork
from core.onboarding.public_page import PREVIEW_DAYS, PublicSources
from core.pages.views import VIEW_FORMAT, PublicView, PublicViews, SlotPreviews, build_view
from core.profiles.public import PublicProfile
from core.profiles.visibility import Viewer, may_see_owned
from core.shared.errors import NotFound

T = TypeVar("T")


@attrs.frozen
class PublicRead:
    """The page as the caller may see it now, and its strong validator."""

    page: PublicProfile
    tag: str


@attrs.define
class RecentReads(Generic[T]):
    """Reads of published profiles made in the last ``keep``, by how they were asked for. Bounded; a read is
    answered again only for a ``now`` within ``keep`` after it was made (never for a clock that went back).

    A read that began before a change and ends after it must not be kept past the change: ``since()`` names the
    moment a read begins, and ``put`` keeps nothing when a profile was forgotten since then."""

    keep: timedelta = timedelta(seconds=1)
    most: int = 1024
    _reads: dict[Hashable, tuple[datetime, str, T]] = attrs.field(factory=dict, init=False)
    _forgotten: int = attrs.field(default=0, init=False)  # how many ``forget`` calls so far
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def get(self, key: Hashable, now: datetime) -> T | None:
        found = self._reads.get(key)
        if found is None or not timedelta(0) <= now - found[0] < self.keep:
            return None
        return found[2]

    def since(self) -> int:
        """The moment a read begins, for ``put``."""
        return self._forgotten

    def put(self, key: Hashable, now: datetime, profile_id: str, read: T, since: int | None = None) -> None:
        """Keep ``read`` of ``profile_id`` under ``key``, unless a profile was forgotten after ``since``."""
        if self.keep <= timedelta(0):
            return
        with self._lock:
            if since is not None and since != self._forgotten:
                return
            if len(self._reads) >= self.most:
                self._reads.clear()  # a burst of distinct pages: start again rather than track ages
            self._reads[key] = (now, profile_id, read)

    def forget(self, profile_id: str) -> None:
        with self._lock:
            self._forgotten += 1
            for key in [key for key, (_, owner, _) in self._reads.items() if owner == profile_id]:
                del self._reads[key]


@attrs.frozen
class PublicReads:
    """What reads and rebuilds views: the store, the sources a view is built from, the reviews; and the reads of a
    moment ago."""

    views: PublicViews
    new_uow: Callable[[], OnboardingUnitOfWork]
    sources: PublicSources
    slots: SlotPreviews
    recent: RecentReads[PublicRead] = attrs.field(factory=RecentReads)
    # the anonymous answers of published profiles' JSON (``GET /api/profiles/{id}``), as the HTTP edge encoded
    # them, keyed ``(True, profile_id)``
    shown: RecentReads[object] = attrs.field(factory=RecentReads)
    # what anonymous availability reads of published profiles were computed from (``AvailabilityInputs``), by
    # the query; answered again at a later instant (``AvailabilityInputs.later``)
    inputs: RecentReads[object] = attrs.field(factory=RecentReads)

    def changed(self, profile_id: str) -> None:
        """Mark the profile's view stale and forget its recent reads (the next read is built afresh)."""
        self.views.invalidate(profile_id)
        self.recent.forget(profile_id)
        self.shown.forget(profile_id)
        self.inputs.forget(profile_id)

    def recent_read(self, *, slug: str | None = None, profile_id: str | None = None,
                    now: datetime) -> PublicRead | None:  # fmt: skip
        """The published page's read of a moment ago, if there is one (no statement); else ``None``."""
        return self.recent.get(_key(slug, profile_id), now)

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
            current = found.format == VIEW_FORMAT
            if covered and here and current and (slug is None or found.page.slug == slug):
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
        key = _key(slug, profile_id)
        if (kept := self.recent.get(key, now)) is not None:
            return kept
        since = self.recent.since()
        view = self.view_of(slug=slug, profile_id=profile_id, now=now)
        if not view.page.published and not may_see_owned(False, view.owner_user_id, viewer()):
            raise NotFound("profile", view.profile_id)
        days = None if view.preview is None else view.preview.days_at(now, PREVIEW_DAYS)
        page = attrs.evolve(view.page, availability=days)
        tag = hashlib.sha256(repr((view.version, days)).encode()).hexdigest()[:32]
        read = PublicRead(page, tag)
        if page.published:  # the same for every viewer
            self.recent.put(key, now, view.profile_id, read, since)
        return read


def _key(slug: str | None, profile_id: str | None) -> tuple[bool, str]:
    return (True, profile_id) if profile_id is not None else (False, str(slug))
