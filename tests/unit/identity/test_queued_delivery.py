"""Queued email and SMS: ``send`` only enqueues; one worker delivers later, retries, logs without PII, drains."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from adapters.queued.senders import QueuedEmailSender, QueuedSmsSender, RetryPolicy
from core.identity.delivery import EmailMessage, MailingAccountNotifier
from core.identity.errors import DeliveryFailed

GUARD_S = 30.0  # only stops a broken test from hanging; nothing here measures time
ADDRESS = "ann.diaz@example.com"
PHONE = "+33612345678"
MESSAGE = EmailMessage(ADDRESS, "Your RastUp password reset code", "Your code is 481516")


class GatedInbox:
    """An EmailSender and SmsSender whose deliveries wait for ``gate``; fails with ``failures`` first, in order."""

    def __init__(self, *failures: Exception, open_gate: bool = True) -> None:
        self.gate = threading.Event()
        if open_gate:
            self.gate.set()
        self.entered = threading.Event()  # a delivery has started (and is waiting at the gate if closed)
        self.failures = list(failures)
        self.attempts = 0
        self.delivered: list[Any] = []

    def send(self, *what: Any) -> None:
        self.attempts += 1
        self.entered.set()
        assert self.gate.wait(GUARD_S), "the test never opened the gate"
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(what[0] if len(what) == 1 else what)


@pytest.fixture
def logs() -> Iterator[list[dict[str, Any]]]:
    with structlog.testing.capture_logs() as captured:
        yield captured


def _no_pii(logs: list[dict[str, Any]]) -> None:
    text = repr(logs)
    for secret in (ADDRESS, "ann.diaz", "481516", MESSAGE.text, PHONE, "612345678"):
        assert secret not in text


def test_send_returns_while_the_gateway_is_still_busy_and_delivery_follows() -> None:
    inbox = GatedInbox(open_gate=False)
    sender = QueuedEmailSender(inbox)
    sender.send(MESSAGE)  # returns although the inner sender is blocked at its gate
    assert inbox.entered.wait(GUARD_S)
    assert inbox.delivered == []
    inbox.gate.set()
    assert sender.close()
    assert inbox.delivered == [MESSAGE]


def test_the_notifier_over_a_queue_never_waits_for_the_gateway() -> None:
    inbox = GatedInbox(open_gate=False)
    sender = QueuedEmailSender(inbox)
    MailingAccountNotifier(sender).send_notice(ADDRESS, "new sign-in", "Firefox on Linux")
    assert inbox.delivered == []
    inbox.gate.set()
    assert sender.close()
    assert [m.subject for m in inbox.delivered] == ["RastUp: new sign-in"]


def test_a_transient_failure_is_retried_with_backoff_then_delivered(logs: list[dict[str, Any]]) -> None:
    inbox = GatedInbox(DeliveryFailed("email", "SMTPServerDisconnected"), DeliveryFailed("email", "TimeoutError"))
    pauses: list[float] = []
    sender = QueuedEmailSender(inbox, retry=RetryPolicy(max_attempts=4, first_pause_s=0.5), pause=pauses.append)
    sender.send(MESSAGE)
    assert sender.close()
    assert inbox.delivered == [MESSAGE] and inbox.attempts == 3
    assert pauses == [0.5, 1.0]
    assert [e["event"] for e in logs] == ["delivery_retrying", "delivery_retrying", "delivered_after_retry"]
    assert logs[0]["reason"] == "SMTPServerDisconnected" and logs[0]["subject"] == MESSAGE.subject
    _no_pii(logs)


def test_backoff_is_exponential_and_capped_and_the_last_failure_is_logged(logs: list[dict[str, Any]]) -> None:
    inbox = GatedInbox(*[DeliveryFailed("email", "SMTPServerDisconnected") for _ in range(6)])
    pauses: list[float] = []
    retry = RetryPolicy(max_attempts=6, first_pause_s=1.0, max_pause_s=4.0)
    sender = QueuedEmailSender(inbox, retry=retry, pause=pauses.append)
    sender.send(MESSAGE)
    assert sender.close()
    assert inbox.delivered == [] and inbox.attempts == 6
    assert pauses == [1.0, 2.0, 4.0, 4.0, 4.0]
    failed = logs[-1]
    assert failed["event"] == "delivery_failed" and failed["log_level"] == "error"
    assert failed["attempts"] == 6 and failed["permanent"] is False
    _no_pii(logs)


def test_a_permanent_failure_is_not_retried_and_is_logged_without_address_or_body(
    logs: list[dict[str, Any]],
) -> None:
    inbox = GatedInbox(DeliveryFailed("email", "SMTPRecipientsRefused", permanent=True))
    pauses: list[float] = []
    sender = QueuedEmailSender(inbox, pause=pauses.append)
    sender.send(MESSAGE)
    assert sender.close()
    assert inbox.attempts == 1 and pauses == []
    (failed,) = logs
    assert failed["event"] == "delivery_failed" and failed["channel"] == "email"
    assert failed["reason"] == "SMTPRecipientsRefused" and failed["permanent"] is True
    _no_pii(logs)


def test_sms_failures_are_logged_without_the_number_or_the_text(logs: list[dict[str, Any]]) -> None:
    inbox = GatedInbox(DeliveryFailed("sms", "InvalidParameter", permanent=True))
    sender = QueuedSmsSender(inbox)
    sender.send(PHONE, "RastUp code: 481516. It expires in 10 minutes.")
    assert sender.close()
    assert [(e["event"], e["channel"]) for e in logs] == [("delivery_failed", "sms")]
    _no_pii(logs)


def test_an_unexpected_error_does_not_kill_the_worker(logs: list[dict[str, Any]]) -> None:
    inbox = GatedInbox(RuntimeError(f"boom for {ADDRESS}"))
    pauses: list[float] = []
    sender = QueuedEmailSender(inbox, pause=pauses.append)
    second = EmailMessage("bob@example.com", "Hello", "body")
    sender.send(MESSAGE)
    sender.send(second)
    assert sender.close()
    assert inbox.delivered == [second] and pauses == []
    assert logs[0]["event"] == "delivery_crashed" and logs[0]["error"] == "RuntimeError"
    _no_pii(logs)


def test_a_full_queue_refuses_at_once_and_loses_nothing_it_accepted(logs: list[dict[str, Any]]) -> None:
    inbox = GatedInbox(open_gate=False)
    sender = QueuedEmailSender(inbox, capacity=2)
    messages = [EmailMessage(f"user{n}@example.com", f"subject {n}", "text") for n in range(3)]
    sender.send(messages[0])
    assert inbox.entered.wait(GUARD_S)  # the worker holds the first one: two more fill the queue
    sender.send(messages[1])
    sender.send(messages[2])
    with pytest.raises(DeliveryFailed) as caught:
        sender.send(MESSAGE)
    assert (caught.value.channel, caught.value.reason) == ("email", "queue-full")
    inbox.gate.set()
    assert sender.close()
    assert inbox.delivered == messages
    assert [e["event"] for e in logs] == ["delivery_queue_full"]
    _no_pii(logs)


def test_close_drains_everything_queued_then_refuses_new_messages() -> None:
    inbox = GatedInbox(open_gate=False)
    sender = QueuedSmsSender(inbox)
    for n in range(5):
        sender.send(f"+3361234567{n}", f"code {n}")
    inbox.gate.set()
    assert sender.close()
    assert inbox.delivered == [(f"+3361234567{n}", f"code {n}") for n in range(5)]
    with pytest.raises(DeliveryFailed) as caught:
        sender.send(PHONE, "late")
    assert (caught.value.channel, caught.value.reason) == ("sms", "queue-closed")


def test_close_reports_what_it_could_not_drain_in_time(logs: list[dict[str, Any]]) -> None:
    inbox = GatedInbox(open_gate=False)
    sender = QueuedEmailSender(inbox)
    sender.send(MESSAGE)
    sender.send(MESSAGE)
    assert inbox.entered.wait(GUARD_S)
    assert sender.close(timeout_s=0) is False  # the gateway is stuck: shutdown does not wait for ever
    assert logs[-1]["event"] == "delivery_queue_not_drained" and logs[-1]["pending"] == 1
    inbox.gate.set()  # let the worker finish, so no thread outlives the test blocked
    assert sender.close()
    assert inbox.delivered == [MESSAGE, MESSAGE]


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        QueuedEmailSender(GatedInbox(), capacity=0)
    with pytest.raises(ValueError):
        QueuedSmsSender(GatedInbox(), retry=RetryPolicy(max_attempts=0))
