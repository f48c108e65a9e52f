"""End to end through localstripe: a client books, pays (once with 3-D Secure), the booking is confirmed with
the money captured, a cancellation refunds part of it; Stripe's own view of each intent agrees with ours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from adapters.stripe.client import stripe_client
from config.container import Container
from tests.unit.http.booking_world import ALICE, BOB, seeded_container, serving, slot

pytestmark = pytest.mark.integration


@pytest.fixture
def world(stripe_api: str, tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, str]]:
    settings = {"payments_backend": "stripe", "stripe_api_key": "sk_test_rastup", "stripe_api_base": stripe_api}
    container, _clock = seeded_container(tmp_path, **settings)
    with serving(container) as client:
        yield client, container, stripe_api


def stripe_view(api_base: str, intent_id: str) -> dict[str, Any]:
    """The intent as Stripe reports it, read with a client of the test's own (not the gateway under test)."""
    client = stripe_client("sk_test_rastup", api_base)
    intent = client.v1.payment_intents.retrieve(intent_id, {"expand": ["latest_charge"]}).to_dict()
    return {"status": intent["status"], "capture_method": intent["capture_method"], "charge": intent["latest_charge"]}


def test_book_pay_confirm_and_refund_in_part(world: Any) -> None:
    client, _container, api_base = world
    txn = client.post("/api/checkout/start", json=slot(72), headers=ALICE).json()["txnId"]  # moderate: 50 % back
    declined = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_declined"}, headers=ALICE)
    assert declined.status_code == 402 and declined.json()["reason"] == "card_declined"
    confirmed = client.post("/api/checkout/confirm", json={"txnId": txn, "method": "pm_card_visa"}, headers=ALICE)
    assert confirmed.status_code == 200, confirmed.text
    booking = confirmed.json()
    intent_id, total = booking["paymentIntentId"], booking["total"]["amount"]
    assert booking["state"] == "confirmed" and booking["captured"]["amount"] == total
    held = stripe_view(api_base, intent_id)
    assert (held["status"], held["capture_method"], held["charge"]["amount"]) == ("succeeded", "manual", total)
    assert held["charge"]["captured"] is True

    cancelled = client.post(f"/api/bookings/{txn}/cancel", json={}, headers=ALICE).json()
    refunded = cancelled["refund"]["refundToClient"]["amount"]
    assert 0 < refunded < total and cancelled["refunded"]["amount"] == refunded  # the policy's share only
    after = stripe_view(api_base, intent_id)
    assert after["charge"]["amount_refunded"] == refunded  # Stripe's own total agrees with the booking's


def test_three_d_secure_through_localstripe_then_a_lapsed_one_is_voided(world: Any) -> None:
    client, container, api_base = world
    txn = client.post("/api/checkout/start", json=slot(30), headers=ALICE).json()["txnId"]
    method = {"txnId": txn, "method": "pm_card_authenticationRequired"}
    waiting = client.post("/api/checkout/confirm", json=method, headers=ALICE)
    assert waiting.status_code == 202, waiting.text
    action = waiting.json()["paymentAction"]
    assert stripe_view(api_base, action["paymentIntentId"])["status"] == "requires_action"
    form = {"client_secret": action["clientSecret"], "success": "true", "key": "pk_test_rastup"}
    url = f"{api_base}/v1/payment_intents/{action['paymentIntentId']}/_authenticate"
    httpx.post(url, data=form, timeout=5).raise_for_status()  # what Stripe.js does in the customer's browser
    paid = client.post("/api/checkout/confirm", json=method, headers=ALICE)
    assert paid.status_code == 200 and paid.json()["state"] == "confirmed"
    assert stripe_view(api_base, action["paymentIntentId"])["status"] == "succeeded"

    other = client.post("/api/checkout/start", json=slot(40), headers=BOB).json()["txnId"]
    pending = client.post("/api/checkout/confirm", json={**method, "txnId": other}, headers=BOB).json()
    client.post(f"/api/bookings/{other}/cancel", json={}, headers=BOB).raise_for_status()
    assert stripe_view(api_base, pending["paymentAction"]["paymentIntentId"])["status"] == "canceled"
    assert container.payments().get(pending["paymentAction"]["paymentIntentId"]).status.value == "voided"
