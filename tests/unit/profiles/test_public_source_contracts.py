"""The public page's sources keep their contracts in memory: the honest empties, the twins, and the media
gallery and calendar preview over the in-memory stores (SQLite and PostgreSQL: tests/integration)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.memory.calendar import InMemoryCalendarUnitOfWork
from adapters.memory.media import InMemoryMediaUnitOfWork, InMemoryObjectStore
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from adapters.memory.public_sources import (
    EmptyPortfolioGallery,
    GalleryEntry,
    InMemoryPortfolioGallery,
    InMemoryReviewsSummary,
    UnknownAvailability,
)
from adapters.memory.reviews import InMemoryReviewsUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from adapters.sqlalchemy.calendar_preview import CalendarAvailabilityPreview
from core.media.gallery import MediaGallery
from core.profiles.public import ReviewStats
from tests.contracts.public_sources import (
    AvailabilityPreviewContract,
    PortfolioGalleryContract,
    ReviewsSummaryContract,
    ReviewsWith,
    SeedPortfolio,
    SeedSchedule,
    media_seeder,
    schedule_seeder,
)
from tests.contracts.review_repository import reviews_seeder
from tests.unit.media.test_media_contracts import profile

HOLDS_NOTHING = "holds nothing by design (the context behind it has not landed)"


@pytest.fixture
def database() -> InMemoryDatabase:
    return InMemoryDatabase()


@pytest.fixture
def add_profile(database: InMemoryDatabase) -> Callable[[str], None]:
    def add(profile_id: str) -> None:
        with InMemoryProfilesUnitOfWork(database) as uow:
            uow.profiles.add(profile(profile_id))
            uow.commit()

    return add


class TestEmptyPortfolioGallery(PortfolioGalleryContract):
    @pytest.fixture
    def gallery(self) -> EmptyPortfolioGallery:
        return EmptyPortfolioGallery()

    @pytest.fixture
    def seed_portfolio(self) -> SeedPortfolio:
        pytest.skip(HOLDS_NOTHING)


class TestInMemoryPortfolioGallery(PortfolioGalleryContract):
    @pytest.fixture
    def gallery(self) -> InMemoryPortfolioGallery:
        return InMemoryPortfolioGallery()

    @pytest.fixture
    def seed_portfolio(self, gallery: InMemoryPortfolioGallery) -> SeedPortfolio:
        def seed(profile_id: str, approved: list[bool]) -> list[str]:
            entries = [GalleryEntry(f"http://media.test/{profile_id}/{n}.webp", ok) for n, ok in enumerate(approved)]
            gallery.put(profile_id, entries)
            return [e.url for e in entries if e.approved]

        return seed


class TestMediaGalleryInMemory(PortfolioGalleryContract):
    @pytest.fixture
    def store(self) -> InMemoryObjectStore:
        return InMemoryObjectStore()

    @pytest.fixture
    def gallery(self, database: InMemoryDatabase, store: InMemoryObjectStore) -> MediaGallery:
        return MediaGallery(lambda: InMemoryMediaUnitOfWork(database), store)

    @pytest.fixture
    def seed_portfolio(
        self, database: InMemoryDatabase, store: InMemoryObjectStore, add_profile: Callable[[str], None]
    ) -> SeedPortfolio:
        return media_seeder(lambda: InMemoryMediaUnitOfWork(database), store, add_profile)


class TestStoredReviewsSummaryInMemory(ReviewsSummaryContract):
    @pytest.fixture
    def reviews_with(self, database: InMemoryDatabase) -> ReviewsWith:
        return reviews_seeder(lambda: InMemoryReviewsUnitOfWork(database))


class TestInMemoryReviewsSummary(ReviewsSummaryContract):
    @pytest.fixture
    def reviews_with(self) -> Callable[[dict[str, ReviewStats]], InMemoryReviewsSummary]:
        return InMemoryReviewsSummary


class TestUnknownAvailability(AvailabilityPreviewContract):
    @pytest.fixture
    def preview(self) -> UnknownAvailability:
        return UnknownAvailability()

    @pytest.fixture
    def seed_schedule(self) -> SeedSchedule:
        pytest.skip(HOLDS_NOTHING)


class TestCalendarAvailabilityPreviewInMemory(AvailabilityPreviewContract):
    @pytest.fixture
    def preview(self, database: InMemoryDatabase) -> CalendarAvailabilityPreview:
        return CalendarAvailabilityPreview(lambda: InMemoryCalendarUnitOfWork(database))

    @pytest.fixture
    def seed_schedule(self, database: InMemoryDatabase, add_profile: Callable[[str], None]) -> SeedSchedule:
        return schedule_seeder(lambda: InMemoryCalendarUnitOfWork(database), add_profile)
