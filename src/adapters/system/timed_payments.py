"""The payment gateway's calls on /metrics: how long each port call took, by call and by outcome, so that an
operator sees what a checkout spends waiting on Stripe (each call includes the SDK's retries and our journal's two
writes) apart from the service's own work."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from prometheus_client import Histogram

from core.payments.errors import PaymentGatewayUnavailable
from core.payments.model import OpenIntent, PaymentIntent
from core.payments.ports import PaymentGateway
from core.shared.errors import DomainError
from core.shared.money import Money

# prometheus_client's default buckets plus 0.15 and 0.6 s, the checkout path's budgets (issue 13; ops/slo.yaml).
GATEWAY_SECONDS = Histogram(
    "rastup_payment_gateway_seconds",
    "Payment gateway port calls (authorize, capture, refund, void, get, open_since) by outcome: ok, refused "
    "(a decline, a state, a limit, a bad input), unavailable (the gateway failed) or error (anything else)",
    ["call", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.6, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0),
)


class TimedPaymentGateway:
    """``PaymentGateway`` around another, each call observed in ``GATEWAY_SECONDS``; answers and errors unchanged."""

    def __init__(self, inner: PaymentGateway, clock: Callable[[], float] = time.perf_counter) -> None:
        self._inner = inner
        self._clock = clock

    @property
    def inner(self) -> PaymentGateway:
        """The gateway whose calls are timed."""
        return self._inner

    def authorize(self, amount: Money, idempotency_key: str, customer_ref: str, method_ref: str) -> PaymentIntent:
        with self._timed("authorize"):
            return self._inner.authorize(amount, idempotency_key, customer_ref, method_ref)

    def capture(self, intent_id: str, idempotency_key: str, amount: Money | None = None) -> PaymentIntent:
        with self._timed("capture"):
            return self._inner.capture(intent_id, idempotency_key, amount)

    def refund(self, intent_id: str, amount: Money, idempotency_key: str) -> PaymentIntent:
        with self._timed("refund"):
            return self._inner.refund(intent_id, amount, idempotency_key)

    def void(self, intent_id: str, idempotency_key: str) -> PaymentIntent:
        with self._timed("void"):
            return self._inner.void(intent_id, idempotency_key)

    def get(self, intent_id: str) -> PaymentIntent:
        with self._timed("get"):
            return self._inner.get(intent_id)

    def open_since(self, since: datetime) -> Sequence[OpenIntent]:
        with self._timed("open_since"):
            return self._inner.open_since(since)

    @contextmanager
    def _timed(self, call: str) -> Iterator[None]:
        started, outcome = self._clock(), "ok"
        try:
            yield
        except PaymentGatewayUnavailable:
            outcome = "unavailable"
            raise
        except DomainError:
            outcome = "refused"
            raise
        except Exception:
            outcome = "error"
            raise
        finally:
            GATEWAY_SECONDS.labels(call, outcome).observe(self._clock() - started)
