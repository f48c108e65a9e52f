"""``StripePaymentGateway`` against localstripe: the ``PaymentGateway`` contract, 3-D Secure, and the journal."""

from __future__ import annotations

import http.server
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from sqlalchemy import Engine

from adapters.memory.clock import FixedClock
from adapters.memory.payment_calls import InMemoryPaymentCallJournal
from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.payment_calls import SqlAlchemyPaymentCallJournal
from adapters.sqlalchemy.tables import metadata
from adapters.stripe.client import stripe_client
from adapters.stripe.gateway import StripePaymentGateway
from adapters.stripe.test_cards import TestCards
from core.payments.errors import PaymentDeclined, PaymentGatewayUnavailable
from core.payments.model import PaymentStatus
from core.shared.money import Money
from tests.contracts.payment_gateway import PaymentGatewayContract

pytestmark = pytest.mark.integration
NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


def stripe_gateway(api_base: str, journal: object | None = None) -> StripePaymentGateway:
    client = stripe_client("sk_test_rastup", api_base)
    return StripePaymentGateway(
        client,
        journal or InMemoryPaymentCallJournal(),
        FixedClock(NOW),
        TestCards(),  # type: ignore[arg-type]
        lists_by_created=False,
    )  # localstripe refuses the `created` filter


class TestStripePaymentGateway(PaymentGatewayContract):
    @pytest.fixture
    def gateway(self, stripe_api: str) -> StripePaymentGateway:
        return stripe_gateway(stripe_api)


def authenticate(api_base: str, intent_id: str, client_secret: str, *, success: bool) -> None:
    """What the customer's browser does on a 3-D Secure page, through localstripe's own endpoint."""
    form = {"client_secret": client_secret, "success": "true" if success else "false", "key": "pk_test_rastup"}
    httpx.post(f"{api_base}/v1/payment_intents/{intent_id}/_authenticate", data=form, timeout=5).raise_for_status()


def test_a_card_needing_authentication_holds_nothing_until_the_customer_authenticates(stripe_api: str) -> None:
    gateway = stripe_gateway(stripe_api)
    pending = gateway.authorize(Money(5_000, "EUR"), "3ds-1", "cus_1", "pm_card_authenticationRequired")
    assert pending.status is PaymentStatus.REQUIRES_ACTION and pending.client_secret
    assert pending.amount_captured == Money.zero("EUR")
    authenticate(stripe_api, pending.id, pending.client_secret, success=True)
    resumed = gateway.authorize(Money(5_000, "EUR"), "3ds-1", "cus_1", "pm_card_authenticationRequired")
    assert (resumed.id, resumed.status) == (pending.id, PaymentStatus.AUTHORIZED)
    assert gateway.capture(resumed.id, "3ds-cap").amount_captured == Money(5_000, "EUR")


def test_a_failed_authentication_holds_nothing_and_the_intent_can_be_voided(stripe_api: str) -> None:
    gateway = stripe_gateway(stripe_api)
    pending = gateway.authorize(Money(5_000, "EUR"), "3ds-2", "cus_1", "pm_card_authenticationRequired")
    assert pending.client_secret is not None
    assert gateway.void(pending.id, "3ds-2-void").status is PaymentStatus.VOIDED
    with pytest.raises(httpx.HTTPStatusError):  # nothing left to authenticate
        authenticate(stripe_api, pending.id, pending.client_secret, success=True)


def test_the_sql_journal_replays_across_gateways(stripe_api: str, tmp_path: Path) -> None:
    engine: Engine = create_database_engine(f"sqlite:///{tmp_path / 'journal.db'}")
    metadata.create_all(engine)
    first = stripe_gateway(stripe_api, SqlAlchemyPaymentCallJournal(engine))
    intent = first.authorize(Money(1_000, "USD"), "sql-1", "cus_1", "pm_card_visa")
    with pytest.raises(PaymentDeclined) as declined:
        first.authorize(Money(1_000, "USD"), "sql-2", "cus_1", "pm_card_declined")
    restarted = stripe_gateway(stripe_api, SqlAlchemyPaymentCallJournal(engine))  # a new process, same table
    assert restarted.authorize(Money(1_000, "USD"), "sql-1", "cus_1", "pm_card_visa") == intent
    with pytest.raises(PaymentDeclined) as again:
        restarted.authorize(Money(1_000, "USD"), "sql-2", "cus_1", "pm_card_declined")
    assert again.value.reason == declined.value.reason == "card_declined"
    engine.dispose()


def test_an_unreachable_stripe_is_unavailable_not_a_decline() -> None:
    gateway = StripePaymentGateway(
        stripe_client("sk_test_rastup", "http://127.0.0.1:9", retries=0), InMemoryPaymentCallJournal(), FixedClock(NOW)
    )
    with pytest.raises(PaymentGatewayUnavailable):
        gateway.authorize(Money(1_000, "USD"), "down-1", "cus_1", "pm_card_visa")


class DroppingProxy(http.server.BaseHTTPRequestHandler):
    """Forwards to localstripe, but drops the answer to the first POST whose path ends with ``drop_suffix``:
    Stripe did the work, we never hear of it (a timeout after Stripe accepted the call)."""

    upstream = ""
    drop_suffix = ""
    dropped: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self._forward("GET")

    def do_POST(self) -> None:
        self._forward("POST")

    def _forward(self, method: str) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
        answer = httpx.request(method, self.upstream + self.path, content=body, headers=headers, timeout=10)
        if method == "POST" and self.path.endswith(self.drop_suffix) and not self.dropped:
            self.dropped.append(self.path)
            self.close_connection = True
            return  # no status line, no body: the connection just closes
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, format: str, *args: object) -> None:  # the base class names it so
        return


def test_a_lost_capture_answer_is_retried_by_the_sdk_and_captures_once(stripe_api: str) -> None:
    DroppingProxy.upstream, DroppingProxy.drop_suffix, DroppingProxy.dropped = stripe_api, "/capture", []
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DroppingProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        gateway = stripe_gateway(f"http://127.0.0.1:{proxy.server_address[1]}")
        intent = gateway.authorize(Money(7_000, "USD"), "fault-auth", "cus_1", "pm_card_visa")
        captured = gateway.capture(intent.id, "fault-cap")  # answer dropped; the SDK retries with the same key
    finally:
        proxy.shutdown()
    assert DroppingProxy.dropped == [f"/v1/payment_intents/{intent.id}/capture"]
    assert (captured.status, captured.amount_captured) == (PaymentStatus.CAPTURED, Money(7_000, "USD"))
    direct = stripe_gateway(stripe_api).get(intent.id)  # Stripe's own view: captured once, nothing refunded
    assert (direct.amount_captured, direct.amount_refunded) == (Money(7_000, "USD"), Money.zero("USD"))
