"""The dispatcher thread: woken by a queued message, polling for others, logging without PII, draining on close."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
import structlog

from adapters.memory.clock import FixedClock
from adapters.memory.delivery import InMemoryDeliveryQueue
from adapters.system.delivery_dispatcher import DeliveryDispatcher
from core.delivery.handlers import QueuedEmailSender, QueuedSmsSender, email_via, sms_via
from core.delivery.model import Claimed, Outbound, QueueSummary, RetryPolicy
from core.identity.delivery import EmailMessage, MailingAccountNotifier
from core.identity.errors import DeliveryFailed

GUARD_S = 30.0  # only stops a broken test from hanging; nothing here measures time
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ADDRESS = "ann.diaz@example.com"
PHONE = "+33612345678"
MESSAGE = EmailMessage(ADDRESS, "Your RastUp password reset code", "Your code is 481516")


class GatedInbox:
    """An EmailSender and SmsSender whose deliveries wait for ``gate``; fails with ``failures`` first, in order."""

    def __init__(self, *failures: Exception, open_gate: bool = True) -> None:
        self.gate = threading.Event()
        if open_gate:
            self.gate.set()
        self.entered = threading.Event()
        self.failures = list(failures)
        self.attempts = 0
        self.delivered: list[Any] = []
        self.arrived = threading.Condition()

    def send(self, *what: Any) -> None:
        self.attempts += 1
        self.entered.set()
        assert self.gate.wait(GUARD_S), "the test never opened the gate"
        if self.failures:
            raise self.failures.pop(0)
        with self.arrived:
            self.delivered.append(what[0] if len(what) == 1 else what)
            self.arrived.notify_all()

    def wait_for(self, count: int) -> list[Any]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.delivered) >= count, GUARD_S), self.delivered
            return list(self.delivered)


@pytest.fixture
def logs() -> Iterator[list[dict[str, Any]]]:
    with structlog.testing.capture_logs() as captured:
        yield captured


def _no_pii(logs: list[dict[str, Any]]) -> None:
    text = repr(logs)
    for secret in (ADDRESS, "ann.diaz", "481516", MESSAGE.text, PHONE, "612345678"):
        assert secret not in text


def dispatcher(inbox: GatedInbox, queue: InMemoryDeliveryQueue, **options: Any) -> DeliveryDispatcher:
    gateways = {"email": email_via(inbox), "sms": sms_via(inbox)}
    return DeliveryDispatcher(queue, gateways, FixedClock(T0), **{"poll_s": GUARD_S, **options})


def test_send_returns_while_the_gateway_is_busy_and_the_woken_dispatcher_delivers() -> None:
    inbox, queue = GatedInbox(open_gate=False), InMemoryDeliveryQueue()
    worker = dispatcher(inbox, queue)
    worker.start()
    sender = QueuedEmailSender(queue, worker.wake)
    MailingAccountNotifier(sender).send_notice(ADDRESS, "new sign-in", "Firefox on Linux")
    sender.send(MESSAGE)  # returns although the gateway is blocked on the first message
    assert inbox.entered.wait(GUARD_S) and inbox.delivered == []
    inbox.gate.set()
    assert [m.subject for m in inbox.wait_for(2)] == ["RastUp: new sign-in", MESSAGE.subject]
    assert worker.close()
    assert queue.summary(T0) == QueueSummary(due=0, backing_off=0, leased=0, dead=0)


def test_messages_queued_by_another_process_are_found_by_polling() -> None:
    inbox, queue = GatedInbox(), InMemoryDeliveryQueue()
    worker = dispatcher(inbox, queue, poll_s=0.05)
    worker.start()
    QueuedSmsSender(queue).send(PHONE, "RastUp code: 481516")  # no wake: as if from another process
    assert inbox.wait_for(1) == [(PHONE, "RastUp code: 481516")]
    assert worker.close()


def test_a_full_batch_is_followed_at_once_by_the_next() -> None:
    inbox, queue = GatedInbox(), InMemoryDeliveryQueue()
    for n in range(7):
        queue.put(_outbound(n))
    worker = dispatcher(inbox, queue, batch=2)  # polls every 30 s: only going again at once can finish in time
    worker.start()
    assert len(inbox.wait_for(7)) == 7
    assert worker.close()


def _outbound(n: int) -> Outbound:
    return Outbound("email", f"user{n}@example.com", f"Subject {n}", "text")


def test_failures_are_logged_with_id_channel_and_reason_only(logs: list[dict[str, Any]]) -> None:
    inbox = GatedInbox(
        DeliveryFailed("email", "SMTPServerDisconnected"),
        DeliveryFailed("sms", "InvalidParameter", permanent=True),
    )
    queue = InMemoryDeliveryQueue()
    worker = dispatcher(inbox, queue)
    QueuedEmailSender(queue).send(MESSAGE)
    QueuedSmsSender(queue).send(PHONE, "RastUp code: 481516. It expires in 10 minutes.")
    outcome = worker.run_once()
    assert (len(outcome.retrying), len(outcome.dead)) == (1, 1)
    events = [(e["event"], e["log_level"], e["channel"], e["reason"]) for e in logs]
    assert events == [
        ("delivery_retrying", "warning", "email", "SMTPServerDisconnected"),
        ("delivery_failed", "error", "sms", "InvalidParameter"),
    ]
    _no_pii(logs)


class BrokenOnce(InMemoryDeliveryQueue):
    """A queue whose first claim fails, as a database that is briefly down."""

    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def claim(self, now: datetime, limit: int, lease_until: datetime) -> Sequence[Claimed]:
        if not self.failed:
            self.failed = True
            raise ConnectionError("database is down")
        return super().claim(now, limit, lease_until)


def test_a_failing_queue_does_not_kill_the_thread(logs: list[dict[str, Any]]) -> None:
    inbox, queue = GatedInbox(), BrokenOnce()
    worker = dispatcher(inbox, queue, poll_s=0.05)
    queue.put(_outbound(1))
    worker.start()
    assert len(inbox.wait_for(1)) == 1 and queue.failed
    assert worker.close()
    assert logs[0]["event"] == "delivery_round_failed" and logs[0]["error"] == "ConnectionError"


def test_close_delivers_what_is_due_then_stops_and_a_dispatcher_never_started_closes_at_once() -> None:
    inbox, queue = GatedInbox(), InMemoryDeliveryQueue()
    idle = dispatcher(inbox, queue)
    queue.put(_outbound(1))
    assert idle.close() and inbox.delivered == []  # never started (a CLI process): the message waits
    worker = dispatcher(inbox, queue)
    worker.start()
    assert worker.close()
    assert len(inbox.delivered) == 1 and queue.summary(T0).due == 0


def test_close_reports_a_gateway_that_outlasts_the_timeout() -> None:
    inbox, queue = GatedInbox(open_gate=False), InMemoryDeliveryQueue()
    worker = dispatcher(inbox, queue)
    queue.put(_outbound(1))
    worker.start()
    assert inbox.entered.wait(GUARD_S)
    assert worker.close(timeout_s=0.05) is False
    inbox.gate.set()
    assert len(inbox.wait_for(1)) == 1


def test_the_retry_policy_comes_from_the_dispatcher() -> None:
    inbox = GatedInbox(DeliveryFailed("email", "timeout"))
    queue = InMemoryDeliveryQueue()
    worker = dispatcher(inbox, queue, policy=RetryPolicy(max_attempts=1))
    queue.put(_outbound(1))
    assert len(worker.run_once().dead) == 1


def test_outcomes_are_counted_for_metrics_by_channel() -> None:
    from prometheus_client import REGISTRY

    def count(channel: str, outcome: str) -> float:
        value = REGISTRY.get_sample_value("rastup_delivery_messages_total", {"channel": channel, "outcome": outcome})
        return value or 0.0

    before = {(c, o): count(c, o) for c in ("email", "sms") for o in ("delivered", "retrying", "dead")}
    inbox = GatedInbox(DeliveryFailed("sms", "InvalidParameter", permanent=True))
    queue = InMemoryDeliveryQueue()
    QueuedSmsSender(queue).send(PHONE, "code")
    QueuedEmailSender(queue).send(MESSAGE)
    QueuedEmailSender(queue).send(MESSAGE)
    dispatcher(inbox, queue).run_once()
    after = {key: count(*key) - value for key, value in before.items()}
    assert after == {("email", "delivered"): 2, ("email", "retrying"): 0, ("email", "dead"): 0,
                     ("sms", "delivered"): 0, ("sms", "retrying"): 0, ("sms", "dead"): 1}  # fmt: skip


def test_while_the_outbound_mail_switch_is_off_messages_wait_in_the_queue_and_go_out_once_it_is_on() -> None:
    inbox, queue, switched_off = GatedInbox(), InMemoryDeliveryQueue(), [True]
    worker = dispatcher(inbox, queue, paused=lambda: switched_off[0])
    QueuedSmsSender(queue).send(PHONE, "RastUp code: 271828")
    assert worker.run_once().claimed == 0 and inbox.delivered == []
    assert queue.summary(T0) == QueueSummary(due=1, backing_off=0, leased=0, dead=0)  # waiting, due as before
    switched_off[0] = False
    assert worker.run_once().claimed == 1 and inbox.delivered == [(PHONE, "RastUp code: 271828")]
