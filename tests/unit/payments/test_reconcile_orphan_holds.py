"""An authorization whose answer was lost (the gateway holds the money, the booking and the ledger never heard of it)
is voided by reconciliation over a window once its booking can no longer use it, and never while the client may
still confirm with the same key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.payments import InMemoryPaymentGateway
from core.booking import handlers
from core.booking.checkout_payment import authorize_key, booking_of_authorization
from core.booking.commands import CancelBooking, ConfirmBooking
from core.booking.model import Booking
from core.booking.money_postings import post_money_event
from core.booking.orphan_holds import STILL_PAYABLE, OrphanHold
from core.booking.reconciliation import reconcile
from core.booking.states import BookingState
from core.payments.errors import PaymentGatewayUnavailable
from core.payments.model import OpenIntent, PaymentIntent, PaymentStatus
from core.shared.money import Money
from tests.unit.booking.booking_builders import CLIENT, CLIENT_USER, NOW, RULES, request
from tests.unit.booking.in_memory_bookings import CountingIds, FakeClock

SINCE = NOW - timedelta(hours=1)


class AnswersLost(InMemoryPaymentGateway):
    """The in-memory gateway, except that while ``lost`` an authorization is made but its answer never arrives (a
    timeout after the provider did the work); ``listing_down`` makes listing fail."""

    lost = False
    listing_down = False

    def authorize(self, amount: Money, idempotency_key: str, customer_ref: str, method_ref: str) -> PaymentIntent:
        intent = super().authorize(amount, idempotency_key, customer_ref, method_ref)
        if self.lost:
            raise PaymentGatewayUnavailable("the answer timed out")
        return intent

    def open_since(self, since: datetime) -> Sequence[OpenIntent]:
        if self.listing_down:
            raise PaymentGatewayUnavailable("listing is down")
        return super().open_since(since)


class World:
    def __init__(self) -> None:
        self.uow = InMemoryBookingUnitOfWork(in_transaction=post_money_event)
        self.clock = FakeClock(NOW)
        self.ids = CountingIds()
        self.gateway = AnswersLost(CountingIds(), self.clock)

    def held(self, key: str = "req-1") -> str:
        result = handlers.request_booking(request(instant=True, key=key), self.uow, self.clock, self.ids, RULES)
        return result.booking_id

    def confirm(self, booking_id: str, key: str = "pay-1", method: str = "pm_card_visa") -> handlers.BookingResult:
        command = ConfirmBooking(actor=CLIENT_USER, idempotency_key=key, booking_id=booking_id, method_ref=method)
        return handlers.confirm_booking(command, self.uow, self.clock, self.gateway)

    def confirm_lost(self, booking_id: str, method: str = "pm_card_visa") -> str:
        """A confirmation whose authorization's answer is lost; the id of the intent the gateway made."""
        self.gateway.lost = True
        with pytest.raises(PaymentGatewayUnavailable):
            self.confirm(booking_id, method=method)
        self.gateway.lost = False
        (intent,) = [o.intent for o in self.gateway.open_since(SINCE) if o.key == authorize_key(booking_id, method)]
        return intent.id

    def reconcile(self, since: datetime | None = SINCE) -> tuple[OrphanHold, ...]:
        report = reconcile(self.uow, self.gateway, self.clock, since)
        assert report.mismatches == (), report
        return report.voided

    def status(self, intent_id: str) -> PaymentStatus:
        return self.gateway.get(intent_id).status


@pytest.fixture
def world() -> World:
    return World()


def test_a_lost_authorization_is_kept_while_held_and_voided_once_the_hold_expired(world: World) -> None:
    booking_id = world.held()
    intent_id = world.confirm_lost(booking_id)
    assert world.uow.committed(booking_id).payment_intent_id is None  # nobody heard of it
    assert world.reconcile() == ()  # held: the client may still confirm with the same key
    assert world.status(intent_id) is PaymentStatus.AUTHORIZED

    world.clock.advance(RULES.hold_ttl)
    assert handlers.expire_due_bookings(world.uow, world.clock) == [booking_id]
    assert world.reconcile(None) == ()  # a pass with no window lists nothing at the gateway
    assert world.reconcile() == (OrphanHold(booking_id, intent_id, "expired"),)
    assert world.status(intent_id) is PaymentStatus.VOIDED
    assert world.reconcile() == ()  # a second pass finds nothing left


def test_a_client_who_comes_back_while_held_gets_the_very_authorization_reconciliation_left(world: World) -> None:
    booking_id = world.held()
    intent_id = world.confirm_lost(booking_id)
    assert world.reconcile() == ()
    confirmed = world.confirm(booking_id)  # the retry: the same key replays the authorization, then captures it
    assert confirmed.state is BookingState.CONFIRMED
    assert world.uow.committed(booking_id).payment_intent_id == intent_id
    assert world.status(intent_id) is PaymentStatus.CAPTURED and world.reconcile() == ()


