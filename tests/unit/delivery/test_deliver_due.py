"""Delivering what is due: retries with back-off, dead letters, at-least-once after a crash."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.memory.delivery import InMemoryDeliveryQueue
from core.delivery.handlers import QueuedEmailSender, QueuedSmsSender, deliver_due, email_via, sms_via
from core.delivery.model import Outbound, QueueSummary, RetryPolicy
from core.identity.delivery import EmailMessage
from core.identity.errors import DeliveryFailed

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, first_pause_s=10, max_pause_s=60)


class Gateway:
    """Records what it was given; fails with the queued errors first."""

    def __init__(self, *failures: BaseException) -> None:
        self.sent: list[Outbound] = []
        self._failures = list(failures)

    def __call__(self, message: Outbound) -> None:
        if self._failures:
            raise self._failures.pop(0)
        self.sent.append(message)


def email(n: int) -> Outbound:
    return Outbound("email", f"user{n}@example.com", "Subject", f"Your code is {n}")


def test_due_messages_are_delivered_and_forgotten() -> None:
    queue, gateway = InMemoryDeliveryQueue(), Gateway()
    for n in range(3):
        queue.put(email(n))
    outcome = deliver_due(queue, {"email": gateway}, T0, POLICY)
    assert len(outcome.delivered) == 3 and outcome.retrying == () and outcome.dead == ()
    assert gateway.sent == [email(0), email(1), email(2)]
    assert queue.summary(T0) == QueueSummary(due=0, backing_off=0, leased=0, dead=0)


def test_a_transient_failure_is_retried_after_the_pause_and_then_delivered() -> None:
    queue, gateway = InMemoryDeliveryQueue(), Gateway(DeliveryFailed("email", "smtp-421"))
    queue.put(email(1))
    first = deliver_due(queue, {"email": gateway}, T0, POLICY)
    assert [f.reason for f in first.retrying] == ["smtp-421"]
    assert deliver_due(queue, {"email": gateway}, T0 + timedelta(seconds=9), POLICY).claimed == 0  # backing off
    second = deliver_due(queue, {"email": gateway}, T0 + timedelta(seconds=10), POLICY)
    assert len(second.delivered) == 1 and gateway.sent == [email(1)]


def test_a_permanent_failure_is_buried_at_once() -> None:
    queue = InMemoryDeliveryQueue()
    queue.put(email(1))
    gateway = Gateway(DeliveryFailed("email", "550 no such user", permanent=True))
    outcome = deliver_due(queue, {"email": gateway}, T0, POLICY)
    assert [f.reason for f in outcome.dead] == ["550 no such user"]
    (letter,) = queue.dead_letters(10)
    assert letter.attempts == 1 and letter.last_error == "550 no such user"


def test_the_last_allowed_attempt_buries_the_message() -> None:
    queue = InMemoryDeliveryQueue()
    queue.put(email(1))
    gateway = Gateway(*(DeliveryFailed("email", "timeout") for _ in range(3)))
    now = T0
    outcomes = []
    for _ in range(3):
        outcomes.append(deliver_due(queue, {"email": gateway}, now, POLICY))
        now += timedelta(minutes=1)
    assert [len(o.retrying) for o in outcomes] == [1, 1, 0] and len(outcomes[2].dead) == 1
    assert queue.summary(now).dead == 1 and gateway.sent == []


def test_an_unexpected_gateway_error_is_a_transient_failure_named_by_its_type() -> None:
    queue, gateway = InMemoryDeliveryQueue(), Gateway(ConnectionResetError("peer reset"))
    queue.put(email(1))
    outcome = deliver_due(queue, {"email": gateway}, T0, POLICY)
    assert outcome.retrying[0].reason == "ConnectionResetError"


def test_one_failing_message_does_not_hold_back_the_others() -> None:
    queue, gateway = InMemoryDeliveryQueue(), Gateway(DeliveryFailed("email", "smtp-451"))
    queue.put(email(1))
    queue.put(email(2))
    outcome = deliver_due(queue, {"email": gateway}, T0, POLICY)
    assert len(outcome.retrying) == 1 and gateway.sent == [email(2)]


def test_a_channel_without_a_gateway_is_a_dead_letter() -> None:
    queue = InMemoryDeliveryQueue()
    queue.put(Outbound("sms", "+33612345678", "", "code"))
    outcome = deliver_due(queue, {"email": Gateway()}, T0, POLICY)
    assert [(f.channel, f.reason) for f in outcome.dead] == [("sms", "no-gateway")]


def test_a_sender_that_died_mid_send_leaves_the_message_to_be_claimed_after_its_lease() -> None:
    """At least once: the first process claimed and then vanished (no delivered, no retry)."""
    queue, gateway = InMemoryDeliveryQueue(), Gateway()
    queue.put(email(1))
    assert len(queue.claim(T0, 10, T0 + timedelta(minutes=5))) == 1  # ... and the process dies here
    assert deliver_due(queue, {"email": gateway}, T0 + timedelta(minutes=4), POLICY).claimed == 0
    later = deliver_due(queue, {"email": gateway}, T0 + timedelta(minutes=5), POLICY)
    assert len(later.delivered) == 1 and gateway.sent == [email(1)]


def test_the_queued_senders_queue_and_wake_and_the_gateways_unwrap() -> None:
    queue, woken = InMemoryDeliveryQueue(), []
    QueuedEmailSender(queue, lambda: woken.append("email")).send(EmailMessage("ann@example.com", "Hi", "Code 1"))
    QueuedSmsSender(queue, lambda: woken.append("sms")).send("+33612345678", "Code 2")
    assert woken == ["email", "sms"]

    emails: list[EmailMessage] = []
    texts: list[tuple[str, str]] = []

    class Mail:
        def send(self, message: EmailMessage) -> None:
            emails.append(message)

    class Texts:
        def send(self, phone_e164: str, text: str) -> None:
            texts.append((phone_e164, text))

    outcome = deliver_due(queue, {"email": email_via(Mail()), "sms": sms_via(Texts())}, T0, POLICY)
    assert len(outcome.delivered) == 2
    assert emails == [EmailMessage("ann@example.com", "Hi", "Code 1")] and texts == [("+33612345678", "Code 2")]


def test_a_policy_must_make_sense() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(first_pause_s=10, max_pause_s=5)


@given(
    attempts=st.integers(min_value=1, max_value=40),
    first=st.floats(min_value=0, max_value=100),
    extra=st.floats(min_value=0, max_value=1000),
)
def test_pauses_grow_and_never_exceed_the_cap(attempts: int, first: float, extra: float) -> None:
    policy = RetryPolicy(max_attempts=50, first_pause_s=first, max_pause_s=first + extra)
    pauses = [policy.pause_before(n) for n in range(1, attempts + 1)]
    assert all(a <= b for a, b in itertools.pairwise(pauses))
    assert all(timedelta(0) <= p <= timedelta(seconds=first + extra) for p in pauses)


@given(attempt=st.integers(min_value=1, max_value=30), permanent=st.booleans())
def test_a_failure_is_retried_exactly_when_attempts_remain_and_it_is_not_permanent(
    attempt: int, permanent: bool
) -> None:
    policy = RetryPolicy(max_attempts=10)
    due = policy.after_failure(attempt, T0, permanent=permanent)
    assert (due is None) == (permanent or attempt >= 10)
    assert due is None or due > T0
