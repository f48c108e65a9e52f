"""The in-memory reviews store keeps the ``ReviewRepository`` and ``DisputeReader`` contracts (SQLite and PostgreSQL:
tests/integration)."""

from __future__ import annotations

from functools import partial

import pytest

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.reviews import InMemoryReviewsUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from core.profiles.public import ReviewStats
from tests.contracts.dispute_reader import DisputeReaderContract, NewMoneyUow
from tests.contracts.review_repository import NewReviewsUow, ReviewRepositoryContract, reviews_seeder


class TestInMemoryReviewRepository(ReviewRepositoryContract):
    @pytest.fixture
    def new_uow(self) -> NewReviewsUow:
        return partial(InMemoryReviewsUnitOfWork, InMemoryDatabase())


class TestInMemoryDisputeReader(DisputeReaderContract):
    @pytest.fixture
    def database(self) -> InMemoryDatabase:
        return InMemoryDatabase()

    @pytest.fixture
    def new_uow(self, database: InMemoryDatabase) -> NewReviewsUow:
        return partial(InMemoryReviewsUnitOfWork, database)

    @pytest.fixture
    def new_money_uow(self, database: InMemoryDatabase) -> NewMoneyUow:
        return partial(InMemoryBookingUnitOfWork, database)


def test_the_stored_summary_shows_the_newest_public_reviews() -> None:
    database = InMemoryDatabase()
    summary = reviews_seeder(partial(InMemoryReviewsUnitOfWork, database))(
        {"prv_1": ReviewStats(6, 4.5, (0, 0, 0, 3, 3))}
    )
    assert len(summary.latest_of("prv_1", 5)) == 5
    assert summary.summary_of("prv_1") == ReviewStats(6, 4.5, (0, 0, 0, 3, 3))  # the hidden and unpublished 1-star


def test_every_reputation_is_recomputed_in_one_pass_by_subject_as_one_at_a_time_would() -> None:
    new_uow = partial(InMemoryReviewsUnitOfWork, InMemoryDatabase())
    summary = reviews_seeder(new_uow)({f"prv_{n}": ReviewStats(n, 5.0, (0, 0, 0, 0, n)) for n in range(1, 6)})
    pairs = list(summary.all_reputations())
    assert [subject for subject, _ in pairs] == [f"prv_{n}" for n in range(1, 6)]
    found = dict(pairs)
    assert all(found[s] == summary.reputation(s) for s in found)
    assert [found[f"prv_{n}"].count for n in range(1, 6)] == [1, 2, 3, 4, 5]
    assert found["prv_5"].shown and not found["prv_4"].shown
