"""Webhook signatures: Stripe's own check (``stripe.Webhook.construct_event``), and the test-mode twin that checks
the same HMAC scheme (``t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload">``) against the service's clock."""

from __future__ import annotations

import hashlib
import hmac
import json

from adapters.stripe.webhook_events import gateway_event
from core.payments.webhooks import GatewayEvent, WebhookSignatureInvalid
from core.shared.clock import Clock

TOLERANCE_S = 300  # a signature older (or newer) than this is refused: a replayed delivery


def _read(payload: bytes) -> GatewayEvent:
    try:
        return gateway_event(json.loads(payload))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise WebhookSignatureInvalid("the signed payload is not a gateway event") from None


class StripeWebhookVerifier:
    """``PAYMENTS_BACKEND=stripe``: Stripe's SDK checks the signature with ``STRIPE_WEBHOOK_SECRET``."""

    def __init__(self, secret: str, tolerance_s: int = TOLERANCE_S) -> None:
        self._secret, self._tolerance_s = secret, tolerance_s

    def verify(self, payload: bytes, signature_header: str) -> GatewayEvent:
        import stripe  # here: the package takes ~0.5 s to import, which a test-mode service never needs to pay

        try:
            stripe.Webhook.construct_event(payload, signature_header, self._secret, tolerance=self._tolerance_s)
        except (stripe.SignatureVerificationError, ValueError):
            raise WebhookSignatureInvalid("the signature does not match, or is too old") from None
        return _read(payload)


class TestModeWebhookVerifier:
    """``PAYMENTS_BACKEND=test``: the same scheme with the service's clock, for events signed by tests and tools."""

    __test__ = False  # not a pytest class, whatever its name says

    def __init__(self, secret: str, clock: Clock, tolerance_s: int = TOLERANCE_S) -> None:
        self._secret, self._clock, self._tolerance_s = secret.encode(), clock, tolerance_s

    def verify(self, payload: bytes, signature_header: str) -> GatewayEvent:
        parts = [item.split("=", 1) for item in signature_header.split(",") if "=" in item]
        stamps = [value for name, value in parts if name == "t"]
        signatures = [value for name, value in parts if name == "v1"]
        if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
            raise WebhookSignatureInvalid("no timestamp or no v1 signature")
        expected = hmac.new(self._secret, stamps[0].encode() + b"." + payload, hashlib.sha256).hexdigest()
        if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
            raise WebhookSignatureInvalid("the signature does not match")
        if abs(self._clock.now().timestamp() - int(stamps[0])) > self._tolerance_s:
            raise WebhookSignatureInvalid("the signature is too old")
        return _read(payload)