def test_an_authorization_left_behind_by_a_payment_with_another_card_is_voided(world: World) -> None:
    booking_id = world.held()
    lost = world.confirm_lost(booking_id)
    assert world.confirm(booking_id, key="pay-2", method="pm_card_mastercard").state is BookingState.CONFIRMED
    paid = world.uow.committed(booking_id).payment_intent_id or ""
    assert paid != lost
    assert world.reconcile() == (OrphanHold(booking_id, lost, "confirmed"),)
    assert world.status(lost) is PaymentStatus.VOIDED and world.status(paid) is PaymentStatus.CAPTURED


def test_a_cancelled_booking_and_a_booking_that_does_not_exist_let_theirs_go(world: World) -> None:
    booking_id = world.held()
    lost = world.confirm_lost(booking_id)
    cancel = CancelBooking(actor=CLIENT_USER, idempotency_key="cxl", booking_id=booking_id)
    handlers.cancel_booking(cancel, world.uow, world.clock, world.gateway)
    ghost = world.gateway.authorize(
        Money(5_000, "USD"), authorize_key("bkg_ghost", "pm_card_visa"), "c", "pm_card_visa"
    )
    foreign = world.gateway.authorize(Money(5_000, "USD"), "someone-else:42", "c", "pm_card_visa")
    voided = world.reconcile()
    assert voided == (OrphanHold(booking_id, lost, "cancelled"), OrphanHold("bkg_ghost", ghost.id, "no-booking"))
    assert world.status(foreign.id) is PaymentStatus.AUTHORIZED  # not an authorization of ours: left alone


def test_an_authorization_created_before_the_window_is_not_looked_at(world: World) -> None:
    booking_id = world.held()
    intent_id = world.confirm_lost(booking_id)
    world.clock.advance(RULES.hold_ttl)
    handlers.expire_due_bookings(world.uow, world.clock)
    assert world.reconcile(NOW + timedelta(seconds=1)) == ()
    assert world.status(intent_id) is PaymentStatus.AUTHORIZED


def test_a_gateway_that_cannot_list_is_a_mismatch_and_voids_nothing(world: World) -> None:
    booking_id = world.held()
    world.confirm_lost(booking_id)
    world.clock.advance(RULES.hold_ttl)
    handlers.expire_due_bookings(world.uow, world.clock)
    world.gateway.listing_down = True
    report = reconcile(world.uow, world.gateway, world.clock, SINCE)
    (mismatch,) = report.mismatches
    assert report.voided == () and mismatch.problem.startswith("gateway: payment-gateway-unavailable (listing")


def test_booking_of_authorization_reads_back_only_authorize_keys() -> None:
    assert booking_of_authorization(authorize_key("bkg_1", "pm_card_visa")) == "bkg_1"
    assert booking_of_authorization("bkg_1:capture:pi_1") is None
    assert booking_of_authorization("bkg_1:authorize:") is None
    assert booking_of_authorization(":authorize:pm_card_visa") is None
    assert booking_of_authorization("a:b:authorize:pm_card_visa") is None


# Methods the test-mode gateway authorizes (the last waits for the customer's authentication).
METHODS = ("pm_card_visa", "pm_card_mastercard", "pm_card_amex", "pm_card_authenticationRequired")
bookings = st.lists(
    st.tuples(
        st.sampled_from(list(BookingState)),  # the state the booking is in when reconciliation runs
        st.lists(st.sampled_from(METHODS), max_size=3, unique=True),  # the methods authorized for it
        st.booleans(),  # whether its first authorization is the one it recorded
        st.booleans(),  # whether it exists at all
    ),
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(bookings)
def test_voids_exactly_what_no_booking_can_use_and_never_a_held_or_recorded_one(
    specs: list[tuple[BookingState, list[str], bool, bool]],
) -> None:
    world = World()
    expected: set[str] = set()
    kept: set[str] = set()
    for n, (state, methods, recorded, exists) in enumerate(specs):
        booking = Booking.request(request(instant=True, key=f"r{n}", provider=f"prv_{n}"), f"bkg_{n}", NOW, RULES,
                                  by=CLIENT)  # fmt: skip
        intents = [world.gateway.authorize(booking.amounts.total, authorize_key(booking.id, m), "cli_1", m).id
                   for m in methods]  # fmt: skip
        booking.state = state  # whatever path led there: reconciliation reads the state and the recorded intent
        booking.payment_intent_id = intents[0] if recorded and intents else None
        if exists:
            with world.uow:
                world.uow.bookings.add(booking)
                world.uow.commit()
        for intent_id in intents:
            usable = exists and (state in STILL_PAYABLE or intent_id == booking.payment_intent_id)
            (kept if usable else expected).add(intent_id)

    voided = world.reconcile()
    assert {v.intent_id for v in voided} == expected
    assert all(world.status(i) is PaymentStatus.VOIDED for i in expected)
    assert all(world.status(i) in (PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION) for i in kept)
    assert world.reconcile() == ()  # idempotent: nothing left to void
