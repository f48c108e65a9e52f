"""The indexer: the events that change a document refresh it, an account deletion removes its profiles'
documents, a redelivered event does nothing, and a rebuild lists exactly the published profiles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TypeVar

import attrs

from adapters.memory.clock import FixedClock
from adapters.memory.search import InMemorySearchIndex
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.calendar.events import AvailabilityChanged
from core.identity.events import AccountDeleted
from core.media.events import MediaReviewed
from core.onboarding.events import InstantBookChanged, ProfilePublished, ProfileUnpublished
from core.profiles.model import ProfileDraft
from core.search.documents import DayMinutes, ProfileSnapshot, SearchDocument, days_from, document_of
from core.search.errors import IndexWriteRejected
from core.search.indexer import INDEXED_EVENTS, REBUILD_ATTEMPTS, Indexer, indexer_consumers
from core.search.query import IndexQuery
from core.shared.outbox import OutboxMessage
from core.shared.relay import ALREADY_PROCESSED
from tests.contracts.search_index import T0
from tests.unit.search.test_documents import profile, snapshot


@attrs.define
class Snapshots:
    """ProfileSnapshots over a dict of drafts."""

    drafts: dict[str, ProfileDraft] = attrs.Factory(dict)
    days: dict[str, tuple[DayMinutes, ...]] = attrs.Factory(dict)

    def snapshot(self, profile_id: str) -> ProfileSnapshot | None:
        draft = self.drafts.get(profile_id)
        return None if draft is None else self._of(draft)

    def _of(self, draft: ProfileDraft) -> ProfileSnapshot:
        days = self.days.get(draft.id)
        if days is None:  # the helper's days until a test sets some
            return snapshot(draft)
        return snapshot(draft, available_from=days[0].on if days else None,
                        bookable_minutes=tuple(day.minutes for day in days))  # fmt: skip

    def page(self, after: str | None, limit: int) -> Sequence[ProfileSnapshot]:
        ids = sorted(i for i in self.drafts if after is None or i > after)[:limit]
        return [self._of(self.drafts[i]) for i in ids]

    def owned_by(self, user_id: str) -> Sequence[str]:
        return [i for i, d in self.drafts.items() if d.owner_user_id == user_id]

    def days_of(self, profile_id: str) -> tuple[DayMinutes, ...]:
        read = self.snapshot(profile_id)
        return () if read is None else days_from(read.available_from, read.bookable_minutes)

    def days_of_many(self, profile_ids: Sequence[str]) -> dict[str, tuple[DayMinutes, ...]]:
        return {profile_id: self.days_of(profile_id) for profile_id in profile_ids}

    def profile_of_service(self, service_id: str) -> str | None:
        return "prf_1" if service_id == "spf_1" else None


def draft(profile_id: str, published: bool = True, owner: str = "usr_1") -> ProfileDraft:
    made = attrs.evolve(profile(published=published), id=profile_id)
    made.owner_user_id = owner
    return made


def world() -> tuple[Snapshots, InMemorySearchIndex, Indexer]:
    snapshots, index = Snapshots({"prf_1": draft("prf_1")}), InMemorySearchIndex()
    return snapshots, index, Indexer(snapshots, index, FixedClock(T0))


def listed(index: InMemorySearchIndex) -> list[str]:
    return [hit.document.id for hit in index.query(IndexQuery()).hits]


def test_every_indexed_event_refreshes_its_profile() -> None:
    snapshots, index, indexer = world()
    assert indexer.after(ProfilePublished("prf_1", 80)) == {"prf_1": "upserted"}
    assert indexer.after(MediaReviewed("m1", "prf_1", True, "kim")) == {"prf_1": "upserted"}
    assert indexer.after(InstantBookChanged("spf_1", True)) == {"prf_1": "upserted"}
    assert indexer.after(InstantBookChanged("spf_unknown", True)) == {}
    snapshots.drafts["prf_1"] = draft("prf_1", published=False)
    assert indexer.after(ProfileUnpublished("prf_1")) == {"prf_1": "deleted"}
    assert listed(index) == []


def test_an_account_deletion_removes_its_profiles_whatever_their_state() -> None:
    snapshots, index, indexer = world()
    snapshots.drafts["prf_2"] = draft("prf_2", owner="usr_2")
    indexer.rebuild()
    assert indexer.after(AccountDeleted("usr_1", T0)) == {"prf_1": "deleted"}
    assert listed(index) == ["prf_2"]


def test_a_rebuild_lists_published_profiles_and_forgets_gone_ones() -> None:
    snapshots, index, indexer = world()
    snapshots.drafts["prf_2"] = draft("prf_2", published=False)
    gone = document_of(snapshot(draft("prf_gone")), 1)
    assert gone is not None
    index.upsert(gone)
    done = indexer.rebuild()
    assert (done.upserted, done.deleted) == (1, 1) and listed(index) == ["prf_1"]


def only(index: InMemorySearchIndex) -> SearchDocument:
    [hit] = index.query(IndexQuery()).hits
    return hit.document


def test_an_availability_change_rewrites_only_the_days_of_a_listed_document() -> None:
    snapshots, index, indexer = world()
    indexer.after(ProfilePublished("prf_1", 80))
    before = only(index)
    snapshots.days["prf_1"] = (DayMinutes(T0.date(), 240), DayMinutes(T0.date() + timedelta(days=1), 0))
    renamed = attrs.evolve(profile(display_name="Renamed later"), id="prf_1")
    snapshots.drafts["prf_1"] = renamed  # not the days: an availability change leaves the rest as indexed
    assert indexer.after(AvailabilityChanged("prf_1")) == {"prf_1": "days"}
    after = only(index)
    assert after.days == snapshots.days["prf_1"] and after == attrs.evolve(before, days=after.days)
    assert indexer.after(AvailabilityChanged("prf_1")) == {"prf_1": "unchanged"}  # redelivered: nothing moves
    assert indexer.after(AvailabilityChanged("prf_unlisted")) == {"prf_unlisted": "unchanged"}
    assert listed(index) == ["prf_1"]  # never lists a profile by itself


def test_the_consumers_take_every_indexed_topic_and_skip_a_redelivery() -> None:
    _snapshots, index, indexer = world()
    database = InMemoryDatabase()
    consumers = indexer_consumers(indexer, lambda: InMemoryUnitOfWork(database), FixedClock(T0))
    assert len({c.topic for c in consumers}) == len(INDEXED_EVENTS)
    published = next(c for c in consumers if c.topic == "onboarding.profile_published")
    message = OutboxMessage("evt_1", published.topic, ProfilePublished("prf_1", 80), T0, 1)
    assert published.handle(message) == {"prf_1": "upserted"}
    assert published.handle(message) == ALREADY_PROCESSED
    assert listed(index) == ["prf_1"]


def test_a_later_reading_wins_whatever_order_the_writes_land_in() -> None:
    snapshots, index, indexer = world()
    clock = FixedClock(T0)
    indexer = Indexer(snapshots, index, clock)
    indexer.refresh("prf_1")
    clock.advance(timedelta(seconds=-30))  # a clock stepping back still gives a higher version in this process
    snapshots.drafts["prf_1"] = draft("prf_1", published=False)
    assert indexer.refresh("prf_1") == "deleted"


class Refusing(InMemorySearchIndex):
    """An index refusing some ids' lines a number of times (as a Typesense import's per-line errors)."""

    def __init__(self, refusals: dict[str, int]) -> None:
        super().__init__()
        self.refusals = refusals

    def upsert(self, document: SearchDocument) -> bool:
        if self.refusals.get(document.id, 0) > 0:
            self.refusals[document.id] -= 1
            raise IndexWriteRejected((document.id,), "field price_low must be an int64")
        return super().upsert(document)


def test_a_rebuild_retries_refused_documents_then_reports_them_and_writes_the_rest() -> None:
    drafts = {pid: draft(pid) for pid in ("prf_1", "prf_2", "prf_3")}
    index = Refusing({"prf_2": REBUILD_ATTEMPTS - 1})
    index.upsert(attrs.evolve(document_of(snapshot(drafts["prf_3"]), 1), id="prf_3"))  # an older document stays
    index.refusals["prf_3"] = REBUILD_ATTEMPTS
    done = Indexer(Snapshots(drafts), index, FixedClock(T0)).rebuild()
    assert (done.upserted, done.failed) == (2, ("prf_3",))
    assert sorted(listed(index)) == ["prf_1", "prf_2", "prf_3"]  # a refused one is not deleted as gone either


Read = TypeVar("Read")


@attrs.define
class RollingOverWhileRead(Snapshots):
    """Snapshots whose every read of a document lets the day's rollover run right after it (the race): the reader
    holds the days before the rollover, and the rollover has rewritten the document's days before the write."""

    index: InMemorySearchIndex | None = None
    rolled: tuple[DayMinutes, ...] = ()

    def snapshot(self, profile_id: str) -> ProfileSnapshot | None:
        return self._then_roll_over(profile_id, super().snapshot(profile_id))

    def page(self, after: str | None, limit: int) -> Sequence[ProfileSnapshot]:
        read = super().page(after, limit)
        for item in read:
            self._then_roll_over(item.profile.id, item)
        return read

    def days_of(self, profile_id: str) -> tuple[DayMinutes, ...]:
        return self._then_roll_over(profile_id, super().days_of(profile_id))

    def _then_roll_over(self, profile_id: str, read: Read) -> Read:
        if self.rolled and self.days.get(profile_id) != self.rolled:
            self.days[profile_id] = self.rolled  # the rollover's rows commit, then it rewrites the documents
            assert self.index is not None
            self.index.refresh_days({profile_id: self.rolled})
        return read


def test_a_write_read_before_a_rollover_and_landing_after_it_ends_with_the_rolled_days() -> None:
    today = T0.date()
    yesterday = (DayMinutes(today - timedelta(days=1), 300), DayMinutes(today, 240))
    rolled = (DayMinutes(today, 240), DayMinutes(today + timedelta(days=1), 480))
    for write in ("refresh", "availability", "rebuild"):
        index = InMemorySearchIndex()
        snapshots = RollingOverWhileRead({"prf_1": draft("prf_1")}, {"prf_1": yesterday}, index)
        indexer = Indexer(snapshots, index, FixedClock(T0))
        indexer.refresh("prf_1")
        assert only(index).days == yesterday  # listed, as of before the rollover
        snapshots.rolled = rolled  # the next read of prf_1 is overtaken by the rollover
        if write == "refresh":
            assert indexer.after(ProfilePublished("prf_1", 80)) == {"prf_1": "upserted"}
        elif write == "availability":
            indexer.after(AvailabilityChanged("prf_1"))
        else:
            indexer.rebuild()
        assert only(index).days == rolled, write  # not the days read before the rollover
