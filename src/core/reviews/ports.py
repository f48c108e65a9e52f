"""Ports of the reviews context: the store of each booking's reviews, and its unit of work (which also reads the
booking, its provider profile and whether its charge is disputed, so the check of who may review and the write are
one transaction)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol

from core.booking.model import Booking
from core.profiles.model import ProfileDraft
from core.reviews.model import BookingReviews, Review
from core.shared.unit_of_work import UnitOfWork

Distribution = tuple[int, int, int, int, int]


class ReviewRepository(Protocol):
    """Each booking's reviews (``BookingReviews``) by booking id, and the public reviews of a subject."""

    def add(self, reviews: BookingReviews) -> None:
        """Store a new window (its ``version`` becomes 1). Raises ``AlreadyExists`` for a booking that has one."""
        ...

    def get(self, booking_id: str) -> BookingReviews:
        """The booking's window as last committed, with its ``version``. Raises ``NotFound``."""
        ...

    def save(self, reviews: BookingReviews) -> None:
        """Write back a window read by ``get``, incrementing its version. Raises ``VersionConflict`` when someone
        saved it since, ``NotFound`` for an unknown booking."""
        ...

    def holding(self, review_id: str) -> BookingReviews:
        """The window that holds review ``review_id``. Raises ``NotFound``."""
        ...

    def due(self, now: datetime, limit: int) -> Sequence[str]:
        """Up to ``limit`` booking ids whose window holds a review, is unpublished and closed at or before ``now``,
        earliest close first (then by id). Read-only."""
        ...

    def reminders_due(self, now: datetime, limit: int) -> Sequence[str]:
        """Up to ``limit`` booking ids whose window is unpublished, still open at ``now`` and due a reminder
        (``next_reminder_at`` at or before ``now``), earliest due first (then by id). Read-only."""
        ...

    def public_of(self, subject_id: str, limit: int) -> Sequence[Review]:
        """Up to ``limit`` public (published, not hidden) reviews of ``subject_id``, newest publication first
        (then by id). Read-only."""
        ...

    def distribution_of(self, subject_id: str) -> Distribution:
        """One-star .. five-star counts of ``subject_id``'s public reviews (all zero when it has none)."""
        ...

    def distributions_of(self, subject_ids: Sequence[str]) -> dict[str, Distribution]:
        """``distribution_of`` for many subjects at once: every id a key. Read-only."""
        ...

    def every_distribution(self) -> Iterator[tuple[str, Distribution]]:
        """The distribution of every subject with public reviews, by subject id: a full recomputation in one pass
        over the store (set-based); consume it inside the unit's ``with``. Read-only."""
        ...


class BookingReader(Protocol):
    def get(self, booking_id: str) -> Booking:
        """The booking as last committed. Raises ``NotFound``."""
        ...


class ProfileReader(Protocol):
    def get(self, profile_id: str) -> ProfileDraft:
        """The profile as last committed. Raises ``NotFound``."""
        ...


class DisputeReader(Protocol):
    """Whether a booking is under dispute: the one question reviews ask of payments (``core.payments.webhooks``)."""

    def has_open_dispute(self, booking_id: str) -> bool:
        """True while any dispute of ``booking_id``'s charge is open (neither won, lost nor closed with a
        warning); False for a booking with none, or with only closed ones. Read-only."""
        ...


class ReviewsUnitOfWork(UnitOfWork, Protocol):
    """A unit of work over the reviews store that also reads bookings, profiles and disputes in its transaction."""

    @property
    def reviews(self) -> ReviewRepository:
        """The reviews store bound to this unit's transaction."""
        ...

    @property
    def bookings(self) -> BookingReader:
        """The booking context's store, read in this unit's transaction."""
        ...

    @property
    def profiles(self) -> ProfileReader:
        """The profiles store (who owns the booked profile), read in this unit's transaction."""
        ...

    @property
    def disputes(self) -> DisputeReader:
        """Whether a booking's charge is disputed, read in this unit's transaction."""
        ...
