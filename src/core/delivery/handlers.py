"""Delivering what is due, and the senders that queue instead of sending."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from core.delivery.model import DeliveryRound, Failure, Outbound, RetryPolicy, Sent
from core.delivery.ports import DeliveryQueue, Gateway, Wake
from core.identity.delivery import EmailMessage, EmailSender, SmsSender
from core.identity.errors import DeliveryFailed


def deliver_due(
    queue: DeliveryQueue,
    gateways: Mapping[str, Gateway],
    now: datetime,
    policy: RetryPolicy,
    *,
    limit: int = 10,
    lease: timedelta = timedelta(minutes=15),
) -> DeliveryRound:
    """Claim up to ``limit`` due messages and hand each to its channel's gateway.

    A ``DeliveryFailed`` marked permanent, or the last allowed attempt failing, buries the message; any other
    failure schedules a retry by ``policy``. An unexpected exception from a gateway counts as a transient
    failure named by its type (it may be a network error the adapter did not translate). ``lease`` must
    outlast a gateway's own time-outs, or a slow send could be claimed and sent twice.
    """
    delivered: list[Sent] = []
    retrying: list[Failure] = []
    dead: list[Failure] = []
    for claimed in queue.claim(now, limit, now + lease):
        gateway = gateways.get(claimed.message.channel)
        try:
            if gateway is None:
                raise DeliveryFailed(claimed.message.channel, "no-gateway", permanent=True)
            gateway(claimed.message)
        except DeliveryFailed as error:
            reason, permanent = error.reason, error.permanent
        except Exception as error:
            reason, permanent = type(error).__name__, False
        else:
            queue.delivered(claimed.id)
            delivered.append(Sent(claimed.id, claimed.message.channel))
            continue
        due_again = policy.after_failure(claimed.attempt, now, permanent=permanent)
        failure = Failure(claimed.id, claimed.message.channel, reason)
        if due_again is None:
            queue.bury(claimed.id, now, reason)
            dead.append(failure)
        else:
            queue.retry(claimed.id, due_again, reason)
            retrying.append(failure)
    return DeliveryRound(tuple(delivered), tuple(retrying), tuple(dead))


def _nothing() -> None:
    return None


class QueuedEmailSender:
    """``EmailSender`` that queues durably and returns: the caller never waits on, nor learns about, the
    mail system (a reset for an unknown address must answer like one for a real account)."""

    def __init__(self, queue: DeliveryQueue, wake: Wake = _nothing) -> None:
        self._queue = queue
        self._wake = wake

    def send(self, message: EmailMessage) -> None:
        self._queue.put(Outbound("email", message.to, message.subject, message.text, message.html, message.headers))
        self._wake()


class QueuedSmsSender:
    """``SmsSender`` that queues durably and returns."""

    def __init__(self, queue: DeliveryQueue, wake: Wake = _nothing) -> None:
        self._queue = queue
        self._wake = wake

    def send(self, phone_e164: str, text: str) -> None:
        self._queue.put(Outbound("sms", phone_e164, "", text))
        self._wake()


def email_via(sender: EmailSender) -> Gateway:
    """A gateway over an ``EmailSender`` (SMTP, SES, the file outbox)."""

    def deliver(message: Outbound) -> None:
        sender.send(EmailMessage(message.to, message.subject, message.text, message.html, message.headers))

    return deliver


def sms_via(sender: SmsSender) -> Gateway:
    """A gateway over an ``SmsSender`` (SNS, the console)."""

    def deliver(message: Outbound) -> None:
        sender.send(message.to, message.text)

    return deliver
