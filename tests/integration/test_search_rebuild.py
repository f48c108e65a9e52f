"""The full rebuild's bulk reading and writing give what the one-by-one path gives, on SQLite and PostgreSQL:
generated profiles (some unpublished, some with approved or waiting media, an approved verification, a schedule,
an availability row, public reviews), each snapshot read in a page equal to the one read alone, and each stored
document equal to the one ``refresh`` would write."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import attrs
import pytest
from sqlalchemy import Engine

from adapters.memory.calendar import no_bookings_yet
from adapters.memory.clock import FixedClock
from adapters.memory.media import InMemoryObjectStore
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.media import SqlAlchemyMediaUnitOfWork
from adapters.sqlalchemy.onboarding import SqlAlchemyOnboardingUnitOfWork
from adapters.sqlalchemy.reviews import SqlAlchemyReviewsUnitOfWork
from adapters.sqlalchemy.search import SqlAlchemySearchIndex
from core.calendar.records import IndexedAvailability
from core.media.gallery import MediaGallery
from core.onboarding.verification import VerificationKind, VerificationRequest
from core.profiles.public import ReviewStats
from core.reviews.summary import StoredReviewsSummary
from core.search.documents import SearchDocument, document_of
from core.search.indexer import Indexer
from core.search.query import IndexQuery
from core.search.sources import StoredProfileSnapshots
from tests.contracts.public_sources import MONDAY, media_seeder, schedule_seeder
from tests.contracts.review_repository import reviews_seeder
from tests.integration.sql_stores import sqlite_engine, truncate_all

sys.path.insert(0, str(Path(__file__).parents[2] / "perf"))
from generate_profiles import generate  # perf/ is not a package: the benchmark's own generator

pytestmark = pytest.mark.integration
COUNT = 40


def _id(n: int) -> str:
    return f"prf_gen_{n:06d}"


def _world(engine: Engine) -> StoredProfileSnapshots:
    """COUNT generated profiles, then something of every kind a document reads on some of them."""
    generate(engine, COUNT)
    new_onboarding = partial(SqlAlchemyOnboardingUnitOfWork, engine)
    new_calendar = partial(SqlAlchemyCalendarUnitOfWork, engine, no_bookings_yet)
    with new_onboarding() as uow:
        for n in range(1, COUNT + 1, 7):  # unpublished: their documents are deletions
            profile = uow.profiles.get(_id(n))
            profile.unpublish(MONDAY)
            uow.profiles.save(profile, profile.version - 1)
        for n in range(2, COUNT + 1, 3):
            request = VerificationRequest.submit(request_id=f"ver_{n}", profile_id=_id(n),
                                                 kind=VerificationKind.IDENTITY,
                                                 document_key=f"documents/{_id(n)}/id.jpg", now=MONDAY)  # fmt: skip
            request.approve("staff", MONDAY)
            uow.verifications.add(request)
        uow.commit()
    store = InMemoryObjectStore("https://cdn.rastup.test")
    seed_media = media_seeder(partial(SqlAlchemyMediaUnitOfWork, engine), store, lambda _id: None)
    for n in range(3, COUNT + 1, 4):
        seed_media(_id(n), [n % 3 != 0, True, False])
    seed_schedule = schedule_seeder(new_calendar, lambda _id: None)
    for n in range(4, COUNT + 1, 5):
        seed_schedule(_id(n))
    with new_calendar() as calendar:
        calendar.index.put_many([
            IndexedAvailability(_id(n), date(2026, 11, 23), timedelta(hours=1), tuple(range(n, n + 16)), None, MONDAY)
            for n in range(1, COUNT + 1, 2)
        ])  # fmt: skip
        calendar.commit()
    reviews = reviews_seeder(partial(SqlAlchemyReviewsUnitOfWork, engine))(
        {_id(n): ReviewStats(n % 6 + 1, 4.0, (0, 0, 1, n % 6, 0)) for n in range(5, COUNT + 1, 6)}
    )
    gallery = MediaGallery(partial(SqlAlchemyMediaUnitOfWork, engine), store)
    assert isinstance(reviews, StoredReviewsSummary)  # the reviews context's summary is also search's reputation
    return StoredProfileSnapshots(new_onboarding, new_calendar, gallery, reviews)


class _Rebuild:
    def test_a_page_reads_what_each_profile_reads_alone(self, engine: Engine) -> None:
        snapshots = _world(engine)
        paged = [s for after in (None, _id(17)) for s in snapshots.page(after, 17)]
        assert [s.profile.id for s in paged] == [_id(n) for n in range(1, 35)]
        assert paged == [snapshots.snapshot(s.profile.id) for s in paged]
        read = {s.profile.id: s for s in paged}
        assert any(s.images for s in paged) and any(s.verified for s in paged) and any(s.reputation for s in paged)
        assert any(s.bookable_minutes for s in paged) and not all(s.profile.is_published for s in paged)
        assert len({s.completeness for s in paged}) > 1
        assert read[_id(1)].images == () and read[_id(1)].bookable_minutes == ()  # unpublished: nothing more read
        ids = [_id(n) for n in range(1, 12)] + ["prf_unknown"]
        many = snapshots.days_of_many(ids)  # the indexer's re-read after a write, in one go
        assert many == {profile_id: snapshots.days_of(profile_id) for profile_id in ids} and any(many.values())

    def test_the_bulk_rebuild_stores_the_documents_one_by_one_refreshes_would(self, engine: Engine) -> None:
        snapshots = _world(engine)
        index = SqlAlchemySearchIndex(engine)
        index.upsert(_listed_before(snapshots))
        done = Indexer(snapshots, index, FixedClock(MONDAY)).rebuild()
        listed = [n for n in range(1, COUNT + 1) if (n - 1) % 7]
        assert (done.upserted, done.deleted, done.failed) == (len(listed), 1, ())
        stored = {hit.document.id: hit.document for hit in index.query(IndexQuery(limit=100)).hits}
        assert sorted(stored) == [_id(n) for n in listed]
        for profile_id, document in stored.items():
            alone = snapshots.snapshot(profile_id)
            assert alone is not None and document == document_of(alone, document.source_version)


def _listed_before(snapshots: StoredProfileSnapshots) -> SearchDocument:
    """The unpublished first profile's document from when it was listed (the rebuild must delete it)."""
    first = snapshots.snapshot(_id(1))
    assert first is not None
    listed = attrs.evolve(first.profile)
    listed.publish(MONDAY)
    document = document_of(attrs.evolve(first, profile=listed), 1)
    assert document is not None
    return document


class TestSqliteRebuild(_Rebuild):
    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Engine]:
        yield from sqlite_engine(tmp_path)


class TestPostgresRebuild(_Rebuild):
    @pytest.fixture
    def engine(self, pg_engine: Engine) -> Engine:
        truncate_all(pg_engine)
        return pg_engine
