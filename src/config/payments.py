"""Wiring of the payment gateway PAYMENTS_BACKEND names: Stripe on its own client, with the SQL call journal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from adapters.sqlalchemy.payment_calls import SqlAlchemyPaymentCallJournal
from config.settings import Settings
from core.shared.clock import Clock

if TYPE_CHECKING:
    from adapters.stripe.gateway import StripePaymentGateway


def stripe_gateway(settings: Settings, engine: Engine, clock: Clock) -> StripePaymentGateway:
    """The Stripe gateway. Pointed at another server with a test key (localstripe), it also understands the
    test cards' names (``pm_card_declined``, ``pm_card_authenticationRequired``) that such a server lacks."""
    # Imported here: the stripe package takes ~0.5 s to import, which a test-mode service never needs to pay.
    from adapters.stripe.client import stripe_client
    from adapters.stripe.gateway import StripePaymentGateway
    from adapters.stripe.test_cards import TestCards

    api_base = settings.stripe_api_base or None
    test_peer = api_base is not None and settings.stripe_api_key.startswith("sk_test_")
    client = stripe_client(settings.stripe_api_key, api_base)
    return StripePaymentGateway(client, SqlAlchemyPaymentCallJournal(engine), clock, TestCards() if test_peer else None)
