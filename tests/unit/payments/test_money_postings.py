"""The booking's money events are posted in their own transaction: confirm, cancel with a partial refund, complete."""

from __future__ import annotations

from datetime import timedelta

from core.booking import handlers
from core.payments.ledger import Account, BookingLedger, MoneyEvent
from core.shared.money import Money
from tests.unit.booking.booking_builders import RULES, request
from tests.unit.payments.money_world import MoneyWorld


def test_a_confirmed_booking_holds_and_captures_its_total_split_between_provider_platform_and_tax() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    ledger = world.ledger(booking_id)
    amounts = world.uow.committed(booking_id).amounts
    assert [e.kind for e in ledger.entries if e.line == 0] == [MoneyEvent.HOLD, MoneyEvent.CAPTURE]
    assert ledger.captured == amounts.total and ledger.held.is_zero()
    assert ledger.payable == amounts.subtotal
    assert ledger.balance(Account.PLATFORM_FEE) == -amounts.service_fee
    assert ledger.balance(Account.TAX) == -amounts.tax
    assert ledger.intents() == [world.intent_of(booking_id)]


def test_a_cancellation_posts_its_refund_as_the_refund_kernel_split_it_and_a_retry_posts_nothing() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    quote = world.cancel(booking_id).refund
    assert quote is not None and 0 < quote.refund_to_client.amount < quote.captured.amount
    world.cancel(booking_id, after=timedelta(0))  # the retried command replays: no second posting
    ledger = world.ledger(booking_id)
    assert ledger.refunded == quote.refund_to_client == world.gateway.get(world.intent_of(booking_id)).amount_refunded
    assert ledger.payable == quote.payout_to_provider
    assert ledger.balance(Account.PLATFORM_FEE) == -quote.platform_share
    assert ledger.balance(Account.TAX) == -quote.retained_tax
    assert len([e for e in ledger.entries if e.kind is MoneyEvent.REFUND and e.line == 0]) == 1


def test_completion_pays_the_provider_what_it_is_owed() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    world.clock.advance(timedelta(days=12))
    assert handlers.complete_ended_bookings(world.uow, world.clock) == [booking_id]
    ledger = world.ledger(booking_id)
    subtotal = world.uow.committed(booking_id).amounts.subtotal
    assert ledger.paid_out == subtotal and ledger.payable == Money.zero(subtotal.currency)


def test_a_hold_that_expires_posts_nothing_when_no_money_was_held() -> None:
    world = MoneyWorld()
    booking_id = handlers.request_booking(request(instant=True), world.uow, world.clock, world.ids, RULES).booking_id
    world.clock.advance(timedelta(hours=1))
    assert handlers.expire_due_bookings(world.uow, world.clock) == [booking_id]
    assert world.ledger(booking_id).entries == []


def test_a_hold_that_expires_releases_what_each_of_its_intents_still_holds() -> None:
    world = MoneyWorld()
    booking_id = handlers.request_booking(request(instant=True), world.uow, world.clock, world.ids, RULES).booking_id
    with world.uow:  # authorised at checkout (the gateway's hold), twice: a first card, then a second
        ledger = BookingLedger(booking_id, "USD")
        for intent, amount in (("pi_a", 700), ("pi_b", 900)):
            posting = ledger.hold(Money(amount, "USD"), intent, f"hold:{intent}:{amount}", world.clock.now())
            assert posting is not None and world.uow.ledger.post(posting)
        world.uow.commit()
    world.clock.advance(timedelta(hours=1))
    assert handlers.expire_due_bookings(world.uow, world.clock) == [booking_id]
    ledger = world.ledger(booking_id)
    released = {e.intent_id: -e.amount.amount for e in ledger.entries if e.kind is MoneyEvent.RELEASE and e.line == 1}
    assert ledger.held.is_zero() and released == {"pi_a": 700, "pi_b": 900}
