"""Payment errors: what a gateway may raise through the port, whatever its vendor.

A reused idempotency key raises the shared ``core.shared.errors.IdempotencyKeyReused`` (scope
``"payments"``), so every context maps it to the same 409.
"""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError
from core.shared.money import Money


class PaymentError(DomainError):
    """Root of the errors a ``PaymentGateway`` raises."""

    code = "payment-error"


@attrs.define
class PaymentDeclined(PaymentError):
    """The issuer or the gateway refused the authorization. ``reason`` is a stable decline code."""

    code = "payment-declined"
    message = "payment with {method_ref!r} was declined: {reason}"
    method_ref: str
    reason: str


@attrs.define
class UnknownPaymentMethod(PaymentError):
    """The method reference names no payment method the gateway knows."""

    code = "unknown-payment-method"
    message = "unknown payment method {method_ref!r}"
    method_ref: str


@attrs.define
class PaymentNotFound(PaymentError):
    """No payment intent has this id."""

    code = "payment-not-found"
    message = "payment intent {intent_id!r} was not found"
    intent_id: str


@attrs.define
class InvalidPaymentState(PaymentError):
    """The operation does not apply to an intent in this status (e.g. capturing a voided intent)."""

    code = "invalid-payment-state"
    message = "cannot {operation} payment intent {intent_id!r} in status {status}"
    intent_id: str
    status: str
    operation: str


@attrs.define
class AmountExceedsLimit(PaymentError):
    """A capture beyond the authorization, or a refund beyond what is still refundable."""

    code = "amount-exceeds-limit"
    intent_id: str
    operation: str
    requested: Money
    available: Money

    def describe(self) -> str:
        return (
            f"cannot {self.operation} {self.requested.format()} on {self.intent_id!r}: "
            f"only {self.available.format()} available"
        )


class PaymentGatewayUnavailable(PaymentError):
    """The gateway could not be reached or failed; the operation may be retried with the same key."""

    code = "payment-gateway-unavailable"
