"""Payment errors: what a gateway may raise through the port, whatever its vendor.

A reused idempotency key raises the shared ``core.shared.errors.IdempotencyKeyReused`` (scope
``"payments"``), so every context maps it to the same 409.
"""

from __future__ import annotations

from core.shared.errors import DomainError
from core.shared.money import Money


class PaymentError(DomainError):
    """Root of the errors a ``PaymentGateway`` raises."""

    code = "payment-error"


class PaymentDeclined(PaymentError):
    """The issuer or the gateway refused the authorization. ``reason`` is a stable decline code."""

    code = "payment-declined"

    def __init__(self, method_ref: str, reason: str) -> None:
        super().__init__(f"payment with {method_ref!r} was declined: {reason}", method_ref=method_ref, reason=reason)
        self.method_ref = method_ref
        self.reason = reason


class UnknownPaymentMethod(PaymentError):
    """The method reference names no payment method the gateway knows."""

    code = "unknown-payment-method"

    def __init__(self, method_ref: str) -> None:
        super().__init__(f"unknown payment method {method_ref!r}", method_ref=method_ref)
        self.method_ref = method_ref


class PaymentNotFound(PaymentError):
    """No payment intent has this id."""

    code = "payment-not-found"

    def __init__(self, intent_id: str) -> None:
        super().__init__(f"payment intent {intent_id!r} was not found", intent_id=intent_id)
        self.intent_id = intent_id


class InvalidPaymentState(PaymentError):
    """The operation does not apply to an intent in this status (e.g. capturing a voided intent)."""

    code = "invalid-payment-state"

    def __init__(self, intent_id: str, status: str, operation: str) -> None:
        super().__init__(
            f"cannot {operation} payment intent {intent_id!r} in status {status}",
            intent_id=intent_id,
            status=status,
            operation=operation,
        )
        self.intent_id = intent_id
        self.status = status
        self.operation = operation


class AmountExceedsLimit(PaymentError):
    """A capture beyond the authorization, or a refund beyond what is still refundable."""

    code = "amount-exceeds-limit"

    def __init__(self, intent_id: str, operation: str, requested: Money, available: Money) -> None:
        super().__init__(
            f"cannot {operation} {requested.format()} on {intent_id!r}: only {available.format()} available",
            intent_id=intent_id,
            operation=operation,
            requested=requested,
            available=available,
        )
        self.intent_id = intent_id
        self.operation = operation
        self.requested = requested
        self.available = available


class PaymentGatewayUnavailable(PaymentError):
    """The gateway could not be reached or failed; the operation may be retried with the same key."""

    code = "payment-gateway-unavailable"
