"""The contracts of the public page's sources: ``PortfolioGallery``, ``ReviewsSummary``, ``AvailabilityPreview``.

A subclass gives the adapter and a way to put data behind it through its own context (media items, review
stats, a calendar schedule); an adapter that holds nothing by design skips the cases that need data.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest

from adapters.memory.clock import FixedClock
from core.calendar import Schedule, WeeklyRule
from core.calendar.commands import ReplaceSchedule
from core.calendar.handlers import replace_schedule
from core.calendar.ports import CalendarUnitOfWork
from core.media.gallery import PAGE_VARIANT
from core.media.keys import public_key
from core.media.model import Classification, ImageFacts, MediaAsset, Variant, Verdict
from core.media.ports import MediaUnitOfWork, ObjectStore
from core.profiles.public import ReviewStats
from core.profiles.public_ports import AvailabilityPreview, PortfolioGallery, ReviewsSummary
from core.shared.actor import OPERATOR

MONDAY = datetime(2026, 11, 23, 8, tzinfo=UTC)  # 00:00 in Los Angeles
SeedPortfolio = Callable[[str, list[bool]], list[str]]  # (profile, approved? per item) -> expected public URLs
ReviewsWith = Callable[[dict[str, ReviewStats]], ReviewsSummary]
SeedSchedule = Callable[[str], None]  # open 09:00-17:00 Los Angeles every day, one-hour slots, no notice


class PortfolioGalleryContract:
    """Subclass with ``gallery`` and ``seed_portfolio``: the seed adds items in display order, approved or not
    (not approved: waiting for review or rejected), and returns the public URLs the approved ones must have."""

    @pytest.fixture
    def gallery(self) -> PortfolioGallery:
        raise NotImplementedError

    @pytest.fixture
    def seed_portfolio(self) -> SeedPortfolio:
        raise NotImplementedError

    def test_an_unknown_profile_has_no_items(self, gallery: PortfolioGallery) -> None:
        assert gallery.approved_items("prf_nobody") == []

    def test_only_approved_items_are_returned_in_display_order(
        self, gallery: PortfolioGallery, seed_portfolio: SeedPortfolio
    ) -> None:
        expected = seed_portfolio("prf_ana", [True, False, True, False])
        assert len(expected) == 2
        assert [item.url for item in gallery.approved_items("prf_ana")] == expected

    def test_a_portfolio_with_nothing_approved_shows_nothing(
        self, gallery: PortfolioGallery, seed_portfolio: SeedPortfolio
    ) -> None:
        seed_portfolio("prf_ana", [False, False])
        assert gallery.approved_items("prf_ana") == []

    def test_urls_are_public_and_each_profile_sees_its_own(
        self, gallery: PortfolioGallery, seed_portfolio: SeedPortfolio
    ) -> None:
        ana = seed_portfolio("prf_ana", [True])
        bob = seed_portfolio("prf_bob", [True, True])
        assert [i.url for i in gallery.approved_items("prf_ana")] == ana
        assert [i.url for i in gallery.approved_items("prf_bob")] == bob
        assert not any("original" in url for url in ana + bob)  # never the private upload

    def test_many_profiles_at_once_see_what_each_sees_alone(
        self, gallery: PortfolioGallery, seed_portfolio: SeedPortfolio
    ) -> None:
        seed_portfolio("prf_ana", [True, False, True])
        seed_portfolio("prf_bob", [False, True])
        ids = ["prf_ana", "prf_bob", "prf_nobody"]
        assert gallery.approved_items_of(ids) == {i: gallery.approved_items(i) for i in ids}


class ReviewsSummaryContract:
    """Subclass with ``reviews_with``: the adapter holding the given stats per profile (skip when it cannot)."""

    @pytest.fixture
    def reviews_with(self) -> ReviewsWith:
        raise NotImplementedError

    def test_an_unknown_profile_has_no_summary(self, reviews_with: ReviewsWith) -> None:
        assert reviews_with({}).summary_of("prf_nobody") is None  # unknown, not "no reviews"

    def test_a_profiles_stats_are_its_own(self, reviews_with: ReviewsWith) -> None:
        stats = ReviewStats(12, 4.5, (0, 1, 0, 3, 8))
        reviews = reviews_with({"prf_ana": stats})
        assert reviews.summary_of("prf_ana") == stats
        assert reviews.summary_of("prf_bob") is None

    def test_latest_reviews_are_public_ones_and_bounded(self, reviews_with: ReviewsWith) -> None:
        reviews = reviews_with({"prf_ana": ReviewStats(12, 4.5, (0, 1, 0, 3, 8))})
        latest = reviews.latest_of("prf_ana", 5)
        assert len(latest) <= 5 and all(r.rating > 1 for r in latest)  # a hidden or unpublished one never shows
        assert reviews.latest_of("prf_bob", 5) == []


class AvailabilityPreviewContract:
    """Subclass with ``preview`` and ``seed_schedule`` (skip when the adapter cannot hold a schedule)."""

    @pytest.fixture
    def preview(self) -> AvailabilityPreview:
        raise NotImplementedError

    @pytest.fixture
    def seed_schedule(self) -> SeedSchedule:
        raise NotImplementedError

    def test_no_schedule_is_unknown_not_fully_booked(self, preview: AvailabilityPreview) -> None:
        assert preview.next_days("prf_nobody", 14, MONDAY) is None

    def test_the_next_days_from_local_today_with_their_slots(
        self, preview: AvailabilityPreview, seed_schedule: SeedSchedule
    ) -> None:
        seed_schedule("prf_ana")
        days = preview.next_days("prf_ana", 14, MONDAY)
        assert days is not None
        assert [d.on for d in days] == [date(2026, 11, 23) + timedelta(days=n) for n in range(14)]
        assert all(d.open_slots == 8 for d in days)  # 09:00-17:00, one-hour slots
        assert days[0].first_slot == datetime(2026, 11, 23, 17, tzinfo=UTC)  # 09:00 in Los Angeles

    def test_asking_for_fewer_days_gets_fewer(self, preview: AvailabilityPreview, seed_schedule: SeedSchedule) -> None:
        seed_schedule("prf_ana")
        days = preview.next_days("prf_ana", 3, MONDAY)
        assert days is not None and len(days) == 3
        assert preview.next_days("prf_bob", 3, MONDAY) is None  # another profile's schedule is not shared


def media_seeder(
    new_uow: Callable[[], MediaUnitOfWork], store: ObjectStore, add_profile: Callable[[str], None]
) -> SeedPortfolio:
    """A ``seed_portfolio`` for ``MediaGallery``: processed items through the media context's own aggregate,
    approved by a SAFE verdict or left waiting for review by an unsure one."""
    counter = itertools.count(1)

    def seed(profile_id: str, approved: list[bool]) -> list[str]:
        add_profile(profile_id)
        expected = []
        with new_uow() as uow:
            for position, is_approved in enumerate(approved):
                n = next(counter)
                item = MediaAsset.new(media_id=f"med_{n:04d}", profile_id=profile_id,
                                      original_key=f"originals/{profile_id}/{n}", declared_type="image/jpeg",
                                      declared_size=1234, position=position, now=MONDAY,
                                      upload_expires_at=MONDAY + timedelta(minutes=15))  # fmt: skip
                item.begin_processing(MONDAY)
                card = Variant(PAGE_VARIANT, f"variants/{profile_id}/{item.id}/r1/card.webp", 640, 427, "image/webp", 9)
                verdict = Classification.SAFE if is_approved else Classification.NEEDS_REVIEW
                item.processed(
                    ImageFacts("image/jpeg", 1200, 800), "ab" * 32, (card,), Verdict(verdict, "test"), MONDAY
                )
                uow.media.add(item)
                if is_approved:
                    expected.append(store.public_url(public_key(card.key)))
            uow.commit()
        return expected

    return seed


def schedule_seeder(new_uow: Callable[[], CalendarUnitOfWork], add_profile: Callable[[str], None]) -> SeedSchedule:
    """A ``seed_schedule`` for ``CalendarAvailabilityPreview``: the schedule replaced through the calendar's handler."""

    def seed(profile_id: str) -> None:
        add_profile(profile_id)
        rules = [WeeklyRule(day, time(9), time(17)) for day in range(7)]
        schedule = Schedule(profile_id, "America/Los_Angeles", rules, min_duration=timedelta(hours=1),
                            granularity=timedelta(hours=1), min_notice=timedelta(0))  # fmt: skip
        replace_schedule(
            ReplaceSchedule(actor=OPERATOR, schedule=schedule, expected_version=0), new_uow(), FixedClock(MONDAY)
        )

    return seed
