"""Two deliveries of one webhook at the same moment on PostgreSQL: the unique event id decides, one applies and the
other is a duplicate (not check-then-act: both would apply)."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from sqlalchemy import Engine

from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from adapters.stripe.webhook_events import gateway_event
from core.booking.money_postings import split_of
from core.booking.payment_webhooks import WebhookOutcome, apply_gateway_event
from core.payments.ledger import BookingLedger, MoneyEvent, unbalanced_currencies
from tests.integration.sql_stores import truncate_all
from tests.unit.booking.booking_builders import NOW, new_booking
from tests.unit.payments import stripe_events as se

pytestmark = pytest.mark.integration


def test_a_webhook_delivered_twice_at_once_is_applied_once(pg_engine: Engine) -> None:
    truncate_all(pg_engine)
    new_uow = partial(SqlAlchemyBookingUnitOfWork, pg_engine)
    booking = new_booking(instant=True)
    total = booking.amounts.total
    with new_uow() as uow:
        uow.bookings.add(booking)
        ledger = BookingLedger(booking.id, total.currency)
        for posting in (ledger.hold(total, "pi_1", "hold:pi_1", NOW),
                        ledger.capture(total, split_of(booking), "pi_1", "capture:pi_1", NOW)):  # fmt: skip
            assert posting is not None and uow.ledger.post(posting)
        uow.commit()
    refunded = gateway_event(se.event("evt_1", "charge.refunded", se.charge("pi_1", total.amount, 2_500)))
    start, outcomes = threading.Barrier(2), []

    def deliver() -> None:
        start.wait()
        outcomes.append(apply_gateway_event(refunded, new_uow(), FixedClock(NOW)))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == sorted([WebhookOutcome.APPLIED, WebhookOutcome.DUPLICATE])
    with new_uow() as uow:
        entries = list(uow.ledger.entries(booking.id))
    assert unbalanced_currencies(entries) == {}
    assert len([e for e in entries if e.kind is MoneyEvent.REFUND and e.line == 0]) == 1
    assert BookingLedger(booking.id, total.currency, entries).refunded.amount == 2_500
