"""Events of the reviews context, past tense: what other contexts (search) react to."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.shared.events import Event
from core.shared.outbox import outbound


@outbound("reviews.published")  # the search indexer consumes it: the provider's reputation changed
@attrs.frozen
class ReviewsPublished(Event):
    """A booking's reviews became public (both sides in, or the window closed); ``profile_id`` is the reviewed
    provider or studio profile."""

    booking_id: str
    profile_id: str
    client_id: str
    at: datetime


@outbound("reviews.visibility_changed")  # the search indexer consumes it: a hidden review leaves reputation
@attrs.frozen
class ReviewVisibilityChanged(Event):
    """Staff hid (or restored) a published review of ``profile_id``."""

    review_id: str
    profile_id: str
    hidden: bool


@attrs.frozen
class ReviewResponded(Event):
    """The reviewed party answered a published review of the booking reviewing ``profile_id`` (its public page
    shows the response)."""

    review_id: str
    profile_id: str
