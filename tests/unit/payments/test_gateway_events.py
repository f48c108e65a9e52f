"""Gateway events on bookings' ledgers: once per id, never backwards, disputes freezing the payout."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta

import pytest

from adapters.stripe.webhook_events import gateway_event
from adapters.stripe.webhook_signature import StripeWebhookVerifier, TestModeWebhookVerifier
from core.booking import handlers
from core.booking.payment_webhooks import WebhookOutcome, apply_gateway_event
from core.payments.webhooks import WebhookSignatureInvalid
from core.shared.money import Money
from tests.unit.payments import stripe_events as se
from tests.unit.payments.money_world import MoneyWorld


def _apply(world: MoneyWorld, raw: dict[str, object]) -> WebhookOutcome:
    return apply_gateway_event(gateway_event(raw), world.uow, world.clock)


def test_a_duplicate_delivery_has_no_second_effect_and_a_lower_figure_never_moves_the_ledger_back() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    intent = world.intent_of(booking_id)
    total = world.uow.committed(booking_id).amounts.total.amount
    refunded = se.event("evt_r", "charge.refunded", se.charge(intent, total, 2_000))
    assert _apply(world, refunded) is WebhookOutcome.APPLIED
    assert _apply(world, refunded) is WebhookOutcome.DUPLICATE
    older = se.event("evt_r0", "charge.refunded", se.charge(intent, total, 1_000))  # an earlier refund, late
    assert _apply(world, older) is WebhookOutcome.APPLIED
    canceled = se.event("evt_c", "payment_intent.canceled", se.intent(intent, "canceled", total))
    assert _apply(world, canceled) is WebhookOutcome.APPLIED
    ledger = world.ledger(booking_id)
    assert ledger.refunded == Money(2_000, "USD") and ledger.captured.amount == total and ledger.held.is_zero()


def test_unknown_types_and_strangers_intents_are_acknowledged_without_effect() -> None:
    world = MoneyWorld()
    assert _apply(world, se.event("evt_1", "customer.created", {"id": "cus_1"})) is WebhookOutcome.IGNORED
    stranger = se.event("evt_2", "payment_intent.succeeded", se.intent("pi_x", "succeeded", 500, 500))
    assert _apply(world, stranger) is WebhookOutcome.UNMATCHED
    action = se.event("evt_3", "payment_intent.requires_action", se.intent("pi_x", "requires_action", 500))
    assert _apply(world, action) is WebhookOutcome.UNMATCHED


def test_a_dispute_freezes_the_payout_keeps_evidence_and_the_payout_follows_when_it_is_won() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    intent = world.intent_of(booking_id)
    amounts = world.uow.committed(booking_id).amounts
    opened = se.event("evt_d1", "charge.dispute.created", se.dispute("dp_1", intent, 5_000, "needs_response"))
    assert _apply(world, opened) is WebhookOutcome.APPLIED
    world.clock.advance(timedelta(days=12))
    assert handlers.complete_ended_bookings(world.uow, world.clock) == [booking_id]
    assert world.ledger(booking_id).paid_out.is_zero() and world.ledger(booking_id).payout_frozen
    with world.uow.reading():
        (record,) = world.uow.disputes.of_booking(booking_id)
    assert record.evidence["policy"]["text"].startswith("Moderate:") and record.evidence["timeline"]
    won = se.event("evt_d2", "charge.dispute.closed", se.dispute("dp_1", intent, 5_000, "won"))
    assert _apply(world, won) is WebhookOutcome.APPLIED
    ledger = world.ledger(booking_id)
    assert not ledger.payout_frozen and ledger.paid_out == amounts.subtotal


def test_a_dispute_closed_before_it_was_reported_open_is_not_reopened_by_the_late_report() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    intent = world.intent_of(booking_id)
    lost = se.event("evt_d2", "charge.dispute.closed", se.dispute("dp_1", intent, 5_000, "lost"))
    opened = se.event("evt_d1", "charge.dispute.created", se.dispute("dp_1", intent, 5_000, "needs_response"))
    assert [_apply(world, lost), _apply(world, opened)] == [WebhookOutcome.APPLIED] * 2
    ledger = world.ledger(booking_id)
    assert ledger.charged_back == Money(5_000, "USD") and not ledger.payout_frozen
    with world.uow.reading():
        assert [d.status for d in world.uow.disputes.of_booking(booking_id)] == ["lost"]


def test_every_order_of_every_event_delivered_twice_ends_in_the_same_ledger() -> None:
    endings = set()
    for order in itertools.islice(itertools.permutations(range(4)), 0, 24, 5):
        world = MoneyWorld()
        booking_id = world.confirmed()
        intent, total = world.intent_of(booking_id), world.uow.committed(booking_id).amounts.total.amount
        events = [
            se.event("evt_s", "payment_intent.succeeded", se.intent(intent, "succeeded", total, total)),
            se.event("evt_r", "charge.refunded", se.charge(intent, total, 3_000)),
            se.event("evt_o", "charge.dispute.created", se.dispute("dp_1", intent, 2_000, "needs_response")),
            se.event("evt_w", "charge.dispute.closed", se.dispute("dp_1", intent, 2_000, "won")),
        ]
        for index in [*order, *reversed(order)]:
            _apply(world, events[index])
        ledger = world.ledger(booking_id)
        endings.add((ledger.captured.amount, ledger.refunded.amount, ledger.disputed.amount, ledger.payable.amount))
    assert len(endings) == 1


def test_the_test_mode_verifier_checks_stripes_scheme_against_its_clock() -> None:
    secret, at = se.new_secret(), datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    verifier = TestModeWebhookVerifier(secret, type("Clock", (), {"now": lambda self: at})())
    payload, header = se.signed(se.event("evt_1", "customer.created", {"id": "cus_1"}), secret, at)
    assert verifier.verify(payload, header).id == "evt_1"
    for bad in (header.replace("v1=", "v1=0"), "", f"t={int(at.timestamp())}"):
        with pytest.raises(WebhookSignatureInvalid):
            verifier.verify(payload, bad)
    with pytest.raises(WebhookSignatureInvalid):
        verifier.verify(payload, se.signed(se.event("evt_1", "x", {}), secret, at - timedelta(seconds=301))[1])
    with pytest.raises(WebhookSignatureInvalid):
        verifier.verify(payload + b" ", header)


def test_the_stripe_verifier_is_stripes_own_check_with_a_300_second_tolerance() -> None:
    secret = se.new_secret()
    verifier = StripeWebhookVerifier(secret)
    raw = se.event("evt_9", "charge.refunded", se.charge("pi_1", 1_000, 400))
    payload, header = se.signed(raw, secret, time.time())
    seen = verifier.verify(payload, header)
    assert seen.intent_id == "pi_1" and seen.totals is not None and seen.totals.refunded == Money(400, "USD")
    with pytest.raises(WebhookSignatureInvalid):
        verifier.verify(payload, se.signed(raw, se.new_secret(), time.time())[1])
    with pytest.raises(WebhookSignatureInvalid):
        verifier.verify(payload, se.signed(raw, secret, time.time() - 400)[1])
