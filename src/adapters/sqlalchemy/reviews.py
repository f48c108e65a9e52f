"""Reviews in SQL: a window row per booking and a row per review, mapped explicitly, saved under a version check."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select

from adapters.sqlalchemy.booking import SqlAlchemyBookingRepository
from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new, one_of
from adapters.sqlalchemy.ledger import SqlAlchemyDisputeReader
from adapters.sqlalchemy.profiles import SqlAlchemyProfileDraftRepository
from adapters.sqlalchemy.tables.reviews import review_reminders, review_windows, reviews
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.reviews.model import BookingReviews, Response, Review
from core.reviews.ports import Distribution
from core.reviews.rating import Rating, Side
from core.shared.errors import NotFound, VersionConflict

_PUBLIC = (reviews.c.published_at.is_not(None), reviews.c.hidden.is_(False))


def _window_row(window: BookingReviews) -> dict[str, Any]:
    return {"booking_id": window.booking_id, "client_id": window.client_id, "provider_id": window.provider_id,
            "closes_at": window.closes_at, "published_at": window.published_at, "version": window.version,
            "next_reminder_at": window.next_reminder_at}  # fmt: skip


def _review_row(review: Review) -> dict[str, Any]:
    response = review.response
    return {
        "id": review.id, "booking_id": review.booking_id, "side": review.side.value, "author_id": review.author_id,
        "subject_id": review.subject_id, "overall": review.rating.overall,
        "aspects": [[name, stars] for name, stars in review.rating.aspects],
        "would_work_again": review.rating.would_work_again, "body": review.text,
        "submitted_at": review.submitted_at, "updated_at": review.updated_at, "published_at": review.published_at,
        "response": response.text if response else None, "responded_at": response.at if response else None,
        "hidden": review.hidden,
    }  # fmt: skip


def _review_from(row: Row[Any]) -> Review:
    rating = Rating(row.overall, tuple((str(n), int(s)) for n, s in row.aspects), row.would_work_again)
    return Review(
        id=row.id, booking_id=row.booking_id, side=Side(row.side), author_id=row.author_id,
        subject_id=row.subject_id, rating=rating, text=row.body, submitted_at=row.submitted_at,
        updated_at=row.updated_at, published_at=row.published_at, hidden=row.hidden,
        response=None if row.response is None else Response(row.response, row.responded_at),
    )  # fmt: skip


class SqlAlchemyReviewRepository(OnConnection):
    def add(self, window: BookingReviews) -> None:
        window.version = 1
        insert_new(self._connection, review_windows, _window_row(window), "reviews", window.booking_id)
        self._write_reviews(window)

    def get(self, booking_id: str) -> BookingReviews:
        row = self._connection.execute(
            select(review_windows).where(review_windows.c.booking_id == booking_id)
        ).one_or_none()
        if row is None:
            raise NotFound("reviews", booking_id)
        found = self._connection.execute(select(reviews).where(reviews.c.booking_id == booking_id))
        written = {Side(r.side): _review_from(r) for r in found}
        had = self._connection.execute(select(review_reminders).where(review_reminders.c.booking_id == booking_id))
        return BookingReviews(booking_id=row.booking_id, client_id=row.client_id, provider_id=row.provider_id,
                              closes_at=row.closes_at, reviews=written, published_at=row.published_at,
                              reminders=frozenset((Side(r.side), r.day) for r in had),
                              next_reminder_at=row.next_reminder_at, version=row.version)  # fmt: skip

    def save(self, window: BookingReviews) -> None:
        values = _window_row(window)
        del values["booking_id"]
        values["version"] = window.version + 1
        where = (review_windows.c.booking_id == window.booking_id, review_windows.c.version == window.version)
        if self._connection.execute(review_windows.update().where(*where).values(values)).rowcount == 0:
            current = self._connection.execute(
                select(review_windows.c.version).where(review_windows.c.booking_id == window.booking_id)
            ).scalar()
            if current is None:
                raise NotFound("reviews", window.booking_id)
            raise VersionConflict("reviews", window.booking_id, window.version, current)
        window.version += 1
        self._connection.execute(delete(reviews).where(reviews.c.booking_id == window.booking_id))
        self._connection.execute(delete(review_reminders).where(review_reminders.c.booking_id == window.booking_id))
        self._write_reviews(window)

    def holding(self, review_id: str) -> BookingReviews:
        booking_id = self._connection.execute(select(reviews.c.booking_id).where(reviews.c.id == review_id)).scalar()
        if booking_id is None:
            raise NotFound("review", review_id)
        return self.get(booking_id)

    def due(self, now: datetime, limit: int) -> Sequence[str]:
        has_review = select(reviews.c.id).where(reviews.c.booking_id == review_windows.c.booking_id).exists()
        query = (
            select(review_windows.c.booking_id)
            .where(review_windows.c.published_at.is_(None), review_windows.c.closes_at <= now, has_review)
            .order_by(review_windows.c.closes_at, review_windows.c.booking_id)
            .limit(limit)
        )
        return list(self._connection.execute(query).scalars())

    def reminders_due(self, now: datetime, limit: int) -> Sequence[str]:
        open_and_due = (review_windows.c.next_reminder_at <= now, review_windows.c.published_at.is_(None),
                        review_windows.c.closes_at > now)  # fmt: skip
        query = (
            select(review_windows.c.booking_id)
            .where(*open_and_due)
            .order_by(review_windows.c.next_reminder_at, review_windows.c.booking_id)
            .limit(limit)
        )
        return list(self._connection.execute(query).scalars())

    def public_of(self, subject_id: str, limit: int) -> Sequence[Review]:
        query = (
            select(reviews)
            .where(reviews.c.subject_id == subject_id, *_PUBLIC)
            .order_by(reviews.c.published_at.desc(), reviews.c.id.desc())
            .limit(limit)
        )
        return [_review_from(row) for row in self._connection.execute(query)]

    def distribution_of(self, subject_id: str) -> Distribution:
        query = (
            select(reviews.c.overall, func.count())
            .where(reviews.c.subject_id == subject_id, *_PUBLIC)
            .group_by(reviews.c.overall)
        )
        counts = {int(stars): int(n) for stars, n in self._connection.execute(query)}
        return counts.get(1, 0), counts.get(2, 0), counts.get(3, 0), counts.get(4, 0), counts.get(5, 0)

    def distributions_of(self, subject_ids: Sequence[str]) -> dict[str, Distribution]:
        query = (
            select(reviews.c.subject_id, reviews.c.overall, func.count())
            .where(one_of(self._connection, reviews.c.subject_id, subject_ids), *_PUBLIC)
            .group_by(reviews.c.subject_id, reviews.c.overall)
        )
        counts: dict[str, list[int]] = {subject_id: [0, 0, 0, 0, 0] for subject_id in subject_ids}
        for subject_id, stars, n in self._connection.execute(query):
            counts[subject_id][int(stars) - 1] = int(n)
        return {s: (c[0], c[1], c[2], c[3], c[4]) for s, c in counts.items()}

    def every_distribution(self) -> Iterator[tuple[str, Distribution]]:
        # one GROUP BY over the public reviews (a sequential scan and a hash aggregate on PostgreSQL): a row per
        # subject with its five counts, about 50 bytes each (a read unit runs outside a transaction, so no
        # server-side cursor: 100,000 subjects are a few MB on the client)
        stars = [func.count().filter(reviews.c.overall == n) for n in range(1, 6)]
        query = select(reviews.c.subject_id, *stars).where(*_PUBLIC).group_by(reviews.c.subject_id)
        for subject_id, one, two, three, four, five in self._connection.execute(query.order_by(reviews.c.subject_id)):
            yield subject_id, (int(one), int(two), int(three), int(four), int(five))

    def _write_reviews(self, window: BookingReviews) -> None:
        if window.reviews:
            self._connection.execute(insert(reviews), [_review_row(r) for r in window.reviews.values()])
        if window.reminders:
            rows = [{"booking_id": window.booking_id, "side": side.value, "day": day} for side, day in window.reminders]
            self._connection.execute(insert(review_reminders), rows)


class SqlAlchemyReviewsUnitOfWork(SqlAlchemyUnitOfWork):
    """The reviews store, with the bookings, profiles and disputes it reads to decide who may review, on one
    transaction."""

    reviews: SqlAlchemyReviewRepository
    bookings: SqlAlchemyBookingRepository
    profiles: SqlAlchemyProfileDraftRepository
    disputes: SqlAlchemyDisputeReader

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.reviews = SqlAlchemyReviewRepository(connection)
        self.bookings = SqlAlchemyBookingRepository(connection)
        self.profiles = SqlAlchemyProfileDraftRepository(connection)
        self.disputes = SqlAlchemyDisputeReader(connection)
