"""Payments wiring: the webhook verifier PAYMENTS_BACKEND calls for, and its secret."""

from __future__ import annotations

from pathlib import Path

from adapters.crypto.fernet_cipher import key_file_secret
from adapters.stripe.webhook_signature import StripeWebhookVerifier, TestModeWebhookVerifier
from config.settings import Settings
from core.shared.clock import Clock


def test_mode_verifier(settings: Settings, clock: Clock) -> TestModeWebhookVerifier:
    """STRIPE_WEBHOOK_SECRET, else ./var's generated one: tools sign test events with it (Stripe's scheme)."""
    secret = settings.stripe_webhook_secret or key_file_secret(
        Path(settings.identity_key_dir) / "stripe-webhook.secret", what="STRIPE_WEBHOOK_SECRET"
    )
    return TestModeWebhookVerifier(secret, clock)


def stripe_verifier(settings: Settings) -> StripeWebhookVerifier:
    if not settings.stripe_webhook_secret:
        raise ValueError("STRIPE_WEBHOOK_SECRET is required with PAYMENTS_BACKEND=stripe")
    return StripeWebhookVerifier(settings.stripe_webhook_secret)
