"""What a payment gateway hands back: a payment intent and its status, as plain values."""

from __future__ import annotations

from enum import StrEnum

import attrs

from core.shared.money import Money


class PaymentStatus(StrEnum):
    """Where an intent stands. Partial refunds keep ``CAPTURED``; a full refund makes ``REFUNDED``."""

    AUTHORIZED = "authorized"
    CAPTURED = "captured"
    REFUNDED = "refunded"
    VOIDED = "voided"


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

    @property
    def refundable(self) -> Money:
        """What can still be refunded: captured minus refunded."""
        return self.amount_captured - self.amount_refunded
