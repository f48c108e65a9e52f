"""Double-blind reviews through the handlers: both sides of a completed booking review within the window, neither
sees the other's until both are in or the window closes, then both publish at once; nobody else reviews or reads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from adapters.memory.reviews import InMemoryReviewsUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from core.booking.states import BookingState
from core.payments.webhooks import DisputeRecord
from core.reviews import handlers
from core.reviews.commands import EditReview, HideReview, RespondToReview, SubmitReview
from core.reviews.errors import (
    AlreadyReviewed,
    NotReviewable,
    ResponseNotAllowed,
    ReviewOnHold,
    ReviewsPublished,
    ReviewWindowClosed,
)
from core.reviews.events import ReviewsPublished as Published
from core.reviews.handlers import ReviewRules
from core.reviews.rating import Rating, Side
from core.shared.actor import ANONYMOUS, OPERATOR, Actor, StaffOnly
from core.shared.errors import InvalidInput, NotFound
from core.shared.money import Money
from tests.unit.booking.in_memory_bookings import CountingIds, FakeClock
from tests.unit.reviews.review_world import (
    CLIENT,
    CLIENT_RATING,
    COMPLETED_AT,
    EVE,
    PAT,
    PROVIDER_RATING,
    booking_in,
    provider_profile,
)


class World:
    def __init__(self) -> None:
        self.database = InMemoryDatabase()
        self.clock = FakeClock(COMPLETED_AT + timedelta(hours=1))
        self.ids = CountingIds()
        with InMemoryProfilesUnitOfWork(self.database) as uow:
            uow.profiles.add(provider_profile())
            uow.commit()
        self.add_booking(booking_in(BookingState.COMPLETED))

    def add_booking(self, booking: object) -> None:
        with InMemoryBookingUnitOfWork(self.database) as uow:
            uow.bookings.add(booking)  # type: ignore[arg-type]  # a Booking from the builders
            uow.commit()

    def uow(self) -> InMemoryReviewsUnitOfWork:
        return InMemoryReviewsUnitOfWork(self.database)

    def submit(self, actor: Actor, rating: Rating, text: str = "Great session", booking_id: str = "bkg_1") -> object:
        command = SubmitReview(actor=actor, booking_id=booking_id, rating=rating, text=text)
        uow = self.uow()
        review = handlers.submit_review(command, uow, self.clock, self.ids, ReviewRules())
        self.events = uow.collect_events()
        return review

    def dispute(self, status: str) -> None:
        with InMemoryBookingUnitOfWork(self.database) as uow:
            uow.disputes.save(DisputeRecord("dp_1", "bkg_1", "pi_1", Money(1_000, "USD"), "fraudulent", status,
                                            self.clock.now(), {}))  # fmt: skip
            uow.commit()

    def public(self, subject: str = "prv_1") -> list[str]:
        return [r.text for r in handlers.public_reviews(self.uow(), subject)]


@pytest.fixture
def world() -> World:
    return World()


def test_reviews_stay_hidden_until_both_sides_are_in_then_publish_together(world: World) -> None:
    world.submit(CLIENT, CLIENT_RATING, "Pat was wonderful")
    assert world.public() == [] and world.events == []
    assert [r.text for r in handlers.reviews_of_booking(world.uow(), "bkg_1", CLIENT)] == ["Pat was wonderful"]
    assert handlers.reviews_of_booking(world.uow(), "bkg_1", PAT) == []  # blind: the provider sees nothing yet
    world.submit(PAT, PROVIDER_RATING, "A pleasure to work with")
    assert world.public("prv_1") == ["Pat was wonderful"]
    assert world.public("cli_1") == []  # what providers write of a client is never listed in public
    assert "A pleasure to work with" in [r.text for r in handlers.reviews_of_booking(world.uow(), "bkg_1", CLIENT)]
    assert [type(e) for e in world.events] == [Published]
    seen = handlers.reviews_of_booking(world.uow(), "bkg_1", PAT)
    assert {r.side for r in seen} == {Side.CLIENT, Side.PROVIDER} and all(r.published_at for r in seen)


def test_the_sweep_publishes_a_lone_review_once_the_window_closes(world: World) -> None:
    world.submit(CLIENT, CLIENT_RATING)
    assert handlers.publish_due_reviews(world.uow(), world.clock) == []
    world.clock.current = COMPLETED_AT + timedelta(days=14)
    uow = world.uow()
    assert handlers.publish_due_reviews(uow, world.clock) == ["bkg_1"]
    assert [type(e) for e in uow.collect_events()] == [Published]
    assert world.public() == ["Great session"]
    assert handlers.publish_due_reviews(world.uow(), world.clock) == []  # idempotent
    with pytest.raises(ReviewWindowClosed):
        world.submit(PAT, PROVIDER_RATING)


def test_one_review_per_side_and_edits_only_before_publication(world: World) -> None:
    world.submit(CLIENT, CLIENT_RATING)
    with pytest.raises(AlreadyReviewed):
        world.submit(CLIENT, Rating(1), "changed my mind")
    edit = EditReview(actor=CLIENT, booking_id="bkg_1", rating=Rating(4), text="Good, a little late")
    assert handlers.edit_review(edit, world.uow(), world.clock).rating.overall == 4
    world.submit(PAT, PROVIDER_RATING)
    with pytest.raises(ReviewsPublished):
        handlers.edit_review(edit, world.uow(), world.clock)
    assert world.public() == ["Good, a little late"]


def test_the_reviewed_party_responds_once_to_a_published_review(world: World) -> None:
    world.submit(CLIENT, CLIENT_RATING)
    respond = RespondToReview(actor=PAT, booking_id="bkg_1", text="Thank you!")
    with pytest.raises(ResponseNotAllowed):  # not published yet
        handlers.respond_to_review(respond, world.uow(), world.clock)
    world.submit(PAT, PROVIDER_RATING)
    answered = handlers.respond_to_review(respond, world.uow(), world.clock)
    assert answered.side is Side.CLIENT and answered.response is not None and answered.response.text == "Thank you!"
    with pytest.raises(ResponseNotAllowed):
        handlers.respond_to_review(respond, world.uow(), world.clock)


@pytest.mark.parametrize("stranger", [EVE, ANONYMOUS, OPERATOR, Actor("usr_kim", ("support",))])
def test_anyone_but_a_party_gets_the_404_of_an_unknown_booking(world: World, stranger: Actor) -> None:
    world.submit(CLIENT, CLIENT_RATING)
    with pytest.raises(NotFound):
        world.submit(stranger, Rating(1), "spite")
    with pytest.raises(NotFound):
        handlers.reviews_of_booking(world.uow(), "bkg_1", stranger)
    with pytest.raises(NotFound):
        world.submit(CLIENT, CLIENT_RATING, booking_id="bkg_nope")


@pytest.mark.parametrize("state", [BookingState.CANCELLED, BookingState.CONFIRMED, BookingState.DECLINED])
def test_only_a_completed_booking_can_be_reviewed(world: World, state: BookingState) -> None:
    world.add_booking(booking_in(state, booking_id="bkg_2"))
    with pytest.raises(NotReviewable):
        world.submit(CLIENT, CLIENT_RATING, booking_id="bkg_2")
    with world.uow() as uow, pytest.raises(NotFound):
        uow.reviews.get("bkg_2")  # nothing stored


def test_an_open_dispute_holds_reviews_until_it_closes_within_the_same_window(world: World) -> None:
    world.submit(CLIENT, CLIENT_RATING, "Before the dispute")
    world.dispute("needs_response")
    with pytest.raises(ReviewOnHold) as held:
        world.submit(PAT, PROVIDER_RATING)
    assert (held.value.booking_id, held.value.reason) == ("bkg_1", "disputed")
    with pytest.raises(ReviewOnHold):
        handlers.edit_review(EditReview(actor=CLIENT, booking_id="bkg_1", rating=CLIENT_RATING, text="Retaliation"),
                             world.uow(), world.clock)  # fmt: skip
    world.dispute("lost")
    with world.uow() as uow:
        closes_at = uow.reviews.get("bkg_1").closes_at
    assert closes_at == COMPLETED_AT + timedelta(days=14)  # the hold did not extend the window
    world.submit(PAT, PROVIDER_RATING, "After the dispute")
    assert world.public() == ["Before the dispute"]


@pytest.mark.parametrize(
    ("actor", "rating", "text", "field"),
    [
        (CLIENT, Rating(6), "ok", "overall"),
        (CLIENT, Rating(0), "ok", "overall"),
        (CLIENT, CLIENT_RATING, "   ", "text"),
        (CLIENT, Rating(5, (("charm", 5),)), "ok", "aspects.charm"),
        (CLIENT, Rating(5, would_work_again=True), "ok", "would_work_again"),
        (PAT, Rating(5), "ok", "would_work_again"),
        (PAT, Rating(5, (("quality", 5),), True), "ok", "aspects"),
        (CLIENT, CLIENT_RATING, "x" * 2001, "text"),
        (CLIENT, CLIENT_RATING, "bidi \u202e trick", "text"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    world: World, actor: Actor, rating: Rating, text: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        world.submit(actor, rating, text)
    assert refused.value.field == field
    with world.uow() as uow, pytest.raises(NotFound):
        uow.reviews.get("bkg_1")


def test_staff_hide_a_published_review_and_it_leaves_the_public_list(world: World) -> None:
    review = world.submit(CLIENT, CLIENT_RATING)
    world.submit(PAT, PROVIDER_RATING)
    hide = HideReview(actor=Actor("usr_kim", ("support",)), review_id=review.id)  # type: ignore[attr-defined]
    with pytest.raises(StaffOnly):
        handlers.hide_review(HideReview(actor=PAT, review_id=hide.review_id), world.uow())
    assert handlers.hide_review(hide, world.uow()).hidden
    assert world.public() == []
