"""The test-mode gateway passes the ``PaymentGateway`` contract, and its ids come from the generator."""

from __future__ import annotations

import pytest

from adapters.memory.payments import InMemoryPaymentGateway
from core.shared.money import Money
from tests.contracts.payment_gateway import PaymentGatewayContract


class CountingIds:
    """Deterministic ids for the gateway under test."""

    def __init__(self) -> None:
        self.issued = 0

    def new_id(self, prefix: str) -> str:
        self.issued += 1
        return f"{prefix}_{self.issued:04d}"


class TestInMemoryPaymentGateway(PaymentGatewayContract):
    @pytest.fixture
    def gateway(self) -> InMemoryPaymentGateway:
        return InMemoryPaymentGateway(CountingIds())


def test_intent_ids_come_from_the_id_generator_and_replays_issue_none() -> None:
    ids = CountingIds()
    gateway = InMemoryPaymentGateway(ids)
    first = gateway.authorize(Money(100, "USD"), "key-1", "cus_1", "pm_card_visa")
    gateway.authorize(Money(100, "USD"), "key-1", "cus_1", "pm_card_visa")
    second = gateway.authorize(Money(100, "USD"), "key-2", "cus_1", "pm_card_mastercard")
    assert (first.id, second.id, ids.issued) == ("pi_0001", "pi_0002", 2)
