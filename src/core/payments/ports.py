"""The payment gateway port: authorize, capture, refund and void, each idempotent by key; and the open intents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from core.payments.model import GatewayCall, OpenIntent, PaymentIntent
from core.shared.money import Money


class PaymentGateway(Protocol):
    """A card processor seen from the core (Stripe in production, in-process in test mode).

    Idempotency, for every mutating method: a call with an ``idempotency_key`` seen before and the same
    arguments returns the first call's result (or raises its error again) and has no second effect; the
    same key with different arguments, or for a different operation, raises
    ``core.shared.errors.IdempotencyKeyReused``. Vendor exceptions never cross this port: adapters
    raise the errors of ``core.payments.errors`` (``PaymentGatewayUnavailable`` when the vendor failed).
    """

    def authorize(self, amount: Money, idempotency_key: str, customer_ref: str, method_ref: str) -> PaymentIntent:
        """Reserve ``amount`` on the method; return an ``AUTHORIZED`` intent with nothing captured, or one that
        ``REQUIRES_ACTION`` (the customer must authenticate, with its ``client_secret``; ``get`` tells when
        that is done). A replay of a key whose intent required action answers the intent as it is now.

        Raises ``InvalidInput`` if ``amount`` is not positive, ``UnknownPaymentMethod`` for a method the
        gateway does not know, ``PaymentDeclined`` when the issuer refuses (replayed on a retry).
        """
        ...

    def capture(self, intent_id: str, idempotency_key: str, amount: Money | None = None) -> PaymentIntent:
        """Capture ``amount`` (default: all of it) of an authorized intent; return it ``CAPTURED``.

        Raises ``PaymentNotFound``, ``InvalidPaymentState`` unless the intent is ``AUTHORIZED``,
        ``AmountExceedsLimit`` above the authorization, ``CurrencyMismatch`` for another currency.
        """
        ...

    def refund(self, intent_id: str, amount: Money, idempotency_key: str) -> PaymentIntent:
        """Return ``amount`` of the captured money; partial refunds add up. Return the updated intent.

        The intent becomes ``REFUNDED`` once everything captured is refunded. Raises ``PaymentNotFound``,
        ``InvalidPaymentState`` unless ``CAPTURED``, ``InvalidInput`` if ``amount`` is not positive,
        ``AmountExceedsLimit`` beyond captured minus already refunded, ``CurrencyMismatch``.
        """
        ...

    def void(self, intent_id: str, idempotency_key: str) -> PaymentIntent:
        """Release an authorization that was never captured (or close an intent still waiting for, or failed
        by, the customer's authentication); return it ``VOIDED``.

        Raises ``PaymentNotFound``, ``InvalidPaymentState`` unless the intent is ``AUTHORIZED``,
        ``REQUIRES_ACTION`` or ``FAILED``.
        """
        ...

    def get(self, intent_id: str) -> PaymentIntent:
        """Return the intent as it is now. Raises ``PaymentNotFound``. Read-only, takes no key."""
        ...

    def open_since(self, since: datetime) -> Sequence[OpenIntent]:
        """Every intent created at or after ``since`` that is still ``AUTHORIZED`` or ``REQUIRES_ACTION``, oldest
        first (to the second), each with the key of the ``authorize`` call that created it (an intent created by
        other means is left out). Whole seconds count: one created in ``since``'s own second may be listed. Every
        page is read.

        Raises ``PaymentGatewayUnavailable``. Read-only, takes no key.
        """
        ...


class PaymentCallJournal(Protocol):
    """Our own record of every idempotent gateway call, so that a retry never repeats a call the vendor already
    answered (a vendor's Idempotency-Key alone is not enough: it lapses, and test peers ignore it)."""

    def begin(self, key: str, fingerprint: str, now: datetime) -> GatewayCall | None:
        """Record that the call ``key`` is about to be made; return ``None`` if it is the first, else the call
        recorded first (with its fingerprint, and its outcome if it settled). Atomic: of two concurrent
        first calls, one gets ``None``."""
        ...

    def settle(self, key: str, outcome: Mapping[str, Any]) -> None:
        """Store the outcome of the call ``key`` (begun before), replacing any earlier one."""
        ...
