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
    method_ref: str
    reason: str

    def describe(self) -> str:
        return f"payment with {self.method_ref!r} was declined: {self.reason}"


@attrs.define
class UnknownPaymentMethod(PaymentError):
    """The method reference names no payment method the gateway knows."""

    code = "unknown-payment-method"
    method_ref: str

    def describe(self) -> str:
        return f"unknown payment method {self.method_ref!r}"


@attrs.define
class PaymentNotFound(PaymentError):
    """No payment intent has this id."""

    code = "payment-not-found"
    intent_id: str

    def describe(self) -> str:
        return f"payment intent {self.intent_id!r} was not found"


@attrs.define
class InvalidPaymentState(PaymentError):
    """The operation does not apply to an intent in this status (e.g. capturing a voided intent)."""

    code = "invalid-payment-state"
    intent_id: str
    status: str
    operation: str

    def describe(self) -> str:
        return f"cannot {self.operation} payment intent {self.intent_id!r} in status {self.status}"


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
