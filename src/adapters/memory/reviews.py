"""In-memory reviews: each booking's window and reviews (copies in and out), and the reviews unit of work."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from datetime import datetime

from adapters.memory.booking import InMemoryBookingRepository
from adapters.memory.ledger import InMemoryDisputeReader
from adapters.memory.profiles import InMemoryProfileDraftRepository
from adapters.memory.tables import OneTable
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.reviews.model import BookingReviews, Review
from core.reviews.ports import Distribution
from core.shared.errors import NotFound
from core.shared.unit_of_work import AfterCommit


class InMemoryReviewRepository(OneTable[BookingReviews]):
    """Windows keyed by booking id; versions are checked as the SQL store checks them."""

    table_name = "reviews"
    kind = "reviews"

    def add(self, reviews: BookingReviews) -> None:
        self._require_absent(reviews.booking_id)
        reviews.version = 1
        self._put(reviews.booking_id, attrs_without_events(reviews))

    def get(self, booking_id: str) -> BookingReviews:
        return self._fetch(booking_id)

    def save(self, reviews: BookingReviews) -> None:
        self._require_present(reviews.booking_id, reviews.version)
        reviews.version += 1
        self._put(reviews.booking_id, attrs_without_events(reviews))

    def holding(self, review_id: str) -> BookingReviews:
        for window in self._rows.values():
            if any(review.id == review_id for review in window.reviews.values()):
                return copy.deepcopy(window)
        raise NotFound("review", review_id)

    def due(self, now: datetime, limit: int) -> Sequence[str]:
        found = [w for w in self._rows.values() if w.published_at is None and w.reviews and w.closes_at <= now]
        return [w.booking_id for w in sorted(found, key=lambda w: (w.closes_at, w.booking_id))[:limit]]

    def reminders_due(self, now: datetime, limit: int) -> Sequence[str]:
        found = [w for w in self._rows.values() if w.published_at is None and w.closes_at > now
                 and w.next_reminder_at is not None and w.next_reminder_at <= now]  # fmt: skip
        return [w.booking_id for w in sorted(found, key=lambda w: (w.next_reminder_at, w.booking_id))[:limit]]

    def public_of(self, subject_id: str, limit: int) -> Sequence[Review]:
        found = [r for w in self._rows.values() for r in w.reviews.values() if r.subject_id == subject_id]
        public = sorted((r for r in found if r.is_public), key=lambda r: (r.published_at, r.id), reverse=True)
        return copy.deepcopy(public[:limit])

    def distribution_of(self, subject_id: str) -> Distribution:
        counts = [0, 0, 0, 0, 0]
        for window in self._rows.values():
            for review in window.reviews.values():
                if review.subject_id == subject_id and review.is_public:
                    counts[review.rating.overall - 1] += 1
        one, two, three, four, five = counts
        return one, two, three, four, five

    def distributions_of(self, subject_ids: Sequence[str]) -> dict[str, Distribution]:
        return {subject_id: self.distribution_of(subject_id) for subject_id in subject_ids}

    def every_distribution(self) -> Iterator[tuple[str, Distribution]]:
        subjects = sorted({r.subject_id for w in self._rows.values() for r in w.reviews.values() if r.is_public})
        return iter([(s, self.distribution_of(s)) for s in subjects])


def attrs_without_events(reviews: BookingReviews) -> BookingReviews:
    """The window as stored: its recorded events stay with the caller, who hands them to the unit of work."""
    stored = copy.deepcopy(reviews)
    stored.pending_events = []
    return stored


class InMemoryReviewsUnitOfWork(InMemoryUnitOfWork):
    """The reviews store, with read access to bookings, profiles and disputes on the same database."""

    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        self.reviews = InMemoryReviewRepository(self.database.table)
        self.bookings = InMemoryBookingRepository(self.database.table)
        self.profiles = InMemoryProfileDraftRepository(self.database.table)
        self.disputes = InMemoryDisputeReader(self.database.table)
