"""The indexer: an outbox consumer keeping each profile's document true, and the full rebuild.

Every event that changes what a document holds is outbound; the indexer reads the profile again and upserts
its document, or deletes it when the profile is no longer listed. Writes carry a source version (the instant
the indexer started reading, in microseconds, rising within a process), so of two rebuilds racing the later
reading wins whatever order their writes land in. A booking, a schedule or a feed change
(``AvailabilityChanged``, the most frequent event by far) moves only a document's days: those are rewritten from
the availability index as it is now (``refresh_days``, as the day's rollover does), not the whole document; a
listed document is never created or removed by it. After every write the days are read again and rewritten if they
moved meanwhile (``_settle_days``): a write read before the day's rollover and landing after it is put right at
once instead of a day behind until the next rollover. Idempotent by construction (a rebuild from the same state
writes the same document), and by event id through the inbox (``once_after_steps``).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime

import attrs

from core.calendar.events import AvailabilityChanged
from core.identity.events import AccountDeleted
from core.media.events import MediaProcessed, MediaRerendered, MediaReviewed, PortfolioArranged, UploadDiscarded
from core.onboarding.events import InstantBookChanged, ProfilePublished, ProfileUnpublished, VerificationDecided
from core.profiles.events import ProfileDraftEdited, ServiceChanged, ServiceOffered
from core.reviews.events import ReviewsPublished, ReviewVisibilityChanged
from core.search.documents import DayMinutes, ProfileSnapshot, document_of, listed
from core.search.errors import IndexUnavailable, IndexWriteRejected
from core.search.ports import ProfileSnapshots, SearchIndex
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.outbox import topic_of_type
from core.shared.relay import Consumer, once_after_steps
from core.shared.unit_of_work import InboxUnitOfWork

CONSUMER = "search-indexer"
# events whose `profile_id` names the profile whose document changes
PROFILE_EVENTS: tuple[type[Event], ...] = (
    ProfileDraftEdited, ServiceOffered, ServiceChanged, ProfilePublished, ProfileUnpublished, VerificationDecided,
    MediaProcessed, MediaReviewed, MediaRerendered, PortfolioArranged, UploadDiscarded, ReviewsPublished,
    ReviewVisibilityChanged,
)  # fmt: skip
INDEXED_EVENTS: tuple[type[Event], ...] = (*PROFILE_EVENTS, InstantBookChanged, AvailabilityChanged, AccountDeleted)
INDEXED_TOPICS = frozenset(topic_of_type(event_type) for event_type in INDEXED_EVENTS)  # its backlog's topics
REBUILD_PAGE = 500  # profiles read and written per bulk step of a full rebuild
READ_AHEAD = 2  # pages a rebuild reads ahead of its writes


REBUILD_ATTEMPTS = 3  # a document the index refuses in a rebuild is tried this often, then reported
SETTLE_ROUNDS = 3  # days re-read after a write at most this often (each round needs another rollover to race)


@attrs.frozen
class Rebuilt:
    upserted: int = 0
    deleted: int = 0
    failed: tuple[str, ...] = ()  # the rebuild's dead letters: profiles the index refused REBUILD_ATTEMPTS times


class SourceVersions:
    """Source versions: the clock in microseconds, and never the same or lower twice in one process (a stopped
    or coarse clock, two rebuilds in one microsecond)."""

    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def next(self, now: datetime) -> int:
        with self._lock:
            self._last = max(int(now.timestamp() * 1_000_000), self._last + 1)
            return self._last


@attrs.frozen
class Indexer:
    snapshots: ProfileSnapshots
    index: SearchIndex
    clock: Clock
    _versions: SourceVersions = attrs.field(factory=SourceVersions, init=False)

    def _version(self) -> int:
        return self._versions.next(self.clock.now())

    def refresh(self, profile_id: str) -> str:
        """Rebuild one profile's document (or delete it); what was done: upserted, deleted or stale."""
        version = self._version()  # taken before reading: a later reading always carries a higher version
        snapshot = self.snapshots.snapshot(profile_id)
        document = None if snapshot is None else document_of(snapshot, version)
        if document is None:
            return "deleted" if self.index.delete(profile_id, version) else "stale"
        if not self.index.upsert(document):
            return "stale"
        self._settle_days({profile_id: document.days})
        return "upserted"

    def _settle_days(self, written: Mapping[str, tuple[DayMinutes, ...]]) -> None:
        """Re-read the days of documents just written and rewrite those that moved meanwhile.

        The day's rollover recomputes the availability rows, then rewrites the documents' days; a write whose days
        were read before the rollover's rows and lands after its rewrite would leave the document a day behind
        until the next rollover. Read after the write, the rows are at least the rollover's (it commits them
        before it rewrites), so the rewrite here puts the document right; a rollover committing later rewrites
        the days itself, after this write."""
        for _round in range(SETTLE_ROUNDS):
            now = self.snapshots.days_of_many(list(written)) if written else {}
            moved = {profile_id: days for profile_id, days in now.items() if days != written[profile_id]}
            if not moved:
                return
            self.index.refresh_days(moved)
            written = moved

    def profiles_of(self, event: Event) -> Sequence[str]:
        """The profiles whose documents ``event`` changes."""
        if isinstance(event, InstantBookChanged):
            profile_id = self.snapshots.profile_of_service(event.service_id)
            return [] if profile_id is None else [profile_id]
        if isinstance(event, AccountDeleted):
            return list(self.snapshots.owned_by(event.user_id))
        if isinstance(event, AvailabilityChanged):  # a schedule, booking or feed changed the owner's next days
            return [event.owner_id]
        if isinstance(event, PROFILE_EVENTS):
            return [str(getattr(event, "profile_id"))]  # noqa: B009  # every PROFILE_EVENTS class has one
        raise TypeError(f"the search indexer does not take {type(event).__name__}")

    def after(self, event: Event) -> dict[str, str]:
        """Refresh every profile ``event`` touches; an account deletion removes its profiles' documents outright
        (whatever order the account clean-up runs in, they must never be listed again)."""
        if isinstance(event, AccountDeleted):
            version = self._version()
            return {pid: "deleted" if self.index.delete(pid, version) else "stale" for pid in self.profiles_of(event)}
        if isinstance(event, AvailabilityChanged):  # only the days moved: rewrite them, not the whole document
            days = self.snapshots.days_of(event.owner_id)
            changed = self.index.refresh_days({event.owner_id: days})
            self._settle_days({event.owner_id: days})
            return {event.owner_id: "days" if changed else "unchanged"}
        return {profile_id: self.refresh(profile_id) for profile_id in self.profiles_of(event)}

    def rebuild(self, progress: Callable[[int], object] | None = None) -> Rebuilt:
        """Refresh every profile in the database and delete documents of profiles that are gone. A profile whose
        write fails (the index refused its line, or did not answer) is tried again after the pass, up to
        REBUILD_ATTEMPTS times in all, then reported in ``failed``; the others are written regardless."""
        done: dict[str, str] = {}
        failing: list[str] = []
        for version, page in self._read_ahead():
            self._write_page(page, version, done, failing)
            if progress is not None:
                progress(len(done) + len(failing))
        for _attempt in range(1, REBUILD_ATTEMPTS):
            retried, failing = failing, []
            for profile_id in retried:
                self._try(profile_id, done, failing)
        version = self._version()
        deleted = sum(outcome == "deleted" for outcome in done.values())
        for orphan in set(self.index.ids()) - done.keys() - set(failing):
            deleted += self.index.delete(orphan, version)
        return Rebuilt(sum(outcome == "upserted" for outcome in done.values()), deleted, tuple(sorted(failing)))

    def _read_ahead(self) -> Iterator[tuple[int, Sequence[ProfileSnapshot]]]:
        """Every page of snapshots with the version taken just before it was read, read on a thread up to READ_AHEAD
        pages ahead of the writer (reading the database and writing the index overlap); a read's error is raised
        here. Stops the thread when the caller stops early."""
        pages: queue.Queue[tuple[int, Sequence[ProfileSnapshot]] | BaseException] = queue.Queue(maxsize=READ_AHEAD)
        stop = threading.Event()

        def read() -> None:
            after: str | None = None
            try:
                while not stop.is_set():
                    version = self._version()  # taken before the page is read: a later reading carries a higher one
                    page = self.snapshots.page(after, REBUILD_PAGE)
                    pages.put((version, page))
                    if not page:
                        return
                    after = page[-1].profile.id
            except BaseException as error:  # handed to the writer, which raises it
                pages.put(error)

        reader = threading.Thread(target=read, name="search-rebuild-reader", daemon=True)
        reader.start()
        try:
            while not isinstance(item := pages.get(), BaseException) and item[1]:
                yield item
            if isinstance(item, BaseException):
                raise item
        finally:
            stop.set()
            while reader.is_alive():  # unblock a reader waiting to hand over a page
                with contextlib.suppress(queue.Empty):
                    pages.get(timeout=0.05)

    def _write_page(
        self, page: Sequence[ProfileSnapshot], version: int, done: dict[str, str], failing: list[str]
    ) -> None:
        """One bulk write of the page's documents and deletions; when the index refuses any of it (or does not
        answer), the page's profiles are refreshed one at a time instead, so only those that fail alone fail."""
        documents = [document for snapshot in page if (document := document_of(snapshot, version)) is not None]
        deletions = {snapshot.profile.id: version for snapshot in page if not listed(snapshot.profile)}
        try:
            written = self.index.write_many(documents, deletions)
        except (IndexWriteRejected, IndexUnavailable):
            for snapshot in page:
                self._try(snapshot.profile.id, done, failing)
            return
        for document in documents:
            done[document.id] = "upserted" if document.id in written.upserted else "stale"
        self._settle_days({document.id: document.days for document in documents if document.id in written.upserted})
        for profile_id in deletions:
            done[profile_id] = "deleted" if profile_id in written.deleted else "stale"

    def _try(self, profile_id: str, done: dict[str, str], failing: list[str]) -> None:
        try:
            done[profile_id] = self.refresh(profile_id)
        except (IndexWriteRejected, IndexUnavailable):
            failing.append(profile_id)


def indexer_consumers(indexer: Indexer, inbox_uow: Callable[[], InboxUnitOfWork], clock: Clock) -> list[Consumer]:
    """One outbox consumer per indexed topic, all named "search-indexer" (the inbox marks (name, event id))."""
    consume = once_after_steps(CONSUMER, inbox_uow, clock, indexer.after)
    return [Consumer(CONSUMER, topic_of_type(event_type), consume) for event_type in INDEXED_EVENTS]
