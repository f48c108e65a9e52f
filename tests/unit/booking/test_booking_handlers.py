"""Handlers: idempotent by key, capacity-checked, charging and refunding through the gateway once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from adapters.memory.payments import InMemoryPaymentGateway
from core.booking import events as ev
from core.booking import handlers
from core.booking.checkout import StartCheckout
from core.booking.commands import AcceptBooking, CancelBooking, CompleteBooking, ConfirmBooking, DeclineBooking
from core.booking.errors import GuardRejected, IllegalTransition, QuoteExpired, SlotUnavailable
from core.booking.refunds import StaffOverride
from core.booking.states import ActorKind, ActorRef, BookingState
from core.payments.errors import PaymentDeclined, PaymentNotFound
from core.payments.model import PaymentStatus
from core.shared.actor import OPERATOR, Actor
from core.shared.errors import IdempotencyKeyReused, InvalidInput
from core.shared.idempotency import fingerprint
from tests.unit.booking.booking_builders import CLIENT, CLIENT_USER, NOW, PROVIDER, RULES, quote, request
from tests.unit.booking.in_memory_bookings import CountingIds, FakeClock, InMemoryBookingUnitOfWork


class World:
    def __init__(self) -> None:
        self.uow = InMemoryBookingUnitOfWork()
        self.clock = FakeClock(NOW)
        self.ids = CountingIds()
        self.gateway = InMemoryPaymentGateway(CountingIds())

    def request(self, **kw: object) -> handlers.BookingResult:
        return handlers.request_booking(request(**kw), self.uow, self.clock, self.ids, RULES)  # type: ignore[arg-type]

    def confirm(self, booking_id: str, key: str = "pay-1", method: str = "pm_card_visa") -> handlers.BookingResult:
        command = ConfirmBooking(actor=CLIENT_USER, idempotency_key=key, booking_id=booking_id, method_ref=method)
        return handlers.confirm_booking(command, self.uow, self.clock, self.gateway)


@pytest.fixture
def world() -> World:
    return World()


def test_a_retried_request_returns_the_first_result_without_a_second_effect(world: World) -> None:
    first = world.request(instant=True)
    again = world.request(instant=True, checkout=quote(quote_id="qte_2"))  # re-priced retry: same intent
    assert (again.booking_id, again.state, again.replayed) == (first.booking_id, BookingState.HELD, True)
    assert len(world.uow.committed_bookings) == 1 and world.ids.issued == 1
    assert [type(e) for e in world.uow.collect_events()] == [ev.BookingRequested]


def test_the_same_key_with_another_body_is_refused(world: World) -> None:
    world.request()
    with pytest.raises(IdempotencyKeyReused):
        world.request(checkout=quote(minutes=90))
    assert len(world.uow.committed_bookings) == 1


def test_requests_need_a_key_and_a_current_quote(world: World) -> None:
    with pytest.raises(InvalidInput):
        world.request(key="")
    world.clock.advance(timedelta(minutes=15))
    with pytest.raises(QuoteExpired):
        world.request()
    assert world.uow.committed_bookings == {}


def test_instant_book_refuses_a_taken_slot_but_requests_wait(world: World) -> None:
    world.request(instant=True, key="a")
    with pytest.raises(SlotUnavailable):
        world.request(instant=True, key="b", client="cli_2")
    pending = world.request(key="c", client="cli_2")
    assert pending.state is BookingState.REQUESTED
    accept = AcceptBooking(actor=OPERATOR, idempotency_key="acc", booking_id=pending.booking_id)  # as its provider
    with pytest.raises(SlotUnavailable):
        handlers.accept_booking(accept, world.uow, world.clock)
    assert world.uow.committed(pending.booking_id).state is BookingState.REQUESTED


def test_a_studio_is_shared_capacity(world: World) -> None:
    world.request(instant=True, key="a", studio="std_1")
    with pytest.raises(SlotUnavailable):
        world.request(instant=True, key="b", client="cli_2", provider="prv_2", studio="std_1")


def test_confirm_charges_once_even_when_retried(world: World) -> None:
    booking_id = world.request(instant=True).booking_id
    first = world.confirm(booking_id)
    assert first.state is BookingState.CONFIRMED and world.confirm(booking_id).replayed
    with pytest.raises(IllegalTransition):
        world.confirm(booking_id, key="pay-2")
    booking = world.uow.committed(booking_id)
    intent = world.gateway.get(booking.payment_intent_id or "")
    assert (intent.status, intent.amount_captured) == (PaymentStatus.CAPTURED, booking.amounts.total)
    with pytest.raises(PaymentNotFound):
        world.gateway.get("pi_0002")


def test_a_declined_card_leaves_the_hold_for_another_try(world: World) -> None:
    booking_id = world.request(instant=True).booking_id
    with pytest.raises(PaymentDeclined):
        world.confirm(booking_id, method="pm_card_declined")
    assert world.uow.committed(booking_id).state is BookingState.HELD
    assert world.confirm(booking_id, key="pay-2").state is BookingState.CONFIRMED


def test_an_expired_hold_cannot_be_paid_and_is_never_charged(world: World) -> None:
    booking_id = world.request(instant=True).booking_id
    world.clock.advance(RULES.hold_ttl)
    with pytest.raises(GuardRejected) as raised:
        world.confirm(booking_id)
    assert raised.value.guards == ("hold_is_live",)
    with pytest.raises(PaymentNotFound):
        world.gateway.get("pi_0001")


def test_cancellation_refunds_through_the_gateway_once(world: World) -> None:
    booking_id = world.request(instant=True).booking_id
    world.confirm(booking_id)
    world.clock.advance(timedelta(days=5))  # moderate, 5 days ahead: half back
    cancel = CancelBooking(actor=CLIENT_USER, idempotency_key="cxl", booking_id=booking_id)
    result = handlers.cancel_booking(cancel, world.uow, world.clock, world.gateway)
    assert result.refund is not None and result.refund.refund_bps == 5_000
    again = handlers.cancel_booking(cancel, world.uow, world.clock, world.gateway)
    assert again.replayed and again.refund == result.refund
    booking = world.uow.committed(booking_id)
    intent = world.gateway.get(booking.payment_intent_id or "")
    assert intent.amount_refunded == result.refund.refund_to_client == booking.refunded
    with pytest.raises(IdempotencyKeyReused):
        handlers.cancel_booking(
            attrs.evolve(cancel, actor=OPERATOR, acting_for=PROVIDER), world.uow, world.clock, world.gateway
        )


def test_the_sweep_expires_due_holds_and_frees_their_time(world: World) -> None:
    held = world.request(instant=True, key="a").booking_id
    requested = world.request(key="b", client="cli_2", checkout=quote(starts_in=timedelta(days=20))).booking_id
    assert handlers.expire_due_bookings(world.uow, world.clock) == []
    world.clock.advance(RULES.hold_ttl)
    assert handlers.expire_due_bookings(world.uow, world.clock) == [held]
    world.clock.advance(RULES.response_window)
    assert handlers.expire_due_bookings(world.uow, world.clock) == [requested]
    assert handlers.get_booking(world.uow, held).state is BookingState.EXPIRED
    world.clock.current = NOW
    assert world.request(instant=True, key="c", client="cli_3").state is BookingState.HELD


def test_the_sweep_completes_confirmed_bookings_a_day_after_they_end(world: World) -> None:
    paid = world.request(instant=True, key="a").booking_id
    world.confirm(paid)
    unpaid = world.request(
        instant=True, key="b", client="cli_2", checkout=quote(starts_in=timedelta(days=20))
    ).booking_id
    end = handlers.get_booking(world.uow, paid).end
    world.clock.current = end + timedelta(hours=23)
    assert handlers.complete_ended_bookings(world.uow, world.clock) == []  # the parties' window is still open
    world.clock.current = end + timedelta(hours=24)
    assert handlers.sweep_bookings(world.uow, world.clock) == [unpaid, paid]  # expired, then completed
    assert handlers.get_booking(world.uow, paid).state is BookingState.COMPLETED
    assert handlers.get_booking(world.uow, paid).timeline[-1].state is BookingState.COMPLETED
    assert handlers.sweep_bookings(world.uow, world.clock) == []  # nothing moves twice
    completed = [e for e in world.uow.collect_events() if isinstance(e, ev.BookingCompleted)]
    assert [e.booking_id for e in completed] == [paid]


def test_a_request_stored_before_commands_carried_their_actor_still_replays() -> None:
    """Fingerprints are taken over the role the core derived, so keys stored by earlier releases keep replaying
    (digests computed with the release that put the role in the command)."""
    start, ana = datetime(2030, 1, 8, 18, 0, tzinfo=UTC), Actor("usr_ana")
    client, staff = ActorRef(ActorKind.CLIENT, "usr_ana"), ActorRef(ActorKind.STAFF, "cli")
    provider = ActorRef(ActorKind.PROVIDER, "prf_1")
    key = {"idempotency_key": "k", "booking_id": "bkg_1"}
    prints = [
        (StartCheckout(actor=ana, idempotency_key="k", service_profile_id="spf_1", start=start,
                       end=start + timedelta(hours=1), extras=("makeup",), currency="USD"), client,
         "530f7a220430af3dc777f3f032188cf66a501abe58a6a57cc470a14e34f426df"),
        (AcceptBooking(actor=OPERATOR, acting_for=provider, **key), provider,
         "89fd1516ac53c8602fc22377c2c3dfc0912a70ffe7b153508f9b3c86e9bf3cb8"),
        (DeclineBooking(actor=Actor("usr_pat"), reason="away", **key), provider,
         "2d8e18ff9afc65caab4755a9b9b3e9b48bd97c59db4f0c4c6679355dbdca6f66"),
        (ConfirmBooking(actor=ana, method_ref="pm_card_visa", **key), client,
         "d0662de65dee7d1ebbed0c0dd4f138b9bceecdff6ed2ff16e7a1300da422b6e2"),
        (CancelBooking(actor=OPERATOR, override=StaffOverride(2500, "no-show"), **key), staff,
         "bdf1dd88f5f66acc8ec6ddba8ef8cd2f408595c317ce02e9e186c94e505c9fc8"),
        (CancelBooking(actor=ana, **key), client, "bc6325c1f8d7f2123aa93705adc955330c4262bacdc2868e73fb6d2b72103b27"),
        (CompleteBooking(actor=Actor("usr_pat"), **key), provider,
         "864985169855fec141da0d14ac4365f01f21ee138823d279057b51f1679fdc31"),
        (request(), CLIENT, "7173f8fb7cc424e8f281a6121bf8f358825dfce6510929c7e87526dbe7406e66"),
    ]  # fmt: skip
    assert [fingerprint(command.fingerprint_body(by)) for command, by, _ in prints] == [p for _, _, p in prints]
