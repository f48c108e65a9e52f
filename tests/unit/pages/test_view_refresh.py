"""Every event that changes what a public page shows makes the next read show it; nothing else does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest

from adapters.memory.clock import FixedClock
from adapters.memory.onboarding import InMemoryOnboardingUnitOfWork
from adapters.memory.public_sources import GalleryEntry, InMemoryPortfolioGallery, InMemoryReviewsSummary
from adapters.memory.public_views import InMemoryPublicViews
from adapters.memory.unit_of_work import InMemoryDatabase
from core.booking.events import BookingConfirmed, HoldExpired
from core.booking.states import ActorKind, ActorRef, BookingState
from core.booking.timeline import ActionCard
from core.calendar.events import FeedImported, FeedRemoved, FeedSynced, ScheduleReplaced
from core.media.events import MediaProcessed, MediaRerendered, MediaReviewed, PortfolioArranged, UploadDiscarded
from core.onboarding.events import ProfilePublished, ProfileUnpublished, VerificationDecided
from core.onboarding.public_page import PublicSources, platform_policies
from core.pages.on_events import REBUILT_ON, pages_handlers
from core.pages.reads import PublicReads, RecentReads
from core.pages.views import VIEW_FORMAT
from core.profiles.events import ProfileDraftEdited, ServiceChanged, ServiceOffered
from core.profiles.public import DaySlots, ReviewStats, SlotPreview
from core.reviews.events import ReviewResponded, ReviewsPublished, ReviewVisibilityChanged
from core.shared.actor import ANONYMOUS, Actor
from core.shared.errors import NotFound
from core.shared.events import Event
from core.shared.messagebus import MessageBus
from entrypoints.cli.demo import DEMO, seed_profile

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
ANA = "prf_demo_photographer_la"
CHANGES: list[Event] = [
    ProfileDraftEdited(ANA, 3), ServiceOffered("spf_x", ANA), ServiceChanged("spf_x", ANA), ProfilePublished(ANA, 90),
    ProfileUnpublished(ANA), VerificationDecided("vrq_1", ANA, True), MediaProcessed("med_1", ANA, "approved"),
    MediaReviewed("med_1", ANA, True, "usr_kim"), MediaRerendered("med_1", ANA, 2), PortfolioArranged(ANA, (), None),
    UploadDiscarded("med_2", ANA, "too-large"), ScheduleReplaced(ANA, 2), FeedImported(ANA, "fed_1"),
    FeedRemoved(ANA, "fed_1"), FeedSynced(ANA, "fed_1", False), ReviewsPublished("bkg_1", ANA, "usr_c", NOW),
    ReviewVisibilityChanged("rvw_1", ANA, True), ReviewResponded("rvw_1", ANA),
]  # fmt: skip


def _booking(kind: type[Any], before: BookingState | None, after: BookingState) -> Any:
    card = ActionCard(after, None, "none", None, NOW)
    return kind(booking_id="bkg_1", from_state=before, to_state=after, actor=ActorRef(ActorKind.CLIENT, "usr_c"),
                occurred_at=NOW, next_action=card, provider_id=ANA, studio_id=None, **(
                    {"payment_intent_id": "pi_1"} if kind is BookingConfirmed else {}))  # fmt: skip


class Slots:
    """The calendar as the view sees it: whatever the test says."""

    def __init__(self) -> None:
        self.preview: SlotPreview | None = None

    def slots_of(self, profile_id: str, days: int, now: datetime) -> SlotPreview | None:
        return self.preview


class World:
    def __init__(self) -> None:
        database, self.clock = InMemoryDatabase(), FixedClock(NOW)
        self.new_uow = lambda: InMemoryOnboardingUnitOfWork(database)
        for demo in DEMO:
            seed_profile(demo, self.new_uow(), self.clock)
        self.gallery, self.reviews, self.slots = InMemoryPortfolioGallery(), InMemoryReviewsSummary(), Slots()
        sources = PublicSources(self.gallery, self.reviews, Slots(), platform_policies(), "https://rastup.example")  # type: ignore[arg-type]  # availability unused by the view
        self.reads = PublicReads(InMemoryPublicViews(), self.new_uow, sources, self.slots)
        self.bus = MessageBus(pages_handlers(self.reads, self.clock.now), on_failure=self._failed)

    @staticmethod
    def _failed(event: Event, name: str, error: Exception) -> None:
        raise AssertionError(f"{name} failed on {event}") from error

    def portfolio(self) -> list[str]:
        read = self.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=self.clock.now())
        return [item.url for item in read.page.portfolio]


def test_every_event_a_page_shows_is_handled() -> None:
    assert {type(event) for event in CHANGES} == set(REBUILT_ON)


@pytest.mark.parametrize("event", CHANGES, ids=lambda e: type(e).__name__)
def test_an_event_makes_the_next_read_show_the_change(event: Event) -> None:
    world = World()
    assert world.portfolio() == []
    world.gallery.put(ANA, [GalleryEntry("https://cdn.example/new.webp", True)])
    assert world.portfolio() == []  # nothing said it changed: the stored view is served
    world.bus.dispatch([event])
    assert world.portfolio() == ["https://cdn.example/new.webp"]


@pytest.mark.parametrize(
    "event", [_booking(BookingConfirmed, BookingState.HELD, BookingState.CONFIRMED)], ids=["no-busy-change"]
)
def test_a_booking_that_does_not_change_busy_time_leaves_the_view(event: Event) -> None:
    world = World()
    world.portfolio()
    world.gallery.put(ANA, [GalleryEntry("https://cdn.example/new.webp", True)])
    world.bus.dispatch([event])
    assert world.portfolio() == []


def test_a_booking_that_frees_or_takes_time_marks_the_view_and_the_next_read_rebuilds_it() -> None:
    world = World()
    world.portfolio()
    world.gallery.put(ANA, [GalleryEntry("https://cdn.example/new.webp", True)])
    world.bus.dispatch([_booking(HoldExpired, BookingState.HELD, BookingState.EXPIRED)])
    assert world.portfolio() == ["https://cdn.example/new.webp"]


def test_reviews_come_with_the_view_and_the_clock_is_applied_at_each_read_both_change_the_tag() -> None:
    world = World()
    days = tuple(
        DaySlots(date(2026, 12, 3) + timedelta(days=i), (NOW + timedelta(days=i, hours=1),)) for i in range(15)
    )
    world.slots.preview = SlotPreview("UTC", timedelta(hours=24), timedelta(days=60), days)
    first = world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW)
    assert first.page.availability is not None and first.page.availability[0].open_slots == 0  # within the notice
    assert first.page.availability[1].open_slots == 1 and first.page.reviews.count == 0
    world.reviews._stats[ANA] = ReviewStats(3, 4.7)
    unsaid = world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW)
    assert unsaid.page.reviews.count == 0 and unsaid.tag == first.tag  # no event yet: the stored view answers
    world.bus.dispatch([ReviewsPublished("bkg_1", ANA, "usr_c", NOW)])
    reviewed = world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW)
    assert reviewed.page.reviews.count == 3 and reviewed.tag != first.tag
    later = world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW + timedelta(days=1, hours=2))
    assert later.page.availability is not None and later.page.availability[0].on == date(2026, 12, 4)
    assert later.page.availability[0].open_slots == 0 and later.tag != reviewed.tag


def test_a_view_older_than_its_days_is_rebuilt_on_read() -> None:
    world = World()
    days = tuple(DaySlots(date(2026, 12, 3) + timedelta(days=i), ()) for i in range(15))
    world.slots.preview = SlotPreview("UTC", timedelta(hours=24), timedelta(days=60), days)
    world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW)
    moved = tuple(DaySlots(date(2026, 12, 6) + timedelta(days=i), ()) for i in range(15))
    world.slots.preview = SlotPreview("UTC", timedelta(hours=24), timedelta(days=60), moved)
    read = world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW + timedelta(days=3))
    assert read.page.availability is not None and read.page.availability[0].on == date(2026, 12, 6)


def test_a_view_built_under_another_public_origin_is_rebuilt_with_this_one() -> None:
    world = World()  # its views are built for https://rastup.example (say, by `rastup demo seed` elsewhere)
    assert world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW).page.canonical_url.startswith(
        "https://rastup.example/p/"
    )
    here = attrs.evolve(world.reads.sources, base_url="http://127.0.0.1:8123")
    # the service, on another origin, over the same stored views (another process: reads of its own)
    served = attrs.evolve(world.reads, sources=here, recent=RecentReads())
    page = served.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW).page
    assert page.canonical_url == f"http://127.0.0.1:8123/p/{page.slug}"


def test_a_view_stored_in_an_older_format_is_rebuilt_on_read() -> None:
    world = World()
    world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW)
    stored = world.reads.views.find(profile_id=ANA)
    assert stored is not None and stored.view is not None
    old = attrs.evolve(stored.view, format=1)  # as a view stored before reviews were part of it reads back
    world.reads.views.save(old, stored.generation)
    world.reviews._stats[ANA] = ReviewStats(6, 4.5)
    read = world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW + timedelta(seconds=2))
    assert read.page.reviews.count == 6
    again = world.reads.views.find(profile_id=ANA)
    assert again is not None and again.view is not None and again.view.format == VIEW_FORMAT


def test_a_published_read_answers_again_for_a_moment_and_a_handled_change_ends_it_at_once() -> None:
    world = World()
    world.portfolio()
    world.gallery.put(ANA, [GalleryEntry("https://cdn.example/new.webp", True)])
    world.reads.changed(ANA)  # marked by another process: this one's read of a moment ago still answers
    world.reads.recent.put((True, ANA), NOW, ANA, world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW))
    assert world.reads.recent_read(profile_id=ANA, now=NOW + timedelta(milliseconds=999)) is not None
    assert world.reads.recent_read(profile_id=ANA, now=NOW + timedelta(seconds=1)) is None  # the moment is over
    assert world.reads.recent_read(profile_id=ANA, now=NOW - timedelta(seconds=1)) is None  # a clock gone back
    world.bus.dispatch([MediaReviewed("med_1", ANA, True, "usr_kim")])  # handled here: forgotten at once
    assert world.reads.recent_read(profile_id=ANA, now=NOW) is None
    assert world.portfolio() == ["https://cdn.example/new.webp"]


def test_an_unpublished_page_is_never_kept_and_keep_zero_keeps_nothing() -> None:
    world = World()
    uow = world.new_uow()
    with uow:
        profile = uow.profiles.get(ANA)
        before = profile.version
        profile.unpublish(NOW)
        uow.profiles.save(profile, before)
        uow.commit()
    world.bus.dispatch([ProfileUnpublished(ANA)])
    staff = Actor("usr_kim", ("support",))  # the demo profile has no owner; staff see a preview as its owner would
    preview = world.reads.read(profile_id=ANA, viewer=lambda: staff, now=NOW)
    assert not preview.page.published and world.reads.recent_read(profile_id=ANA, now=NOW) is None
    with pytest.raises(NotFound):  # a stranger right after staff's preview: not a kept read of it
        world.reads.read(profile_id=ANA, viewer=lambda: ANONYMOUS, now=NOW)
    never = RecentReads(timedelta(0))
    never.put((True, ANA), NOW, ANA, preview)
    assert never.get((True, ANA), NOW) is None
