"""Two staff refunds of one booking at the same moment on PostgreSQL, each within what is refundable but not both:
the booking's refund number decides (a unique key, not check-then-act), so one is sent and the other refused."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from sqlalchemy import Engine

from adapters.memory.clock import FixedClock
from adapters.memory.payments import InMemoryPaymentGateway
from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from core.booking.money_postings import ledger_of, post_money_event, split_of
from core.booking.staff_refund_records import RefundRules, RefundStatus
from core.booking.staff_refunds import RefundBooking, refund_booking
from core.payments.ledger import BookingLedger, unbalanced_currencies
from core.shared.actor import OPERATOR
from core.shared.errors import DomainError
from tests.integration.sql_stores import truncate_all
from tests.unit.booking.booking_builders import NOW, new_booking
from tests.unit.booking.in_memory_bookings import CountingIds

pytestmark = pytest.mark.integration


def test_two_refunds_at_once_never_give_back_more_than_was_captured(pg_engine: Engine) -> None:
    truncate_all(pg_engine)
    new_uow = partial(SqlAlchemyBookingUnitOfWork, pg_engine, in_transaction=post_money_event)
    gateway = InMemoryPaymentGateway(CountingIds())
    booking = new_booking(instant=True)
    total = booking.amounts.total
    paid = gateway.capture(gateway.authorize(total, "auth", booking.client_id, "pm_card_visa").id, "cap")
    booking.payment_intent_id, booking.captured = paid.id, paid.amount_captured
    with new_uow() as uow:
        uow.bookings.add(booking)
        ledger = BookingLedger(booking.id, total.currency)
        for posting in (ledger.hold(total, paid.id, f"hold:{paid.id}", NOW),
                        ledger.capture(total, split_of(booking), paid.id, f"capture:{paid.id}", NOW)):  # fmt: skip
            assert posting is not None and uow.ledger.post(posting)
        uow.commit()
    share = total.amount * 6 // 10  # either alone fits; both would refund 120 %
    start, outcomes = threading.Barrier(2), list[object]()

    def refund(key: str) -> None:
        command = RefundBooking(actor=OPERATOR, booking_id=booking.id, amount=share, reason="both at once",
                                idempotency_key=key)  # fmt: skip
        start.wait()
        try:
            outcomes.append(refund_booking(command, new_uow(), gateway, FixedClock(NOW), RefundRules()))
        except DomainError as refused:
            outcomes.append(refused)

    threads = [threading.Thread(target=refund, args=(key,)) for key in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [o for o in outcomes if not isinstance(o, DomainError)]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(done) == 1 and len(refused) == 1, outcomes
    assert refused[0].code in ("version-conflict", "refund-exceeds-capture")
    with new_uow() as uow:
        stored = uow.bookings.get(booking.id)
        ledger = ledger_of(uow, stored)
        assert [r.status for r in uow.staff_refunds.of_booking(booking.id)] == [RefundStatus.REFUNDED]
    assert ledger.refunded.amount == share == gateway.get(paid.id).amount_refunded.amount == stored.refunded.amount
    assert unbalanced_currencies(ledger.entries) == {}
