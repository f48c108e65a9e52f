"""Stripe's exceptions as the port's errors: vendor types never leave this package."""

from __future__ import annotations

import stripe

from core.payments.errors import PaymentDeclined, PaymentError, PaymentGatewayUnavailable, UnknownPaymentMethod

# The decline reasons we name as such; any other card error is reported with Stripe's own code.
DECLINE_REASONS = frozenset({"card_declined", "insufficient_funds", "expired_card", "incorrect_cvc", "lost_card"})


def translated(error: stripe.StripeError, method_ref: str = "") -> PaymentError:
    """The port error for ``error`` raised while working with ``method_ref`` (when authorizing)."""
    if isinstance(error, stripe.CardError):
        return PaymentDeclined(method_ref, decline_reason(error))
    if isinstance(error, stripe.InvalidRequestError) and method_ref and _names_missing_method(error):
        return UnknownPaymentMethod(method_ref)
    # Connection failures, 5xx, rate limits, bad keys: nothing we can tell the customer; the same key may retry.
    return PaymentGatewayUnavailable(f"stripe: {type(error).__name__} (HTTP {error.http_status})")


def decline_reason(error: stripe.CardError) -> str:
    """Stripe's ``decline_code`` refines a generic ``card_declined`` (``insufficient_funds``); ``code`` alone
    names the others (``expired_card``)."""
    body = error.json_body if isinstance(error.json_body, dict) else {}
    detail = body.get("error") or {}
    decline_code = detail.get("decline_code") if isinstance(detail, dict) else None
    if error.code == "card_declined" and isinstance(decline_code, str) and decline_code:
        return decline_code
    return error.code or "card_declined"


def _names_missing_method(error: stripe.InvalidRequestError) -> bool:
    return error.http_status == 404 or error.param == "payment_method" or error.code == "resource_missing"
