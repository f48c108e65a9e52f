"""The timed gateway passes the ``PaymentGateway`` contract, and puts each call's seconds on /metrics by outcome."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY

from adapters.memory.payments import InMemoryPaymentGateway
from adapters.system.timed_payments import TimedPaymentGateway
from core.payments.errors import PaymentDeclined, PaymentGatewayUnavailable
from core.shared.money import Money
from tests.contracts.payment_gateway import PaymentGatewayContract
from tests.unit.payments.test_in_memory_payment_gateway import CountingIds

USD = Money(5_000, "USD")


class TestTimedPaymentGateway(PaymentGatewayContract):
    @pytest.fixture
    def gateway(self) -> TimedPaymentGateway:
        return TimedPaymentGateway(InMemoryPaymentGateway(CountingIds()))


def observed(call: str, outcome: str) -> tuple[float, float]:
    """How many calls of ``call`` ended in ``outcome`` so far, and their seconds."""
    labels = {"call": call, "outcome": outcome}
    count = REGISTRY.get_sample_value("rastup_payment_gateway_seconds_count", labels) or 0.0
    total = REGISTRY.get_sample_value("rastup_payment_gateway_seconds_sum", labels) or 0.0
    return count, total


def ticking() -> Iterator[float]:
    """A clock that moves 0.25 s between readings."""
    return itertools.count(0.0, 0.25)


def test_each_call_is_counted_with_its_seconds_by_outcome() -> None:
    clock = ticking()
    gateway = TimedPaymentGateway(InMemoryPaymentGateway(CountingIds()), clock=lambda: next(clock))
    before_ok, before_refused = observed("authorize", "ok"), observed("authorize", "refused")
    before_capture = observed("capture", "ok")
    intent = gateway.authorize(USD, "timed-1", "cus_1", "pm_card_visa")
    gateway.capture(intent.id, "timed-2")
    with pytest.raises(PaymentDeclined):
        gateway.authorize(USD, "timed-3", "cus_1", "pm_card_declined")
    assert observed("authorize", "ok") == (before_ok[0] + 1, before_ok[1] + 0.25)
    assert observed("capture", "ok") == (before_capture[0] + 1, before_capture[1] + 0.25)
    assert observed("authorize", "refused") == (before_refused[0] + 1, before_refused[1] + 0.25)


class Failing(InMemoryPaymentGateway):
    """Fails every read: first as the gateway being down, then as a bug."""

    def __init__(self) -> None:
        super().__init__(CountingIds())
        self.failures: list[Exception] = [PaymentGatewayUnavailable("down"), RuntimeError("bug")]

    def get(self, intent_id: str):  # type: ignore[no-untyped-def]
        raise self.failures.pop(0)


def test_a_failing_gateway_is_counted_as_unavailable_and_anything_else_as_an_error() -> None:
    gateway = TimedPaymentGateway(Failing())
    unavailable, error = observed("get", "unavailable")[0], observed("get", "error")[0]
    with pytest.raises(PaymentGatewayUnavailable):
        gateway.get("pi_1")
    with pytest.raises(RuntimeError):
        gateway.get("pi_1")
    assert (observed("get", "unavailable")[0], observed("get", "error")[0]) == (unavailable + 1, error + 1)
