"""A cancellation whose refund the gateway never made (it was down, and the client never retried the cancellation):
reconciliation over the intents moved since then sends the refund again with its fixed key, once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from dependency_injector import providers

from adapters.memory.payments import InMemoryPaymentGateway
from core.booking.reconciliation import reconcile
from core.payments.errors import PaymentGatewayUnavailable
from core.payments.model import PaymentIntent
from core.shared.money import Money
from tests.unit.http.booking_world import ALICE, NOW, seeded_container, serving, slot


class RefundsDown:
    """The in-memory gateway, except that refunds fail while ``down`` (a provider outage, seen by one call)."""

    def __init__(self, gateway: InMemoryPaymentGateway) -> None:
        self._gateway = gateway
        self.down = False
        self.refunds = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self._gateway, name)

    def refund(self, intent_id: str, amount: Money, idempotency_key: str) -> PaymentIntent:
        if self.down:
            raise PaymentGatewayUnavailable("refunds are down")
        self.refunds += 1
        return self._gateway.refund(intent_id, amount, idempotency_key)


def test_a_refund_lost_to_an_outage_is_sent_again_by_reconciliation_once(tmp_path: Path) -> None:
    container, clock = seeded_container(tmp_path, payments_reconcile_interval_s=0)
    gateway = RefundsDown(container.payments())
    container.payments.override(providers.Object(gateway))
    with serving(container) as client:
        txn = client.post("/api/checkout/start", json={**slot(24 * 20), "extras": []}, headers=ALICE).json()["txnId"]
        paid = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
        intent_id = paid.json()["paymentIntentId"]
        gateway.down = True
        cancelled = client.post(f"/api/bookings/{txn}/cancel", json={}, headers={**ALICE, "Idempotency-Key": "c-1"})
        assert cancelled.status_code == 503  # the cancellation holds; its refund did not go out
        assert gateway.get(intent_id).amount_refunded.amount == 0
    gateway.down = False
    owed = paid.json()["total"]["amount"]

    since = NOW - timedelta(hours=1)
    first = reconcile(container.booking_uow(), gateway, clock, since)
    assert intent_id in first.repaired and first.mismatches == ()
    assert gateway.get(intent_id).amount_refunded.amount == owed and gateway.refunds == 1
    second = reconcile(container.booking_uow(), gateway, clock, since)
    assert second.repaired == () and second.mismatches == () and gateway.refunds == 1  # the key: never twice
