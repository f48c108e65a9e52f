"""Stripe webhooks over HTTP: a client books, pays and is refunded in part; every event then arrives twice and out
of order, signed as Stripe signs; a bad signature is a 400 that changes nothing; the ledger ends balanced and
agreeing with the gateway."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from adapters.sqlalchemy.tables.ledger import payment_webhook_events
from core.booking.payment_commands import ReconcilePayments
from core.payments.ledger import BookingLedger, unbalanced_currencies
from core.payments.model import PaymentStatus
from core.shared.actor import OPERATOR
from core.shared.money import Money
from entrypoints.http.app import reconciled
from tests.unit.http.booking_world import ALICE, NOW, seeded_container, serving, slot
from tests.unit.payments import stripe_events as se

WEBHOOK = "/api/payments/webhooks/stripe"


def _deliver(client: Any, raw: dict[str, Any], secret: str) -> Any:
    payload, header = se.signed(raw, secret, NOW)
    return client.post(WEBHOOK, content=payload, headers={"Stripe-Signature": header,
                                                           "Content-Type": "application/json"})  # fmt: skip


def _claimed(container: Any) -> int:
    with container.engine().connect() as connection:
        return int(connection.execute(select(func.count()).select_from(payment_webhook_events)).scalar_one())


def test_every_webhook_twice_and_out_of_order_leaves_the_ledger_balanced_and_agreeing(tmp_path: Path) -> None:
    secret = se.new_secret()
    container, _clock = seeded_container(tmp_path, stripe_webhook_secret=secret)
    with serving(container) as client:
        txn = client.post("/api/checkout/start", json={**slot(48), "extras": []}, headers=ALICE).json()["txnId"]
        paid = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
        assert paid.status_code == 200, paid.text
        cancelled = client.post(f"/api/bookings/{txn}/cancel", json={}, headers={**ALICE, "Idempotency-Key": "c-1"})
        assert cancelled.status_code == 200, cancelled.text
        uow = container.booking_uow()
        with uow.reading():
            booking = uow.bookings.get(txn)
        intent, total, refunded = booking.payment_intent_id, booking.amounts.total.amount, booking.refunded.amount
        assert 0 < refunded < total
        events = [
            se.event("evt_1", "payment_intent.requires_action", se.intent(intent, "requires_action", total)),
            se.event("evt_2", "payment_intent.succeeded", se.intent(intent, "succeeded", total, total)),
            se.event("evt_3", "charge.refunded", se.charge(intent, total, refunded)),
            se.event("evt_4", "payment_intent.canceled", se.intent(intent, "canceled", total)),
            se.event("evt_5", "charge.dispute.created", se.dispute("dp_1", intent, 1_000, "needs_response")),
            se.event("evt_6", "charge.dispute.closed", se.dispute("dp_1", intent, 1_000, "won")),
            se.event("evt_7", "invoice.paid", {"id": "in_1"}),
        ]
        deliveries = events * 2
        random.Random(13).shuffle(deliveries)
        answers = [_deliver(client, raw, secret) for raw in deliveries]
        assert [a.status_code for a in answers] == [200] * len(deliveries)
        outcomes = sorted(a.json()["outcome"] for a in answers)
        assert outcomes.count("duplicate") == len(events) and "ignored" in outcomes

        forged = _deliver(
            client, se.event("evt_8", "charge.refunded", se.charge(intent, total, total)), se.new_secret()
        )
        assert forged.status_code == 400 and forged.headers["content-type"].startswith("application/problem+json")
        assert forged.json()["type"].endswith("webhook-signature-invalid")
        assert _claimed(container) == len(events)

        with uow.reading():
            ledger = BookingLedger(txn, "USD", list(uow.ledger.entries(txn)))
        assert unbalanced_currencies(ledger.entries) == {}
        assert (ledger.captured.amount, ledger.refunded.amount) == (total, refunded)
        assert ledger.disputed.is_zero() and ledger.held.is_zero()
        gateway = container.payments().get(intent)
        assert (gateway.amount_captured.amount, gateway.amount_refunded.amount) == (total, refunded)
        report = container.commands().handle(ReconcilePayments(actor=OPERATOR, since=NOW))
        assert report.checked == 1 and report.mismatches == () and report.repaired == ()


def test_a_mismatch_reconciliation_cannot_repair_is_counted_on_metrics(tmp_path: Path) -> None:
    container, _clock = seeded_container(tmp_path, payments_reconcile_interval_s=0)
    with serving(container) as client:
        txn = client.post("/api/checkout/start", json={**slot(48), "extras": []}, headers=ALICE).json()["txnId"]
        uow = container.booking_uow()
        with uow:  # a hold the gateway never heard of (a lost response, a foreign write)
            hold = BookingLedger(txn, "USD").hold(Money(500, "USD"), "pi_ghost", "hold:pi_ghost:500", NOW)
            assert hold is not None and uow.ledger.post(hold)
            uow.commit()
        assert reconciled(container) == []
        metrics = client.get("/metrics").text
        assert "rastup_payments_unrepaired_mismatches 1.0" in metrics


def test_the_services_own_pass_voids_an_orphan_hold_of_its_window_and_counts_it(tmp_path: Path) -> None:
    container, clock = seeded_container(tmp_path, payments_reconcile_interval_s=0, payments_orphan_window_s=3600)
    gateway = container.payments()
    # an authorization whose answer was lost, for a booking this database does not have (and so can never use)
    lost = gateway.authorize(Money(900, "USD"), "bkg_gone:authorize:pm_card_visa", "usr_gone", "pm_card_visa")
    with serving(container) as client:
        assert reconciled(container) == [f"voided {lost.id}"]
        assert gateway.get(lost.id).status is PaymentStatus.VOIDED
        assert reconciled(container) == []  # a second pass finds nothing left
        assert "rastup_payments_orphan_holds_voided_total 1.0" in client.get("/metrics").text
    stale = gateway.authorize(Money(900, "USD"), "bkg_gone2:authorize:pm_card_visa", "usr_gone", "pm_card_visa")
    clock.advance(timedelta(hours=2))  # out of the window: left to `rastup payments reconcile --since`
    assert reconciled(container) == [] and gateway.get(stale.id).status is PaymentStatus.AUTHORIZED

    off, _clock = seeded_container(tmp_path / "off", payments_reconcile_interval_s=0, payments_orphan_window_s=0)
    kept = off.payments().authorize(Money(900, "USD"), "bkg_gone:authorize:pm_card_visa", "usr_gone", "pm_card_visa")
    assert reconciled(off) == [] and off.payments().get(kept.id).status is PaymentStatus.AUTHORIZED  # 0: off
