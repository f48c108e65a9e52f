"""The ``PaymentGateway`` contract: every adapter (test mode, Stripe) must pass these tests.

Subclass ``PaymentGatewayContract`` with a ``gateway`` fixture that returns a fresh adapter. Keys are made
unique per test with ``self.key()`` so the contract also holds against a gateway shared across runs.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from core.payments.errors import (
    AmountExceedsLimit,
    InvalidPaymentState,
    PaymentDeclined,
    PaymentNotFound,
    UnknownPaymentMethod,
)
from core.payments.model import PaymentIntent, PaymentStatus
from core.payments.ports import PaymentGateway
from core.shared.errors import IdempotencyKeyReused, InvalidInput
from core.shared.money import CurrencyMismatch, Money

USD_120 = Money(12_000, "USD")
_keys = itertools.count()


class PaymentGatewayContract:
    """Behaviour shared by every payment gateway adapter."""

    @pytest.fixture
    def gateway(self) -> PaymentGateway:
        raise NotImplementedError("adapter test classes provide a fresh gateway")

    @staticmethod
    def key(label: str = "k") -> str:
        return f"contract-{label}-{next(_keys)}"

    def authorized(self, gateway: PaymentGateway, amount: Money = USD_120) -> PaymentIntent:
        return gateway.authorize(amount, self.key("auth"), "cus_contract", "pm_card_visa")

    def captured(self, gateway: PaymentGateway, amount: Money = USD_120) -> PaymentIntent:
        return gateway.capture(self.authorized(gateway, amount).id, self.key("cap"))

    def test_authorize_reserves_without_capturing(self, gateway: PaymentGateway) -> None:
        intent = self.authorized(gateway)
        assert intent.status is PaymentStatus.AUTHORIZED
        assert intent.amount == USD_120
        assert intent.amount_captured == Money.zero("USD")
        assert gateway.get(intent.id) == intent

    def test_declined_card_raises_payment_declined(self, gateway: PaymentGateway) -> None:
        with pytest.raises(PaymentDeclined) as raised:
            gateway.authorize(USD_120, self.key(), "cus_contract", "pm_card_declined")
        assert raised.value.method_ref == "pm_card_declined"
        assert raised.value.reason

    def test_decline_is_replayed_for_the_same_key(self, gateway: PaymentGateway) -> None:
        key = self.key()
        for _ in range(2):
            with pytest.raises(PaymentDeclined):
                gateway.authorize(USD_120, key, "cus_contract", "pm_card_declined")

    def test_unknown_method_is_refused(self, gateway: PaymentGateway) -> None:
        with pytest.raises(UnknownPaymentMethod):
            gateway.authorize(USD_120, self.key(), "cus_contract", "pm_no_such_method")

    def test_non_positive_amount_is_refused(self, gateway: PaymentGateway) -> None:
        with pytest.raises(InvalidInput):
            gateway.authorize(Money.zero("USD"), self.key(), "cus_contract", "pm_card_visa")

    def test_same_key_same_arguments_returns_the_first_result(self, gateway: PaymentGateway) -> None:
        key = self.key()
        first = gateway.authorize(USD_120, key, "cus_contract", "pm_card_visa")
        gateway.capture(first.id, self.key())
        again = gateway.authorize(USD_120, key, "cus_contract", "pm_card_visa")
        assert again == first

    def test_same_key_different_arguments_raises(self, gateway: PaymentGateway) -> None:
        key = self.key()
        gateway.authorize(USD_120, key, "cus_contract", "pm_card_visa")
        with pytest.raises(IdempotencyKeyReused):
            gateway.authorize(Money(12_001, "USD"), key, "cus_contract", "pm_card_visa")

    def test_same_key_for_another_operation_raises(self, gateway: PaymentGateway) -> None:
        intent = self.authorized(gateway)
        key = self.key()
        gateway.capture(intent.id, key)
        with pytest.raises(IdempotencyKeyReused):
            gateway.void(intent.id, key)

    def test_capture_takes_the_whole_authorization_by_default(self, gateway: PaymentGateway) -> None:
        intent = self.captured(gateway)
        assert intent.status is PaymentStatus.CAPTURED
        assert intent.amount_captured == USD_120

    def test_capture_retried_with_its_key_captures_once(self, gateway: PaymentGateway) -> None:
        intent = self.authorized(gateway)
        key = self.key()
        first = gateway.capture(intent.id, key)
        assert gateway.capture(intent.id, key) == first
        assert gateway.get(intent.id).amount_captured == USD_120

    def test_partial_capture_and_no_capture_beyond_authorization(self, gateway: PaymentGateway) -> None:
        intent = self.authorized(gateway)
        with pytest.raises(AmountExceedsLimit):
            gateway.capture(intent.id, self.key(), Money(12_001, "USD"))
        assert gateway.capture(intent.id, self.key(), Money(5_000, "USD")).amount_captured == Money(5_000, "USD")

    def test_capture_in_another_currency_raises(self, gateway: PaymentGateway) -> None:
        intent = self.authorized(gateway)
        with pytest.raises(CurrencyMismatch):
            gateway.capture(intent.id, self.key(), Money(100, "EUR"))

    def test_partial_refunds_add_up_to_the_capture_and_no_further(self, gateway: PaymentGateway) -> None:
        intent = self.captured(gateway)
        after_first = gateway.refund(intent.id, Money(2_000, "USD"), self.key())
        assert after_first.status is PaymentStatus.CAPTURED
        assert after_first.amount_refunded == Money(2_000, "USD")
        with pytest.raises(AmountExceedsLimit):
            gateway.refund(intent.id, Money(10_001, "USD"), self.key())
        final = gateway.refund(intent.id, Money(10_000, "USD"), self.key())
        assert final.status is PaymentStatus.REFUNDED
        assert final.amount_refunded == final.amount_captured == USD_120
        with pytest.raises(InvalidPaymentState):
            gateway.refund(intent.id, Money(1, "USD"), self.key())

    def test_refund_retried_with_its_key_refunds_once(self, gateway: PaymentGateway) -> None:
        intent = self.captured(gateway)
        key = self.key()
        gateway.refund(intent.id, Money(3_000, "USD"), key)
        gateway.refund(intent.id, Money(3_000, "USD"), key)
        assert gateway.get(intent.id).amount_refunded == Money(3_000, "USD")

    def test_refund_needs_a_capture(self, gateway: PaymentGateway) -> None:
        intent = self.authorized(gateway)
        with pytest.raises(InvalidPaymentState):
            gateway.refund(intent.id, Money(100, "USD"), self.key())

    def test_non_positive_refund_is_refused(self, gateway: PaymentGateway) -> None:
        intent = self.captured(gateway)
        with pytest.raises(InvalidInput):
            gateway.refund(intent.id, Money.zero("USD"), self.key())

    def test_void_releases_an_authorization_only(self, gateway: PaymentGateway) -> None:
        intent = self.authorized(gateway)
        voided = gateway.void(intent.id, self.key())
        assert voided.status is PaymentStatus.VOIDED
        with pytest.raises(InvalidPaymentState):
            gateway.capture(intent.id, self.key())
        with pytest.raises(InvalidPaymentState):
            gateway.void(self.captured(gateway).id, self.key())

    def test_capture_applies_to_an_authorization_only_and_a_refused_one_takes_nothing(
        self, gateway: PaymentGateway
    ) -> None:
        waiting = gateway.authorize(USD_120, self.key(), "cus_contract", "pm_card_authenticationRequired")
        with pytest.raises(InvalidPaymentState):
            gateway.capture(waiting.id, self.key())
        assert gateway.get(waiting.id).status is PaymentStatus.REQUIRES_ACTION
        voided = gateway.void(self.authorized(gateway).id, self.key())
        key = self.key()
        with pytest.raises(InvalidPaymentState):
            gateway.capture(voided.id, key)
        with pytest.raises(InvalidPaymentState):  # the same call again: still refused
            gateway.capture(voided.id, key)
        after = gateway.get(voided.id)
        assert (after.status, after.amount_captured) == (PaymentStatus.VOIDED, Money.zero("USD"))

    def test_unknown_intent_raises_not_found(self, gateway: PaymentGateway) -> None:
        with pytest.raises(PaymentNotFound):
            gateway.get("pi_does_not_exist")
        with pytest.raises(PaymentNotFound):
            gateway.capture("pi_does_not_exist", self.key())

    def test_zero_exponent_currency_round_trips(self, gateway: PaymentGateway) -> None:
        intent = self.captured(gateway, Money(5_000, "JPY"))
        assert gateway.refund(intent.id, Money(1, "JPY"), self.key()).amount_refunded == Money(1, "JPY")

    def test_open_since_lists_what_still_holds_or_waits_with_its_creating_key(self, gateway: PaymentGateway) -> None:
        since = datetime.now(UTC) - timedelta(seconds=1)  # the gateways stamp intents with the wall clock
        held_key, waiting_key = self.key("held"), self.key("waiting")
        held = gateway.authorize(USD_120, held_key, "cus_contract", "pm_card_visa")
        waiting = gateway.authorize(USD_120, waiting_key, "cus_contract", "pm_card_authenticationRequired")
        captured, voided = self.captured(gateway), self.authorized(gateway)
        gateway.void(voided.id, self.key())
        with pytest.raises(PaymentDeclined):
            gateway.authorize(USD_120, self.key(), "cus_contract", "pm_card_declined")
        listed = {o.intent.id: o for o in gateway.open_since(since)}
        assert (listed[held.id].key, listed[held.id].intent) == (held_key, gateway.get(held.id))
        assert (listed[waiting.id].key, listed[waiting.id].intent.status) == (waiting_key, waiting.status)
        assert waiting.status is PaymentStatus.REQUIRES_ACTION
        assert captured.id not in listed and voided.id not in listed  # final: nothing held, nothing to wait for
        assert all(
            o.intent.status in (PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION) for o in listed.values()
        )
        assert all(o.created_at >= since.replace(microsecond=0) for o in listed.values())
        created = [o.created_at for o in gateway.open_since(since)]
        assert created == sorted(created)  # oldest first
        assert gateway.open_since(datetime.now(UTC) + timedelta(seconds=2)) == []  # nothing created since then
        assert gateway.get(held.id).status is PaymentStatus.AUTHORIZED  # a read: nothing changed

    def test_open_since_forgets_an_intent_once_voided_or_captured(self, gateway: PaymentGateway) -> None:
        since = datetime.now(UTC) - timedelta(seconds=1)
        first, second = self.authorized(gateway), self.authorized(gateway)
        assert {first.id, second.id} <= {o.intent.id for o in gateway.open_since(since)}
        gateway.void(first.id, self.key())
        gateway.capture(second.id, self.key())
        assert not {first.id, second.id} & {o.intent.id for o in gateway.open_since(since)}
