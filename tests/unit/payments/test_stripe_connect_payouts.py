"""Stripe Connect payouts against recorded request shapes: localstripe has no Connect, so the SDK talks to a
recording HTTP client (the SDK's own ``http_client`` extension point) that answers as Stripe documents."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import stripe

from adapters.filesystem.payout_files import ManualPayouts
from adapters.stripe.payouts import StripeConnectPayouts
from core.payments.errors import PaymentGatewayUnavailable
from tests.contracts.payouts import PayoutsContract, instruction


class RecordingStripe(stripe.HTTPClient):
    """Answers ``POST /v1/transfers`` like Stripe (one transfer per Idempotency-Key, the first answer replayed; or
    ``fail_with`` a status) and ``GET /v1/transfers`` by ``transfer_group``."""

    name = "recording"

    def __init__(self, fail_with: int | None = None) -> None:
        super().__init__()
        self.requests: list[tuple[str, str, dict[str, str], dict[str, str]]] = []
        self.transfers: dict[str, dict[str, Any]] = {}
        self._fail_with = fail_with

    def request(
        self, method: str, url: str, headers: Mapping[str, str] | None, post_data: Any = None, *, _usage: Any = None
    ) -> tuple[str, int, Mapping[str, str]]:
        form = dict(parse_qsl(post_data or ""))
        self.requests.append((method, url, dict(headers or {}), form))
        if method == "post" and self._fail_with is not None:
            return json.dumps({"error": {"type": "api_error", "message": "down"}}), self._fail_with, {}
        if method == "get":  # GET /v1/transfers?transfer_group=...: the transfers of that group
            group = dict(parse_qsl(urlsplit(url).query))["transfer_group"]
            found = [t for t in self.transfers.values() if t["transfer_group"] == group]
            return json.dumps({"object": "list", "data": found[:1], "has_more": False, "url": "/v1/transfers"}), 200, {}
        key = (headers or {})["Idempotency-Key"]
        transfer = self.transfers.setdefault(key, {
            "id": f"tr_{len(self.transfers) + 1:04d}", "object": "transfer", "amount": int(form["amount"]),
            "currency": form["currency"], "destination": form["destination"],
            "transfer_group": form.get("transfer_group"),
        })  # fmt: skip
        return json.dumps(transfer), 200, {"Idempotency-Key": key}

    def close(self) -> None:
        """Nothing to close: no connection was opened."""


def _payouts(peer: RecordingStripe) -> StripeConnectPayouts:
    client = stripe.StripeClient("sk_test_recorded", http_client=peer, max_network_retries=0)
    return StripeConnectPayouts(client, ManualPayouts())


class TestStripeConnectPayouts(PayoutsContract):
    @pytest.fixture
    def payouts(self) -> StripeConnectPayouts:
        return _payouts(RecordingStripe())


def test_a_transfer_names_amount_currency_destination_group_and_our_idempotency_key() -> None:
    peer = RecordingStripe()
    sent = instruction(destination="acct_1Pat", amount=10_250)
    receipt = _payouts(peer).pay(sent)
    (looked, (method, url, headers, form)) = peer.requests
    assert (
        looked[0] == "get"
        and looked[1] == f"https://api.stripe.com/v1/transfers?transfer_group={sent.booking_id}&limit=1"
    )
    assert (method, url) == ("post", "https://api.stripe.com/v1/transfers")
    assert headers["Idempotency-Key"] == sent.idempotency_key == f"payout:{sent.booking_id}"
    assert form["amount"] == "10250" and form["currency"] == "usd" and form["destination"] == "acct_1Pat"
    assert form["transfer_group"] == sent.booking_id and form["metadata[booking_id]"] == sent.booking_id
    assert receipt.reference == peer.transfers[sent.idempotency_key]["id"]


def test_a_retry_after_stripe_forgot_the_key_finds_the_transfer_and_sends_none() -> None:
    peer = RecordingStripe()
    sent = instruction()
    first = _payouts(peer).pay(sent)
    peer.transfers = {"forgotten-key": peer.transfers.pop(sent.idempotency_key)}  # a day later: keys expired
    assert _payouts(peer).pay(sent) == first and len(peer.transfers) == 1
    assert [r[0] for r in peer.requests] == ["get", "post", "get"]


def test_a_manual_destination_sends_nothing_to_stripe() -> None:
    peer = RecordingStripe()
    _payouts(peer).pay(instruction(destination="GB29NWBK60161331926819"))
    assert peer.requests == []


def test_a_failing_stripe_is_the_ports_unavailable_error_and_retries_carry_the_same_key() -> None:
    peer = RecordingStripe(fail_with=500)
    payouts = StripeConnectPayouts(stripe.StripeClient("sk_test_recorded", http_client=peer, max_network_retries=1),
                                   ManualPayouts())  # fmt: skip
    sent = instruction()
    with pytest.raises(PaymentGatewayUnavailable):
        payouts.pay(sent)
    posts = [r for r in peer.requests if r[0] == "post"]
    assert len(posts) == 2 and {r[2]["Idempotency-Key"] for r in posts} == {sent.idempotency_key}
