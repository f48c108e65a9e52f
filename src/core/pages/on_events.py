"""Pages' handlers: every change a public view shows marks the view stale and rebuilds it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs

from core.booking.events import BookingEvent
from core.calendar.events import FeedImported, FeedRemoved, FeedSynced, ScheduleReplaced
from core.media.events import MediaProcessed, MediaRerendered, MediaReviewed, PortfolioArranged, UploadDiscarded
from core.onboarding.events import ProfilePublished, ProfileUnpublished, VerificationDecided
from core.pages.reads import PublicReads
from core.profiles.events import ProfileDraftEdited, ServiceChanged, ServiceOffered
from core.reviews.events import ReviewResponded, ReviewsPublished, ReviewVisibilityChanged
from core.shared.errors import NotFound
from core.shared.events import Event
from core.shared.messagebus import Handlers


def _profile_of(event: Event) -> str | None:
    return getattr(event, "profile_id", None) or getattr(event, "owner_id", None)


@attrs.frozen
class ViewRefresh:
    """The bus's handlers: a change marks its profile's view stale, then rebuilds it (a booking only marks it:
    checkouts are hot, and the next read rebuilds it)."""

    reads: PublicReads
    now: Callable[[], datetime]

    def rebuild(self, event: Event) -> str | None:
        profile_id = _profile_of(event)
        if profile_id is None:
            return None
        self.reads.changed(profile_id)
        try:
            self.reads.rebuilt(profile_id, self.now())
        except NotFound:
            return None
        return profile_id

    def mark_booked(self, event: BookingEvent) -> list[str]:
        owners = list(event.owners) if event.changes_busy_time else []
        for owner in owners:
            self.reads.changed(owner)
        return owners


REBUILT_ON: tuple[type[Event], ...] = (
    ProfileDraftEdited, ServiceOffered, ServiceChanged, ProfilePublished, ProfileUnpublished, VerificationDecided,
    MediaProcessed, MediaReviewed, MediaRerendered, PortfolioArranged, UploadDiscarded,
    ScheduleReplaced, FeedImported, FeedRemoved, FeedSynced, ReviewsPublished, ReviewVisibilityChanged, ReviewResponded,
)  # fmt: skip


def pages_handlers(reads: PublicReads, now: Callable[[], datetime]) -> Handlers:
    """Pages' handler map for the message bus: the public views."""
    refresh = ViewRefresh(reads, now)
    handlers: dict[type[Event], list[Callable[[Event], object]]] = {kind: [refresh.rebuild] for kind in REBUILT_ON}
    handlers[BookingEvent] = [refresh.mark_booked]  # type: ignore[list-item]  # called with BookingEvents only
    return handlers
