"""What a payment gateway hands back: a payment intent and its status, as plain values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import attrs

from core.shared.money import Money

# The longest an authorization may wait for its capture: card networks drop it after 7 days.
MAX_AUTHORIZATION_AGE = timedelta(days=6)


class PaymentStatus(StrEnum):
    """Where an intent stands. Partial refunds keep ``CAPTURED``; a full refund makes ``REFUNDED``."""

    REQUIRES_ACTION = "requires_action"  # the customer must authenticate (3-D Secure) before anything is held
    AUTHORIZED = "authorized"
    CAPTURED = "captured"
    REFUNDED = "refunded"
    VOIDED = "voided"
    FAILED = "failed"  # authentication failed or the issuer refused after it: nothing is held


@attrs.frozen
class PaymentIntent:
    """One authorization and what has happened to it since: captured and refunded running totals."""

    id: str
    status: PaymentStatus
    amount: Money
    amount_captured: Money
    amount_refunded: Money
    customer_ref: str
    method_ref: str
    client_secret: str | None = None  # what the customer's browser needs to authenticate a REQUIRES_ACTION intent

    @property
    def refundable(self) -> Money:
        """What can still be refunded: captured minus refunded."""
        return self.amount_captured - self.amount_refunded


@attrs.frozen
class OpenIntent:
    """An intent that still holds money or waits for the customer, as the gateway lists it: with the idempotency
    key of the ``authorize`` call that created it (how an intent whose answer never reached us is traced back to
    its booking) and when it was created."""

    intent: PaymentIntent
    key: str
    created_at: datetime


@attrs.frozen
class GatewayCall:
    """A gateway call as our journal saw it: its key, a fingerprint of its arguments, and its outcome
    (``None`` while the call is under way or was interrupted before its answer came back)."""

    key: str
    fingerprint: str
    outcome: Mapping[str, Any] | None
