"""A booking world whose unit of work posts each money event to the ledger in its transaction (in memory)."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.payments import InMemoryPaymentGateway
from core.booking import handlers
from core.booking.commands import CancelBooking, ConfirmBooking
from core.booking.money_postings import post_money_event
from core.payments.ledger import BookingLedger, unbalanced_currencies
from tests.unit.booking.booking_builders import CLIENT_USER, NOW, RULES, request
from tests.unit.booking.in_memory_bookings import CountingIds, FakeClock


class MoneyWorld:
    def __init__(self) -> None:
        self.uow = InMemoryBookingUnitOfWork(in_transaction=post_money_event)
        self.clock = FakeClock(NOW)
        self.ids = CountingIds()
        self.gateway = InMemoryPaymentGateway(CountingIds())

    def confirmed(self) -> str:
        booking_id = handlers.request_booking(request(instant=True), self.uow, self.clock, self.ids, RULES).booking_id
        command = ConfirmBooking(actor=CLIENT_USER, idempotency_key="pay-1", booking_id=booking_id,
                                 method_ref="pm_card_visa")  # fmt: skip
        handlers.confirm_booking(command, self.uow, self.clock, self.gateway)
        return booking_id

    def cancel(self, booking_id: str, after: timedelta = timedelta(days=5)) -> handlers.BookingResult:
        self.clock.advance(after)
        command = CancelBooking(actor=CLIENT_USER, idempotency_key="cxl", booking_id=booking_id)
        return handlers.cancel_booking(command, self.uow, self.clock, self.gateway)

    def ledger(self, booking_id: str) -> BookingLedger:
        with self.uow.reading():
            booking = self.uow.bookings.get(booking_id)
            ledger = BookingLedger(booking_id, booking.amounts.currency, list(self.uow.ledger.entries(booking_id)))
        assert unbalanced_currencies(ledger.entries) == {}
        return ledger

    def intent_of(self, booking_id: str) -> str:
        return self.uow.committed(booking_id).payment_intent_id or ""
