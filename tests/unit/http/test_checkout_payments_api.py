"""Checkout's payment over HTTP (test-mode gateway): declines are 402 naming the reason with nothing held,
3-D Secure is a normal step that confirming again resumes, and a hold nothing captures is voided."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.memory.payments import InMemoryPaymentGateway
from config.container import Container
from core.booking.handlers import sweep_bookings
from core.payments.model import PaymentStatus
from tests.unit.http.booking_world import ALICE, seeded_container, serving, slot

THREE_D_SECURE = "pm_card_authenticationRequired"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container, clock


def confirm(client: TestClient[Any], txn: str, method: str) -> Any:
    return client.post("/api/checkout/confirm", json={"txnId": txn, "method": method}, headers=ALICE)


def gateway_of(container: Container) -> InMemoryPaymentGateway:
    gateway = container.payments()
    assert isinstance(gateway, InMemoryPaymentGateway)
    return gateway


@pytest.mark.parametrize(
    ("method", "reason"),
    [("pm_card_declined", "card_declined"), ("pm_card_insufficient_funds", "insufficient_funds"),
     ("pm_card_expired", "expired_card")],
)  # fmt: skip
def test_a_decline_is_a_402_naming_its_reason_and_holds_nothing(world: Any, method: str, reason: str) -> None:
    client, _container, _clock = world
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    declined = confirm(client, txn, method)
    assert declined.status_code == 402 and declined.headers["content-type"].startswith("application/problem+json")
    assert declined.json()["type"] == "/problems/payment-declined" and declined.json()["reason"] == reason
    shown = client.get(f"/api/bookings/{txn}", headers=ALICE).json()
    assert (shown["state"], shown["paymentIntentId"], shown["captured"]["amount"]) == ("held", None, 0)
    assert confirm(client, txn, "pm_card_visa").json()["state"] == "confirmed"  # another card still pays


def test_authentication_is_asked_for_and_confirming_again_resumes(world: Any) -> None:
    client, container, _clock = world
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    waiting = confirm(client, txn, THREE_D_SECURE)
    assert waiting.status_code == 202, waiting.text
    action = waiting.json()["paymentAction"]
    assert action["type"] == "authenticate" and action["clientSecret"]
    assert waiting.json()["state"] == "held" and waiting.json()["captured"]["amount"] == 0
    gateway_of(container).authenticate(action["paymentIntentId"])
    paid = confirm(client, txn, THREE_D_SECURE)
    assert paid.status_code == 200 and paid.json()["state"] == "confirmed" and paid.json()["paymentAction"] is None
    assert paid.json()["paymentIntentId"] == action["paymentIntentId"]
    assert gateway_of(container).get(action["paymentIntentId"]).status is PaymentStatus.CAPTURED


def test_a_failed_authentication_is_a_decline_and_its_intent_is_voided(world: Any) -> None:
    client, container, _clock = world
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    intent_id = confirm(client, txn, THREE_D_SECURE).json()["paymentAction"]["paymentIntentId"]
    gateway_of(container).authenticate(intent_id, success=False)
    failed = confirm(client, txn, THREE_D_SECURE)
    assert failed.status_code == 402 and failed.json()["reason"] == "authentication_failed"
    assert gateway_of(container).get(intent_id).status is PaymentStatus.VOIDED


def test_a_hold_that_lapses_while_authenticating_voids_its_intent(world: Any) -> None:
    client, container, clock = world
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    intent_id = confirm(client, txn, THREE_D_SECURE).json()["paymentAction"]["paymentIntentId"]
    clock.advance(timedelta(minutes=15))  # an unpaid checkout lapses after 15 minutes
    assert sweep_bookings(container.booking_uow(), container.clock()) == [txn]
    assert client.get(f"/api/bookings/{txn}", headers=ALICE).json()["state"] == "expired"
    assert gateway_of(container).get(intent_id).status is PaymentStatus.VOIDED


def test_cancelling_before_the_capture_voids_the_intent(world: Any) -> None:
    client, container, _clock = world
    txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    intent_id = confirm(client, txn, THREE_D_SECURE).json()["paymentAction"]["paymentIntentId"]
    cancelled = client.post(f"/api/bookings/{txn}/cancel", json={}, headers=ALICE)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["state"] == "cancelled" and cancelled.json()["refunded"]["amount"] == 0
    assert gateway_of(container).get(intent_id).status is PaymentStatus.VOIDED


def test_the_confirmation_mail_is_composed_after_the_answer_by_the_outbox_consumer(tmp_path: Path) -> None:
    mails = tmp_path / "mails"
    container, _clock = seeded_container(tmp_path, outbox_dir=str(mails), delivery_poll_s=300.0)  # no relay round
    with serving(container) as client:
        txn = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
        assert confirm(client, txn, "pm_card_visa").json()["state"] == "confirmed"
        assert not mails.exists()  # the answer came before any mail was read, rendered or written
        assert container.outbox().stats(container.clock().now(), {"booking.confirmed"}).due == 1
        done = container.relay().run_once()
        assert [(c.consumer, c.done) for c in done.consumed if c.topic == "booking.confirmed"] == [
            ("booking-mail.confirmed", "queued")
        ]
        (mail,) = mails.iterdir()
        assert "alice@example.com" in mail.name and txn in mail.read_text()
