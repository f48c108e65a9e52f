"""A rule-based state machine drives the handlers at random: states stay legal, money is conserved,
capacity is never double-held, and a retried command never has a second effect."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from datetime import timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from adapters.memory.payments import InMemoryPaymentGateway
from core.booking import handlers
from core.booking.capacity import conflicts
from core.booking.commands import (
    AcceptBooking,
    CancelBooking,
    CompleteBooking,
    ConfirmBooking,
    DeclineBooking,
)
from core.booking.errors import GuardRejected, IllegalTransition, SlotUnavailable
from core.booking.refunds import StaffOverride
from core.booking.states import BLOCKING_STATES, ActorKind, ActorRef, BookingState
from core.booking.transitions import TRANSITIONS
from core.payments.errors import PaymentDeclined
from core.shared.actor import OPERATOR, Actor
from core.shared.money import Money
from tests.unit.booking.booking_builders import NOW, RULES, quote, request
from tests.unit.booking.in_memory_bookings import CountingIds, FakeClock, InMemoryBookingUnitOfWork

EXPECTED = (IllegalTransition, GuardRejected, SlotUnavailable, PaymentDeclined)
NEXT_STATES = {(row.from_state, row.to_state) for row in TRANSITIONS}


class BookingLifecycle(RuleBasedStateMachine):
    bookings = Bundle("bookings")

    def __init__(self) -> None:
        super().__init__()
        self.uow = InMemoryBookingUnitOfWork()
        self.clock = FakeClock(NOW)
        self.ids = CountingIds()
        self.payment_ids = CountingIds()
        self.gateway = InMemoryPaymentGateway(self.payment_ids)
        self.keys = 0
        self.last: Callable[[], handlers.BookingResult] | None = None
        self.last_result: handlers.BookingResult | None = None

    def key(self) -> str:
        self.keys += 1
        return f"key-{self.keys}"

    def run(self, call: Callable[[str], handlers.BookingResult]) -> handlers.BookingResult | None:
        key = self.key()
        try:
            result = call(key)
        except EXPECTED:
            return None
        self.last, self.last_result = (lambda: call(key)), result
        return result

    def booking(self, booking_id: str) -> tuple[str, str]:
        stored = self.uow.committed(booking_id)
        return stored.client_id, stored.provider_id

    @rule(
        target=bookings,
        instant=st.booleans(),
        provider=st.sampled_from(["prv_1", "prv_2"]),
        studio=st.sampled_from([None, "std_1"]),
        starts_in=st.integers(2, 96).map(lambda half_hours: timedelta(minutes=30 * half_hours)),
        minutes=st.sampled_from([30, 60, 120]),
        buffer=st.sampled_from([timedelta(0), timedelta(minutes=15)]),
    )
    def request_booking(
        self, instant: bool, provider: str, studio: str | None, starts_in: timedelta, minutes: int, buffer: timedelta
    ) -> str:
        checkout = quote(now=self.clock.now(), starts_in=starts_in, minutes=minutes)

        def call(key: str) -> handlers.BookingResult:
            command = request(checkout, instant=instant, key=key, provider=provider, studio=studio, buffer=buffer)
            return handlers.request_booking(command, self.uow, self.clock, self.ids, RULES)

        result = self.run(call)
        return result.booking_id if result else "bkg_missing"

    @rule(booking_id=bookings, accept=st.booleans())
    def answer(self, booking_id: str, accept: bool) -> None:
        if booking_id not in self.uow.committed_bookings:
            return
        provider = ActorRef(ActorKind.PROVIDER, self.booking(booking_id)[1])
        if accept:
            self.run(
                lambda k: handlers.accept_booking(
                    AcceptBooking(actor=OPERATOR, acting_for=provider, idempotency_key=k, booking_id=booking_id),
                    self.uow,
                    self.clock,
                )
            )
        else:
            self.run(
                lambda k: handlers.decline_booking(
                    DeclineBooking(actor=OPERATOR, acting_for=provider, idempotency_key=k, booking_id=booking_id),
                    self.uow,
                    self.clock,
                )
            )

    @rule(booking_id=bookings, method=st.sampled_from(["pm_card_visa", "pm_card_declined"]))
    def pay(self, booking_id: str, method: str) -> None:
        if booking_id not in self.uow.committed_bookings:
            return
        client = Actor(self.booking(booking_id)[0])
        self.run(
            lambda k: handlers.confirm_booking(
                ConfirmBooking(actor=client, idempotency_key=k, booking_id=booking_id, method_ref=method),
                self.uow,
                self.clock,
                self.gateway,
            )
        )

    @rule(booking_id=bookings, kind=st.sampled_from(ActorKind), bps=st.integers(0, 10_000))
    def cancel(self, booking_id: str, kind: ActorKind, bps: int) -> None:
        if booking_id not in self.uow.committed_bookings:
            return
        client, provider = self.booking(booking_id)
        # The client and staff as themselves; the provider (no profile here) and the system through the operator.
        party = ActorRef(kind, {ActorKind.CLIENT: client, ActorKind.PROVIDER: provider}.get(kind, "someone"))
        actor = {ActorKind.CLIENT: Actor(client), ActorKind.STAFF: Actor("someone", ("support",))}.get(kind)
        acting = {"actor": actor} if actor else {"actor": OPERATOR, "acting_for": party}
        override = StaffOverride(bps, "stateful test") if kind is ActorKind.STAFF else None
        self.run(
            lambda k: handlers.cancel_booking(
                CancelBooking(idempotency_key=k, booking_id=booking_id, override=override, **acting),  # type: ignore[arg-type]
                self.uow,
                self.clock,
                self.gateway,
            )
        )

    @rule(booking_id=bookings)
    def complete(self, booking_id: str) -> None:
        if booking_id not in self.uow.committed_bookings:
            return
        provider = ActorRef(ActorKind.PROVIDER, self.booking(booking_id)[1])
        self.run(
            lambda k: handlers.complete_booking(
                CompleteBooking(actor=OPERATOR, acting_for=provider, idempotency_key=k, booking_id=booking_id),
                self.uow,
                self.clock,
            )
        )

    @rule()
    def system_completes_ended_sessions(self) -> None:
        ended = [
            b.id
            for b in self.uow.committed_bookings.values()
            if b.state is BookingState.CONFIRMED and b.end <= self.clock.now()
        ]
        for booking_id in ended:
            command = CompleteBooking(
                actor=OPERATOR, acting_for=ActorRef.system(), idempotency_key=self.key(), booking_id=booking_id
            )
            assert (
                handlers.complete_booking(
                    command,
                    self.uow,
                    self.clock,
                ).state
                is BookingState.COMPLETED
            )

    @rule(minutes=st.sampled_from([1, 5, 14, 16, 90, 12 * 60, 50 * 60]))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    @rule()
    def sweep(self) -> None:
        for booking_id in handlers.expire_due_bookings(self.uow, self.clock):
            assert self.uow.committed(booking_id).state is BookingState.EXPIRED

    @rule()
    def retry_last_command(self) -> None:
        if self.last is None or self.last_result is None:
            return
        self.uow.collect_events()  # drained: a replay must publish nothing new
        before = (copy.deepcopy(self.uow.committed_bookings), self.payment_ids.issued, self.ids.issued, 0)
        replayed = self.last()
        assert replayed.replayed
        assert (replayed.booking_id, replayed.state, replayed.refund) == (
            self.last_result.booking_id,
            self.last_result.state,
            self.last_result.refund,
        )
        after = (self.uow.committed_bookings, self.payment_ids.issued, self.ids.issued, len(self.uow.collect_events()))
        assert after == before

    @invariant()
    def states_only_move_along_the_table(self) -> None:
        for booking in self.uow.committed_bookings.values():
            path = [card.state for card in booking.timeline]
            assert path[-1] is booking.state
            assert (None, path[0]) in NEXT_STATES
            assert all((a, b) in NEXT_STATES for a, b in itertools.pairwise(path))

    @invariant()
    def money_is_conserved(self) -> None:
        captured_by_bookings = 0
        for booking in self.uow.committed_bookings.values():
            assert Money.zero(booking.captured.currency) <= booking.refunded <= booking.captured
            if booking.payment_intent_id is None:
                assert booking.captured.is_zero() and booking.refunded.is_zero()
                continue
            intent = self.gateway.get(booking.payment_intent_id)
            assert (intent.amount_captured, intent.amount_refunded) == (booking.captured, booking.refunded)
            captured_by_bookings += booking.captured.amount
            if booking.refund is not None:
                q = booking.refund
                total = q.previously_refunded + q.refund_to_client + q.payout_to_provider + q.platform_share
                assert total + q.retained_tax == booking.captured
        charged = sum(
            self.gateway.get(f"pi_{n:05d}").amount_captured.amount for n in range(1, self.payment_ids.issued + 1)
        )
        assert charged == captured_by_bookings

    @invariant()
    def capacity_is_never_double_held(self) -> None:
        blocking = [b for b in self.uow.committed_bookings.values() if b.state in BLOCKING_STATES]
        for i, first in enumerate(blocking):
            for second in blocking[i + 1 :]:
                assert not conflicts(first, second), (first.id, second.id)


BookingLifecycle.TestCase.settings = settings(max_examples=100, stateful_step_count=50, deadline=None)
TestBookingLifecycle = BookingLifecycle.TestCase
