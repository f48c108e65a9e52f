"""Stripe's exceptions become the port's errors: declines name their reason, failures are "unavailable"."""

from __future__ import annotations

import pytest
import stripe

from adapters.stripe.vendor_errors import translated
from core.payments.errors import PaymentDeclined, PaymentGatewayUnavailable, UnknownPaymentMethod


def card_error(code: str, decline_code: str | None = None) -> stripe.CardError:
    body = {"error": {"type": "card_error", "code": code, "decline_code": decline_code}}
    return stripe.CardError("Your card was declined.", None, code, http_status=402, json_body=body)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (card_error("card_declined"), "card_declined"),
        (card_error("card_declined", "insufficient_funds"), "insufficient_funds"),
        (card_error("expired_card"), "expired_card"),
    ],
)
def test_a_card_error_is_a_decline_naming_its_reason(error: stripe.CardError, reason: str) -> None:
    declined = translated(error, "pm_1")
    assert isinstance(declined, PaymentDeclined)
    assert (declined.method_ref, declined.reason) == ("pm_1", reason)


def test_a_missing_method_is_unknown_while_authorizing() -> None:
    missing = stripe.InvalidRequestError("No such PaymentMethod", "payment_method", "resource_missing", http_status=404)
    assert isinstance(translated(missing, "pm_gone"), UnknownPaymentMethod)


@pytest.mark.parametrize(
    "error",
    [
        stripe.APIConnectionError("connection reset"),
        stripe.APIError("internal", http_status=500),
        stripe.RateLimitError("slow down", http_status=429),
        stripe.AuthenticationError("bad key", http_status=401),
    ],
)
def test_network_failures_and_server_errors_are_unavailable(error: stripe.StripeError) -> None:
    assert isinstance(translated(error, "pm_1"), PaymentGatewayUnavailable)
