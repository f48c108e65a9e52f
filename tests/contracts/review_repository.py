"""The contract of ``ReviewRepository`` (in its unit of work), run against every adapter: round trips, versions,
the publication sweep's query, and what the public may read (published and not hidden, newest first)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from core.profiles.public import ReviewStats
from core.profiles.public_ports import ReviewsSummary
from core.reviews.model import BookingReviews, Response, Review
from core.reviews.ports import ReviewsUnitOfWork
from core.reviews.rating import Rating, Side
from core.reviews.reputation import ReputationRules
from core.reviews.summary import StoredReviewsSummary
from core.shared.errors import AlreadyExists, NotFound, VersionConflict

T0 = datetime(2030, 2, 1, 12, tzinfo=UTC)
NewReviewsUow = Callable[[], ReviewsUnitOfWork]


def window(booking_id: str = "bkg_1", *, provider: str = "prv_1", closes: datetime = T0 + timedelta(days=14),
           client: str = "cli_1") -> BookingReviews:  # fmt: skip
    return BookingReviews(booking_id=booking_id, client_id=client, provider_id=provider, closes_at=closes)


def review(w: BookingReviews, side: Side, stars: int = 5, *, published: datetime | None = None,
           hidden: bool = False) -> Review:  # fmt: skip
    rating = (
        Rating(stars, (("communication", 4), ("quality", stars))) if side is Side.CLIENT else Rating(stars, (), True)
    )
    return Review(id=f"rvw_{w.booking_id}_{side.value}", booking_id=w.booking_id, side=side,
                  author_id="cli_1" if side is Side.CLIENT else "usr_pat", subject_id=w.subject_of(side),
                  rating=rating, text=f"{stars} stars", submitted_at=T0, updated_at=T0, published_at=published,
                  hidden=hidden)  # fmt: skip


def put(new_uow: NewReviewsUow, *windows: BookingReviews) -> None:
    with new_uow() as uow:
        for w in windows:
            uow.reviews.add(w)
        uow.commit()


class ReviewRepositoryContract:
    @pytest.fixture
    def new_uow(self) -> NewReviewsUow:
        raise NotImplementedError

    def test_a_window_round_trips_with_its_reviews_and_version(self, new_uow: NewReviewsUow) -> None:
        w = window()
        w.reviews[Side.CLIENT] = attrs.evolve(review(w, Side.CLIENT, published=T0), response=Response("Thanks", T0))
        w.reviews[Side.PROVIDER] = review(w, Side.PROVIDER, 4, published=T0)
        w.published_at = T0
        put(new_uow, w)
        with new_uow() as uow:
            stored = uow.reviews.get("bkg_1")
        assert stored == attrs.evolve(w, version=1)
        with new_uow() as uow, pytest.raises(AlreadyExists):
            uow.reviews.add(window())
        with new_uow() as uow, pytest.raises(NotFound):
            uow.reviews.get("bkg_nope")

    def test_save_checks_and_bumps_the_version(self, new_uow: NewReviewsUow) -> None:
        put(new_uow, window())
        with new_uow() as uow:
            w = uow.reviews.get("bkg_1")
            w.reviews[Side.CLIENT] = review(w, Side.CLIENT)
            uow.reviews.save(w)
            uow.commit()
        assert w.version == 2
        with new_uow() as uow:
            stale = uow.reviews.get("bkg_1")
            assert stale.version == 2 and list(stale.reviews) == [Side.CLIENT]
            stale.version = 1
            with pytest.raises(VersionConflict):
                uow.reviews.save(stale)
        with new_uow() as uow, pytest.raises(NotFound):
            uow.reviews.save(window("bkg_nope"))

    def test_an_uncommitted_window_is_not_stored(self, new_uow: NewReviewsUow) -> None:
        with new_uow() as uow:
            uow.reviews.add(window())
        with new_uow() as uow, pytest.raises(NotFound):
            uow.reviews.get("bkg_1")

    def test_the_window_holding_a_review_is_found_by_its_id(self, new_uow: NewReviewsUow) -> None:
        w = window()
        w.reviews[Side.PROVIDER] = review(w, Side.PROVIDER)
        put(new_uow, w, window("bkg_2"))
        with new_uow() as uow:
            assert uow.reviews.holding("rvw_bkg_1_provider").booking_id == "bkg_1"
            with pytest.raises(NotFound):
                uow.reviews.holding("rvw_nope")

    def test_due_windows_are_closed_unpublished_and_hold_a_review(self, new_uow: NewReviewsUow) -> None:
        closed_early, closed_late, still_open, empty, published = (
            window("bkg_a", closes=T0), window("bkg_b", closes=T0 + timedelta(hours=1)),
            window("bkg_c", closes=T0 + timedelta(days=3)), window("bkg_d", closes=T0), window("bkg_e", closes=T0),
        )  # fmt: skip
        for w in (closed_early, closed_late, still_open, published):
            w.reviews[Side.CLIENT] = review(w, Side.CLIENT)
        published.published_at = T0
        put(new_uow, closed_late, still_open, empty, published, closed_early)
        with new_uow() as uow:
            assert list(uow.reviews.due(T0 + timedelta(days=1), 10)) == ["bkg_a", "bkg_b"]
            assert list(uow.reviews.due(T0 + timedelta(days=1), 1)) == ["bkg_a"]
            assert list(uow.reviews.due(T0 - timedelta(seconds=1), 10)) == []

    def test_reminders_round_trip_and_are_replaced_on_save(self, new_uow: NewReviewsUow) -> None:
        w = attrs.evolve(window(), reminders=frozenset({(Side.CLIENT, 2)}), next_reminder_at=T0 + timedelta(days=10))
        put(new_uow, w)
        with new_uow() as uow:
            stored = uow.reviews.get("bkg_1")
            assert stored == attrs.evolve(w, version=1)
            stored.reminders, stored.next_reminder_at = frozenset({(Side.CLIENT, 2), (Side.PROVIDER, 10)}), None
            uow.reviews.save(stored)
            uow.commit()
        with new_uow() as uow:
            again = uow.reviews.get("bkg_1")
        assert again.reminders == {(Side.CLIENT, 2), (Side.PROVIDER, 10)} and again.next_reminder_at is None

    def test_windows_due_a_reminder_are_open_unpublished_and_past_their_time(self, new_uow: NewReviewsUow) -> None:
        def at(booking_id: str, remind: datetime | None, closes: datetime = T0 + timedelta(days=14)) -> BookingReviews:
            return attrs.evolve(window(booking_id, closes=closes), next_reminder_at=remind)

        early, late, not_yet, never, closed, published = (
            at("bkg_b", T0), at("bkg_c", T0 + timedelta(hours=1)), at("bkg_d", T0 + timedelta(days=5)),
            at("bkg_e", None), at("bkg_f", T0, closes=T0 + timedelta(hours=2)), at("bkg_a", T0),
        )  # fmt: skip
        published.published_at = T0
        put(new_uow, late, not_yet, never, closed, published, early)
        with new_uow() as uow:
            assert list(uow.reviews.reminders_due(T0 + timedelta(hours=3), 10)) == ["bkg_b", "bkg_c"]
            assert list(uow.reviews.reminders_due(T0 + timedelta(hours=3), 1)) == ["bkg_b"]
            assert list(uow.reviews.reminders_due(T0 + timedelta(hours=1), 10)) == ["bkg_b", "bkg_f", "bkg_c"]
            assert list(uow.reviews.reminders_due(T0 - timedelta(seconds=1), 10)) == []

    def test_the_public_reads_published_unhidden_reviews_newest_first(self, new_uow: NewReviewsUow) -> None:
        windows = []
        for n, (stars, days, hidden) in enumerate([(5, 1, False), (3, 3, False), (1, 2, True), (4, None, False)]):
            w = window(f"bkg_{n}")
            at = None if days is None else T0 + timedelta(days=days)
            w.reviews[Side.CLIENT] = review(w, Side.CLIENT, stars, published=at, hidden=hidden)
            w.reviews[Side.PROVIDER] = review(w, Side.PROVIDER, 2, published=at)
            windows.append(w)
        put(new_uow, *windows, window("bkg_other", provider="prv_2"))
        with new_uow() as uow:
            assert [r.rating.overall for r in uow.reviews.public_of("prv_1", 10)] == [3, 5]
            assert [r.rating.overall for r in uow.reviews.public_of("prv_1", 1)] == [3]
            assert uow.reviews.distribution_of("prv_1") == (0, 0, 1, 0, 1)
            assert uow.reviews.distribution_of("cli_1") == (0, 3, 0, 0, 0)  # the provider's reviews of the client
            assert uow.reviews.distribution_of("prv_2") == (0, 0, 0, 0, 0)
            assert uow.reviews.public_of("prv_2", 10) == []
            # every subject with public reviews (never prv_2, whose only window holds none), by id
            assert list(uow.reviews.every_distribution()) == [("cli_1", (0, 3, 0, 0, 0)), ("prv_1", (0, 0, 1, 0, 1))]


def reviews_seeder(new_uow: NewReviewsUow) -> Callable[[dict[str, ReviewStats]], ReviewsSummary]:
    """A ``reviews_with`` for ``StoredReviewsSummary``: each profile's distribution as published client reviews
    (the average follows from it), plus one hidden and one unpublished review that must not count."""
    counter = itertools.count(1)

    def build(stats: dict[str, ReviewStats]) -> ReviewsSummary:
        windows = []
        for profile_id, wanted in stats.items():
            for stars, count in enumerate(wanted.distribution, start=1):
                for _ in range(count):
                    w = window(f"bkg_{next(counter):05d}", provider=profile_id)
                    w.reviews[Side.CLIENT] = review(w, Side.CLIENT, stars, published=T0)
                    windows.append(w)
            for hidden, at in ((True, T0), (False, None)):
                w = window(f"bkg_{next(counter):05d}", provider=profile_id)
                w.reviews[Side.CLIENT] = review(w, Side.CLIENT, 1, published=at, hidden=hidden)
                windows.append(w)
        put(new_uow, *windows)
        return StoredReviewsSummary(new_uow, ReputationRules())

    return build
