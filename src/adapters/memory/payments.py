"""The test-mode payment gateway: in-process, deterministic, faithful to the ``PaymentGateway`` contract."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import attrs

from core.payments.errors import (
    AmountExceedsLimit,
    InvalidPaymentState,
    PaymentDeclined,
    PaymentError,
    PaymentNotFound,
    UnknownPaymentMethod,
)
from core.payments.model import OpenIntent, PaymentIntent, PaymentStatus
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import IdempotencyKeyReused, InvalidInput
from core.shared.money import Money

# Test payment methods, named as in Stripe's test mode. ``None`` succeeds; a string is the decline code.
TEST_METHODS: dict[str, str | None] = {
    "pm_card_visa": None,
    "pm_card_mastercard": None,
    "pm_card_amex": None,
    "pm_card_declined": "card_declined",
    "pm_card_insufficient_funds": "insufficient_funds",
    "pm_card_expired": "expired_card",
}
# Methods whose issuer asks the customer to authenticate (3-D Secure) first; see ``authenticate``.
AUTHENTICATED_METHODS = frozenset({"pm_card_authenticationRequired"})

_Outcome = PaymentIntent | PaymentError
_OPEN = (PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION)


class InMemoryPaymentGateway:
    """Keeps intents and idempotent outcomes in memory; thread-safe; ids come from ``ids``, creation times from
    ``clock`` (the wall clock without one)."""

    def __init__(self, ids: IdGenerator, clock: Clock | None = None) -> None:
        self._ids = ids
        self._clock = clock
        self._intents: dict[str, PaymentIntent] = {}
        self._created: dict[str, tuple[str, datetime]] = {}  # intent id -> the key that created it, and when
        self._outcomes: dict[str, tuple[tuple[object, ...], _Outcome]] = {}
        self._lock = threading.Lock()

    def authorize(self, amount: Money, idempotency_key: str, customer_ref: str, method_ref: str) -> PaymentIntent:
        def run() -> PaymentIntent:
            if amount.amount <= 0:
                raise InvalidInput("amount", "must be positive")
            if method_ref in AUTHENTICATED_METHODS:
                status = PaymentStatus.REQUIRES_ACTION
            elif method_ref not in TEST_METHODS:
                raise UnknownPaymentMethod(method_ref)
            elif (decline := TEST_METHODS[method_ref]) is not None:
                raise PaymentDeclined(method_ref, decline)
            else:
                status = PaymentStatus.AUTHORIZED
            intent = self._store(self._new_intent(status, amount, customer_ref, method_ref))
            self._created[intent.id] = (idempotency_key, self._now())
            return intent

        return self._once(idempotency_key, ("authorize", amount, customer_ref, method_ref), run)

    def capture(self, intent_id: str, idempotency_key: str, amount: Money | None = None) -> PaymentIntent:
        def run() -> PaymentIntent:
            intent = self._require(intent_id, PaymentStatus.AUTHORIZED, "capture")
            wanted = intent.amount if amount is None else amount
            if wanted.amount <= 0:
                raise InvalidInput("amount", "must be positive")
            if wanted > intent.amount:
                raise AmountExceedsLimit(intent_id, "capture", wanted, intent.amount)
            return self._store(attrs.evolve(intent, status=PaymentStatus.CAPTURED, amount_captured=wanted))

        return self._once(idempotency_key, ("capture", intent_id, amount), run)

    def refund(self, intent_id: str, amount: Money, idempotency_key: str) -> PaymentIntent:
        def run() -> PaymentIntent:
            intent = self._require(intent_id, PaymentStatus.CAPTURED, "refund")
            if amount.amount <= 0:
                raise InvalidInput("amount", "must be positive")
            if amount > intent.refundable:
                raise AmountExceedsLimit(intent_id, "refund", amount, intent.refundable)
            refunded = intent.amount_refunded + amount
            status = PaymentStatus.REFUNDED if refunded == intent.amount_captured else PaymentStatus.CAPTURED
            return self._store(attrs.evolve(intent, status=status, amount_refunded=refunded))

        return self._once(idempotency_key, ("refund", intent_id, amount), run)

    def void(self, intent_id: str, idempotency_key: str) -> PaymentIntent:
        def run() -> PaymentIntent:
            intent = self._intents.get(intent_id)
            if intent is None or intent.status not in (PaymentStatus.REQUIRES_ACTION, PaymentStatus.FAILED):
                intent = self._require(intent_id, PaymentStatus.AUTHORIZED, "void")
            return self._store(attrs.evolve(intent, status=PaymentStatus.VOIDED, client_secret=None))

        return self._once(idempotency_key, ("void", intent_id), run)

    def authenticate(self, intent_id: str, *, success: bool = True) -> PaymentIntent:
        """What the customer's 3-D Secure page does in test mode: authorize the intent, or fail it."""
        with self._lock:
            intent = self._require(intent_id, PaymentStatus.REQUIRES_ACTION, "authenticate")
            status = PaymentStatus.AUTHORIZED if success else PaymentStatus.FAILED
            return self._store(attrs.evolve(intent, status=status, client_secret=None))

    def get(self, intent_id: str) -> PaymentIntent:
        with self._lock:
            if intent_id not in self._intents:
                raise PaymentNotFound(intent_id)
            return self._intents[intent_id]

    def open_since(self, since: datetime) -> Sequence[OpenIntent]:
        with self._lock:
            return [
                OpenIntent(intent, key, created_at)
                for intent_id, (key, created_at) in self._created.items()
                if created_at >= since and (intent := self._intents[intent_id]).status in _OPEN
            ]  # in creation order: a dict keeps it

    def _now(self) -> datetime:
        return datetime.now(UTC) if self._clock is None else self._clock.now()

    def _once(self, key: str, arguments: tuple[object, ...], run: Callable[[], PaymentIntent]) -> PaymentIntent:
        """Run ``run`` the first time ``key`` is seen; replay its result or error afterwards."""
        if not key:
            raise InvalidInput("idempotency_key", "must not be empty")
        with self._lock:
            if key in self._outcomes:
                first_arguments, outcome = self._outcomes[key]
                if first_arguments != arguments:
                    raise IdempotencyKeyReused("payments", key)
            else:
                outcome = self._attempt(run)
                # Only final answers are remembered: bad input is the caller's to fix and retry.
                if isinstance(outcome, PaymentIntent | PaymentDeclined):
                    self._outcomes[key] = (arguments, outcome)
        if isinstance(outcome, PaymentError):
            raise outcome
        if outcome.status is PaymentStatus.REQUIRES_ACTION:  # the customer may have authenticated since
            return self.get(outcome.id)
        return outcome

    @staticmethod
    def _attempt(run: Callable[[], PaymentIntent]) -> _Outcome:
        try:
            return run()
        except PaymentDeclined as declined:
            return declined

    def _new_intent(self, status: PaymentStatus, amount: Money, customer_ref: str, method_ref: str) -> PaymentIntent:
        intent_id, zero = self._ids.new_id("pi"), Money.zero(amount.currency)
        secret = f"{intent_id}_secret" if status is PaymentStatus.REQUIRES_ACTION else None
        return PaymentIntent(intent_id, status, amount, zero, zero, customer_ref, method_ref, secret)

    def _require(self, intent_id: str, status: PaymentStatus, operation: str) -> PaymentIntent:
        if intent_id not in self._intents:
            raise PaymentNotFound(intent_id)
        intent = self._intents[intent_id]
        if intent.status is not status:
            raise InvalidPaymentState(intent_id, intent.status.value, operation)
        return intent

    def _store(self, intent: PaymentIntent) -> PaymentIntent:
        self._intents[intent.id] = intent
        return intent
