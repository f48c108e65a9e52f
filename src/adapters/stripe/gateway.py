"""``StripePaymentGateway``: holds are PaymentIntents confirmed with ``capture_method=manual``.

Every mutating call runs once per idempotency key through our own journal (``PaymentCallJournal``) and sends
the same key to Stripe, whose SDK retries network failures with it: a call that timed out after Stripe
accepted it is neither answered twice nor repeated with a new key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import stripe

from adapters.stripe.intents import (
    KEY_METADATA,
    answer_of,
    intent_from_stripe,
    open_intent_from_stripe,
    outcome_of,
    refund_keys,
)
from adapters.stripe.test_cards import TestCards
from adapters.stripe.vendor_errors import translated
from core.payments.errors import (
    AmountExceedsLimit,
    InvalidPaymentState,
    PaymentDeclined,
    PaymentNotFound,
)
from core.payments.model import OpenIntent, PaymentIntent, PaymentStatus
from core.payments.ports import PaymentCallJournal
from core.shared.clock import Clock
from core.shared.errors import IdempotencyKeyReused, InvalidInput
from core.shared.money import Money

_VOIDABLE = (PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION, PaymentStatus.FAILED)
_CAPTURED = (PaymentStatus.CAPTURED, PaymentStatus.REFUNDED)
_CAPTURABLE = (PaymentStatus.AUTHORIZED,)
_EXPANDED = ["latest_charge.refunds"]  # what ``intent_from_stripe`` reads: the charge and its refunds


class StripePaymentGateway:
    """The ``PaymentGateway`` port on one ``stripe.StripeClient`` (its own key, base URL and retries).

    ``lists_by_created``: the server filters listed intents by ``created`` (Stripe does; localstripe refuses the
    parameter with a 400, so for it every intent is listed and the filter applied here alone)."""

    def __init__(
        self,
        client: stripe.StripeClient,
        journal: PaymentCallJournal,
        clock: Clock,
        test_cards: TestCards | None = None,
        *,
        lists_by_created: bool = True,
    ) -> None:
        self._client = client
        self._journal = journal
        self._clock = clock
        self._test_cards = test_cards
        self._lists_by_created = lists_by_created

    def authorize(self, amount: Money, idempotency_key: str, customer_ref: str, method_ref: str) -> PaymentIntent:
        _positive(amount)

        def run(_resumed: bool) -> PaymentIntent:
            method = method_ref if self._test_cards is None else self._test_cards.resolve(self._client, method_ref)
            params: dict[str, Any] = {
                "amount": amount.amount,
                "currency": amount.currency.lower(),
                "capture_method": "manual",
                "confirm": True,
                "payment_method": method,
                "payment_method_types": ["card"],
                "metadata": {"customer_ref": customer_ref, "method_ref": method_ref, KEY_METADATA: idempotency_key},
                "expand": _EXPANDED,
            }
            raw = self._call(lambda: self._client.v1.payment_intents.create(params, self._options(idempotency_key)))
            return intent_from_stripe(raw)

        arguments = ("authorize", amount.amount, amount.currency, customer_ref, method_ref)
        try:
            return self._once(idempotency_key, arguments, run, method_ref)
        except PaymentDeclined as declined:  # Stripe names our method by its own id: name it as the caller did
            raise PaymentDeclined(method_ref, declined.reason) from None

    def capture(self, intent_id: str, idempotency_key: str, amount: Money | None = None) -> PaymentIntent:
        def done(intent: PaymentIntent) -> bool:
            wanted = intent.amount if amount is None else amount
            return intent.status in _CAPTURED and intent.amount_captured == wanted

        def run(resumed: bool) -> PaymentIntent:
            params: dict[str, Any] = {"expand": _EXPANDED}
            if resumed or amount is not None:  # read first: was it done, and how much may be taken
                intent = self.get(intent_id)
                if resumed and done(intent):
                    return intent
                if intent.status is not PaymentStatus.AUTHORIZED:
                    raise InvalidPaymentState(intent_id, intent.status.value, "capture")
                wanted = intent.amount if amount is None else amount
                _positive(wanted)
                if wanted > intent.amount:
                    raise AmountExceedsLimit(intent_id, "capture", wanted, intent.amount)
                params["amount_to_capture"] = wanted.amount
            # The whole authorization, first time: no read before (one round trip less on every checkout). Stripe
            # refuses an intent that is not ``requires_capture``; a double that captures it all the same (localstripe
            # does, for a cancelled one) is caught by the state its answer shows.
            options = self._options(idempotency_key)
            capture = self._client.v1.payment_intents.capture
            captured = self._send(intent_id, "capture", lambda: capture(intent_id, params, options), done, _CAPTURABLE)
            if captured.status not in _CAPTURED:
                raise InvalidPaymentState(intent_id, captured.status.value, "capture")
            return captured

        arguments = ("capture", intent_id, None if amount is None else (amount.amount, amount.currency))
        return self._once(idempotency_key, arguments, run)

    def refund(self, intent_id: str, amount: Money, idempotency_key: str) -> PaymentIntent:
        def done(_intent: PaymentIntent) -> bool:
            return idempotency_key in refund_keys(self._retrieve(intent_id))

        def run(resumed: bool) -> PaymentIntent:
            intent = self.get(intent_id)
            if resumed and done(intent):
                return intent
            if intent.status is not PaymentStatus.CAPTURED:
                raise InvalidPaymentState(intent_id, intent.status.value, "refund")
            _positive(amount)
            if amount > intent.refundable:
                raise AmountExceedsLimit(intent_id, "refund", amount, intent.refundable)
            params = {"payment_intent": intent_id, "amount": amount.amount, "metadata": {KEY_METADATA: idempotency_key}}
            options = self._options(idempotency_key)
            return self._send(intent_id, "refund", lambda: self._client.v1.refunds.create(params, options), done)

        return self._once(idempotency_key, ("refund", intent_id, amount.amount, amount.currency), run)

    def void(self, intent_id: str, idempotency_key: str) -> PaymentIntent:
        def done(intent: PaymentIntent) -> bool:
            return intent.status is PaymentStatus.VOIDED

        def run(resumed: bool) -> PaymentIntent:
            intent = self.get(intent_id)
            if resumed and done(intent):
                return intent
            if intent.status not in _VOIDABLE:
                raise InvalidPaymentState(intent_id, intent.status.value, "void")
            options = self._options(idempotency_key)
            cancel = self._client.v1.payment_intents.cancel
            return self._send(intent_id, "void", lambda: cancel(intent_id, {"expand": _EXPANDED}, options), done)

        return self._once(idempotency_key, ("void", intent_id), run)

    def get(self, intent_id: str) -> PaymentIntent:
        return intent_from_stripe(self._retrieve(intent_id))

    def open_since(self, since: datetime) -> Sequence[OpenIntent]:
        after = int(since.timestamp())  # Stripe's ``created`` is in whole seconds: ``since``'s own second counts
        params: dict[str, Any] = {"limit": 100}
        if self._lists_by_created:
            params["created"] = {"gte": after}
        try:
            listed = [raw.to_dict() for raw in self._client.v1.payment_intents.list(params).auto_paging_iter()]
        except stripe.StripeError as error:
            raise translated(error) from None
        found = [o for raw in listed if int(raw["created"]) >= after and (o := open_intent_from_stripe(raw))]
        return sorted(found, key=lambda o: o.created_at)  # Stripe lists the newest first

    def _retrieve(self, intent_id: str) -> dict[str, Any]:
        try:
            raw = self._client.v1.payment_intents.retrieve(intent_id, {"expand": _EXPANDED})
        except stripe.InvalidRequestError as error:
            if error.http_status == 404:
                raise PaymentNotFound(intent_id) from None
            raise translated(error) from None
        except stripe.StripeError as error:
            raise translated(error) from None
        return raw.to_dict()

    def _send(
        self,
        intent_id: str,
        operation: str,
        send: Callable[[], stripe.PaymentIntent | stripe.Refund],
        done: Callable[[PaymentIntent], bool],
        applies_to: tuple[PaymentStatus, ...] = (),
    ) -> PaymentIntent:
        """Make the call ``send`` on ``intent_id`` and return the intent after it. When Stripe refuses it, the
        intent is asked whether it happened all the same (its answer was lost, and the SDK's retry was then
        refused: the work was done): if ``done`` says so, that is the answer; else the refusal is the intent's
        state (``InvalidPaymentState``: a request Stripe refused, or any failure while the intent stands where the
        call does not apply, outside ``applies_to`` when given) or the gateway's failure."""
        try:
            answer = self._call(send)
        except stripe.StripeError as error:
            intent = self.get(intent_id)
            if done(intent):
                return intent
            if isinstance(error, stripe.InvalidRequestError) or (applies_to and intent.status not in applies_to):
                raise InvalidPaymentState(intent_id, intent.status.value, operation) from None
            raise
        return intent_from_stripe(answer) if answer.get("object") == "payment_intent" else self.get(intent_id)

    def _once(
        self, key: str, arguments: tuple[object, ...], run: Callable[[bool], PaymentIntent], method_ref: str = ""
    ) -> PaymentIntent:
        """Run ``run`` the first time ``key`` is seen; give its answer again afterwards. A call begun but never
        answered (the process died, or the vendor failed) runs again, with the same key sent to Stripe."""
        if not key:
            raise InvalidInput("idempotency_key", "must not be empty")
        fingerprint = hashlib.sha256(json.dumps(arguments, default=str).encode()).hexdigest()
        recorded = self._journal.begin(key, fingerprint, self._clock.now())
        if recorded is not None and recorded.fingerprint != fingerprint:
            raise IdempotencyKeyReused("payments", key)
        if recorded is not None and recorded.outcome is not None:
            answer = answer_of(recorded.outcome)
            if isinstance(answer, PaymentDeclined):
                raise answer
            # An intent that waited for the customer has moved on without us: say where it stands now.
            return self.get(answer.id) if answer.status is PaymentStatus.REQUIRES_ACTION else answer
        try:
            intent = run(recorded is not None)
        except PaymentDeclined as declined:
            self._journal.settle(key, outcome_of(declined))
            raise
        except stripe.StripeError as error:
            raise translated(error, method_ref) from None
        self._journal.settle(key, outcome_of(intent))
        return intent

    @staticmethod
    def _call(send: Callable[[], stripe.PaymentIntent | stripe.Refund]) -> dict[str, Any]:
        try:
            result = send()
        except stripe.CardError as error:
            raise translated(error) from None
        return result.to_dict()

    @staticmethod
    def _options(idempotency_key: str) -> stripe.RequestOptions:
        return {"idempotency_key": idempotency_key}


def _positive(amount: Money) -> None:
    if amount.amount <= 0:
        raise InvalidInput("amount", "must be positive")
