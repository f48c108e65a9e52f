"""The Booking aggregate: each transition moves state, records one event and issues an action card."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.booking import events as ev
from core.booking.commands import AcceptBooking, CancelBooking, CompleteBooking, ConfirmBooking, DeclineBooking
from core.booking.model import Booking
from core.booking.refunds import StaffOverride
from core.booking.states import ActorKind, BookingState
from core.payments.model import PaymentIntent, PaymentStatus
from core.shared.errors import InvalidInput
from core.shared.money import Money
from tests.unit.booking.booking_builders import (
    CLIENT,
    CLIENT_USER,
    NOW,
    PROVIDER,
    PROVIDER_USER,
    RULES,
    STAFF,
    STAFF_USER,
    SYSTEM,
    new_booking,
    request,
)


def paid(booking: Booking) -> PaymentIntent:
    total = booking.amounts.total
    return PaymentIntent("pi_1", PaymentStatus.CAPTURED, total, total, Money.zero(total.currency), "cli_1", "pm")


def confirmed_booking() -> Booking:
    booking = new_booking(instant=True)
    booking.apply(
        ConfirmBooking(actor=CLIENT_USER, booking_id=booking.id, method_ref="pm"), NOW, payment=paid(booking), by=CLIENT
    )
    return booking


def test_a_request_awaits_the_provider_with_a_deadline() -> None:
    booking = new_booking()
    assert booking.state is BookingState.REQUESTED
    assert booking.respond_by == NOW + RULES.response_window
    card = booking.next_action
    assert (card.actor, card.action, card.due_by) == (ActorKind.PROVIDER, "accept or decline", booking.respond_by)
    assert card.render() == f"provider: accept or decline by {booking.respond_by.isoformat()}"
    [event] = booking.pull_events()
    assert isinstance(event, ev.BookingRequested)
    assert (event.from_state, event.to_state, event.instant_book) == (None, BookingState.REQUESTED, False)
    assert booking.pull_events() == []


def test_deadlines_never_run_past_the_start() -> None:
    booking = new_booking(starts_in=timedelta(hours=2))
    assert booking.respond_by == booking.start
    held = new_booking(instant=True, starts_in=timedelta(minutes=5))
    assert held.hold_expires_at == held.start


def test_instant_book_goes_straight_to_a_hold_awaiting_payment() -> None:
    booking = new_booking(instant=True)
    assert booking.state is BookingState.HELD
    assert booking.hold_expires_at == NOW + RULES.hold_ttl
    assert booking.next_action.actor is ActorKind.CLIENT
    assert booking.next_action.action == "complete payment"


def test_accept_places_the_hold_then_payment_confirms() -> None:
    booking = new_booking()
    later = NOW + timedelta(hours=1)
    accepted = booking.apply(AcceptBooking(actor=PROVIDER_USER, booking_id=booking.id), later, by=PROVIDER)
    assert isinstance(accepted, ev.BookingAccepted)
    assert booking.state is BookingState.HELD
    assert accepted.hold_expires_at == later + RULES.hold_ttl
    confirmed = booking.apply(
        ConfirmBooking(actor=CLIENT_USER, booking_id=booking.id, method_ref="pm"), later, paid(booking), by=CLIENT
    )
    assert isinstance(confirmed, ev.BookingConfirmed)
    assert (booking.state, booking.captured, booking.payment_intent_id) == (
        BookingState.CONFIRMED,
        booking.amounts.total,
        "pi_1",
    )
    assert [type(e) for e in booking.pull_events()] == [ev.BookingRequested, ev.BookingAccepted, ev.BookingConfirmed]
    assert [card.state for card in booking.timeline] == [
        BookingState.REQUESTED,
        BookingState.HELD,
        BookingState.CONFIRMED,
    ]


def test_confirming_needs_a_capture_of_the_whole_total() -> None:
    booking = new_booking(instant=True)
    short = PaymentIntent("pi_1", PaymentStatus.CAPTURED, Money(1, "USD"), Money(1, "USD"), Money(0, "USD"), "c", "pm")
    with pytest.raises(InvalidInput):
        booking.apply(ConfirmBooking(actor=CLIENT_USER, booking_id=booking.id, method_ref="pm"), NOW, short, by=CLIENT)
    assert booking.state is BookingState.HELD


def test_decline_records_the_reason() -> None:
    booking = new_booking()
    event = booking.apply(DeclineBooking(actor=PROVIDER_USER, booking_id=booking.id, reason="away"), NOW, by=PROVIDER)
    assert isinstance(event, ev.BookingDeclined)
    assert (booking.state, booking.decline_reason, booking.next_action.actor) == (BookingState.DECLINED, "away", None)


def test_expire_if_due_expires_requests_and_holds_only_when_due() -> None:
    request_ = new_booking()
    assert request_.respond_by is not None
    assert request_.expire_if_due(request_.respond_by - timedelta(seconds=1)) is None
    assert isinstance(request_.expire_if_due(request_.respond_by), ev.RequestExpired)
    hold = new_booking(instant=True)
    assert hold.hold_expires_at is not None
    assert hold.expire_if_due(NOW) is None
    event = hold.expire_if_due(hold.hold_expires_at)
    assert isinstance(event, ev.HoldExpired)
    assert (hold.state, event.actor) == (BookingState.EXPIRED, SYSTEM)
    assert hold.expire_if_due(hold.hold_expires_at + timedelta(days=1)) is None


def test_client_cancellation_applies_the_policy_and_records_the_refund() -> None:
    booking = confirmed_booking()  # moderate policy, 10 days ahead: a full refund of the refundable part
    event = booking.apply(CancelBooking(actor=CLIENT_USER, booking_id=booking.id), NOW + timedelta(days=1), by=CLIENT)
    assert isinstance(event, ev.BookingCancelled)
    assert booking.refund is not None and event.refund == booking.refund
    assert booking.refund.refund_to_client == booking.amounts.total
    assert (booking.refunded, booking.cancelled_by) == (booking.amounts.total, CLIENT)


def test_staff_cancellation_needs_an_override_with_a_reason() -> None:
    booking = confirmed_booking()
    with pytest.raises(InvalidInput):
        booking.apply(CancelBooking(actor=STAFF_USER, booking_id=booking.id), NOW, by=STAFF)
    assert booking.state is BookingState.CONFIRMED
    booking.apply(
        CancelBooking(actor=STAFF_USER, booking_id=booking.id, override=StaffOverride(2_500, "no-show")), NOW, by=STAFF
    )
    assert booking.refund is not None
    assert (booking.refund.basis, booking.refund.reason, booking.refund.refund_bps) == (
        "staff-override",
        "no-show",
        2_500,
    )


def test_cancelling_an_unpaid_hold_refunds_nothing() -> None:
    booking = new_booking(instant=True)
    booking.apply(CancelBooking(actor=STAFF_USER, booking_id=booking.id), NOW, by=STAFF)
    assert booking.refund is not None and booking.refund.refund_to_client == Money.zero("USD")


def test_completion_after_the_end() -> None:
    booking = confirmed_booking()
    event = booking.apply(CompleteBooking(actor=PROVIDER_USER, booking_id=booking.id), booking.end, by=PROVIDER)
    assert isinstance(event, ev.BookingCompleted)
    assert booking.state is BookingState.COMPLETED


def test_a_request_in_the_past_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Booking.request(request(), "bkg_1", NOW + timedelta(days=11), RULES, by=CLIENT)
