"""The reviews of one booking: both sides' reviews, double-blind until both are in or the window closes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

import attrs

from core.reviews.errors import AlreadyReviewed, ResponseNotAllowed, ReviewsPublished, ReviewWindowClosed
from core.reviews.events import ReviewResponded, ReviewVisibilityChanged
from core.reviews.events import ReviewsPublished as Published
from core.reviews.rating import MAX_RESPONSE, MAX_TEXT, Rating, Side, checked_text
from core.reviews.reminders import Reminder, next_reminder_at
from core.shared.errors import NotFound
from core.shared.events import Event

REVIEW_WINDOW = timedelta(days=14)


@attrs.frozen
class Response:
    """The reviewed party's one public answer to a review."""

    text: str
    at: datetime


@attrs.frozen
class Review:
    """One side's review of the other: the client's of the provider profile, or the provider's of the client.

    ``subject_id`` is who is reviewed: the provider's profile id, or the client's user id.
    """

    id: str
    booking_id: str
    side: Side
    author_id: str
    subject_id: str
    rating: Rating
    text: str
    submitted_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    response: Response | None = None
    hidden: bool = False

    @property
    def is_public(self) -> bool:
        """Published and not hidden by staff: what anyone may read."""
        return self.published_at is not None and not self.hidden


@attrs.define
class BookingReviews:
    """The aggregate: a completed booking's review window and the (at most two) reviews written in it.

    Neither side sees the other's review until both are in or ``closes_at`` passes; then both publish at once
    (``ReviewsPublished``). A review can be edited until then, never after.
    """

    booking_id: str
    client_id: str  # the client's user id
    provider_id: str  # the booked provider or studio profile
    closes_at: datetime
    reviews: dict[Side, Review] = attrs.Factory(dict)
    published_at: datetime | None = None
    reminders: frozenset[Reminder] = frozenset()  # (side, day) reminders handled: sent, or skipped without consent
    next_reminder_at: datetime | None = None  # when the reminder sweep next looks at this window
    version: int = 0
    pending_events: list[Event] = attrs.field(factory=list, eq=False, repr=False)

    @classmethod
    def open(
        cls, booking_id: str, client_id: str, provider_id: str, completed_at: datetime, window: timedelta
    ) -> BookingReviews:
        """The window of a booking completed at ``completed_at``: open for ``window`` (``REVIEW_WINDOW``)."""
        return cls(booking_id=booking_id, client_id=client_id, provider_id=provider_id,
                   closes_at=completed_at + window)  # fmt: skip

    def subject_of(self, side: Side) -> str:
        """Who ``side`` reviews: the provider profile (the client's review) or the client (the provider's)."""
        return self.provider_id if side is Side.CLIENT else self.client_id

    def submit(self, side: Side, review_id: str, author_id: str, rating: Rating, text: str, now: datetime) -> Review:
        """Record ``side``'s review; publish both when the other side's is already in. Raises ``AlreadyReviewed``,
        ``ReviewWindowClosed``, ``InvalidInput``."""
        if side in self.reviews:
            raise AlreadyReviewed(self.booking_id, side.value)
        self._ensure_open(now)
        review = Review(id=review_id, booking_id=self.booking_id, side=side, author_id=author_id,
                        subject_id=self.subject_of(side), rating=rating.checked(side),
                        text=checked_text("text", text, MAX_TEXT), submitted_at=now, updated_at=now)  # fmt: skip
        self.reviews[side] = review
        if len(self.reviews) == 2:
            self._publish(now)
        return self.reviews[side]

    def edit(self, side: Side, rating: Rating, text: str, now: datetime) -> Review:
        """Change ``side``'s unpublished review. Raises ``NotFound`` (``side`` wrote none), ``ReviewsPublished``
        once public, ``ReviewWindowClosed``, ``InvalidInput``."""
        if side not in self.reviews:
            raise NotFound("review", f"{self.booking_id}/{side.value}")
        if self.published_at is not None:
            raise ReviewsPublished(self.booking_id)
        self._ensure_open(now)
        review = attrs.evolve(self.reviews[side], rating=rating.checked(side),
                              text=checked_text("text", text, MAX_TEXT), updated_at=now)  # fmt: skip
        self.reviews[side] = review
        return review

    def respond(self, side: Side, text: str, now: datetime) -> Review:
        """``side`` answers the other side's published review of it, once. Raises ``ResponseNotAllowed``."""
        review = self.reviews.get(side.other)
        if review is None or review.published_at is None:
            raise ResponseNotAllowed(
                f"{self.booking_id}/{side.other.value}", "there is no published review to respond to"
            )
        if review.response is not None:
            raise ResponseNotAllowed(review.id, "it already has a response")
        answered = attrs.evolve(review, response=Response(checked_text("text", text, MAX_RESPONSE), now))
        self.reviews[side.other] = answered
        self.pending_events.append(ReviewResponded(review.id, self.provider_id))
        return answered

    def publish_if_due(self, now: datetime) -> bool:
        """Publish what was written once the window has closed; True when this published something."""
        if self.published_at is not None or now < self.closes_at or not self.reviews:
            return False
        self._publish(now)
        return True

    def schedule_reminders(self, window: timedelta, now: datetime, days: Sequence[int]) -> None:
        """Set when the reminder sweep next looks at this window (``window`` is how long it stays open)."""
        self.next_reminder_at = next_reminder_at(self.closes_at - window, self.closes_at, now, self.reminders, days)

    def reminded(self, handled: Collection[Reminder], window: timedelta, now: datetime, days: Sequence[int],
                 retry_at: datetime | None = None) -> None:  # fmt: skip
        """Record reminders handled at ``now`` (each at most once), and when the next falls: no later than
        ``retry_at`` when a reminder due was held back."""
        self.reminders = self.reminders | frozenset(handled)
        self.schedule_reminders(window, now, days)
        if retry_at is not None and (self.next_reminder_at is None or retry_at < self.next_reminder_at):
            self.next_reminder_at = retry_at

    def set_hidden(self, review_id: str, hidden: bool) -> Review | None:
        """Staff's moderation: hide (or restore) the review ``review_id``; None when it is not one of these."""
        for side, review in self.reviews.items():
            if review.id == review_id:
                self.reviews[side] = attrs.evolve(review, hidden=hidden)
                self.pending_events.append(ReviewVisibilityChanged(review_id, self.provider_id, hidden))
                return self.reviews[side]
        return None

    def visible_to_side(self, side: Side | None) -> list[Review]:
        """What a party (``side``) or anyone else (``None``) may read: its own review always, the others once
        public."""
        return [r for s, r in self.reviews.items() if s is side or r.is_public]

    def pull_events(self) -> list[Event]:
        events, self.pending_events = self.pending_events, []
        return events

    def _ensure_open(self, now: datetime) -> None:
        if now >= self.closes_at:
            raise ReviewWindowClosed(self.booking_id)

    def _publish(self, now: datetime) -> None:
        self.published_at = now
        for side, review in self.reviews.items():
            self.reviews[side] = attrs.evolve(review, published_at=now)
        self.pending_events.append(Published(self.booking_id, self.provider_id, self.client_id, now))
