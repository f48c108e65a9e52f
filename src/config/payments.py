"""Payments wiring: the gateway PAYMENTS_BACKEND names (Stripe on its own client, with the SQL call journal), the
payout sender (Connect transfers, else the manual payout file) and the webhook verifier with its secret."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from adapters.crypto.fernet_cipher import key_file_secret
from adapters.filesystem.payout_files import ManualPayouts
from adapters.sqlalchemy.payment_calls import SqlAlchemyPaymentCallJournal
from adapters.stripe.webhook_signature import StripeWebhookVerifier, TestModeWebhookVerifier
from config.settings import Settings
from core.shared.clock import Clock

if TYPE_CHECKING:
    from adapters.stripe.gateway import StripePaymentGateway
    from adapters.stripe.payouts import StripeConnectPayouts


def stripe_gateway(settings: Settings, engine: Engine, clock: Clock) -> StripePaymentGateway:
    """The Stripe gateway. Pointed at another server with a test key (localstripe), it also understands the
    test cards' names (``pm_card_declined``, ``pm_card_authenticationRequired``) that such a server lacks, and
    filters listed intents by creation itself (such a server refuses the ``created`` filter)."""
    # Imported here: the stripe package takes ~0.5 s to import, which a test-mode service never needs to pay.
    from adapters.stripe.client import stripe_client
    from adapters.stripe.gateway import StripePaymentGateway
    from adapters.stripe.test_cards import TestCards

    api_base = settings.stripe_api_base or None
    test_peer = api_base is not None and settings.stripe_api_key.startswith("sk_test_")
    client = stripe_client(settings.stripe_api_key, api_base, timeout_s=settings.stripe_timeout_s)
    journal = SqlAlchemyPaymentCallJournal(engine)
    return StripePaymentGateway(
        client, journal, clock, TestCards() if test_peer else None, lists_by_created=not test_peer
    )


def stripe_payouts(settings: Settings) -> StripeConnectPayouts:
    """Connect transfers to providers' connected accounts, the manual payout file for the others."""
    from adapters.stripe.client import stripe_client
    from adapters.stripe.payouts import StripeConnectPayouts

    client = stripe_client(
        settings.stripe_api_key, settings.stripe_api_base or None, timeout_s=settings.stripe_timeout_s
    )
    return StripeConnectPayouts(client, ManualPayouts())


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
