"""An EmailSender and an SmsSender that only enqueue; one daemon thread each delivers through the real adapter.

Why: password reset and sign-up send only when the account exists, so an inline SMTP, SES or SNS round trip
would let the response time tell which addresses have accounts. The queue lives in memory and is bounded:
a full queue refuses at once (``DeliveryFailed``) rather than drop a message, and ``close`` drains it on a
graceful shutdown. A crash loses what is still queued.
"""

from __future__ import annotations

import functools
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

import attrs
import structlog

from core.identity.delivery import EmailMessage, EmailSender, SmsSender
from core.identity.errors import DeliveryFailed

log = structlog.get_logger("rastup.delivery")


@attrs.frozen
class RetryPolicy:
    """``max_attempts`` tries in all; the pause before retry n is ``first_pause_s * 2**(n-1)``, capped."""

    max_attempts: int = 4
    first_pause_s: float = 0.5
    max_pause_s: float = 8.0

    def pause_before(self, retry: int) -> float:
        return float(min(self.first_pause_s * 2 ** (retry - 1), self.max_pause_s))


DEFAULT_RETRY = RetryPolicy()


@attrs.frozen
class _Job:
    number: int
    deliver: Callable[[], None] = attrs.field(repr=False)  # holds the address and the text: never logged
    loggable: dict[str, str]  # what may be logged about the message (an email's subject), never PII


class DeliveryWorker:
    """A bounded queue and the one daemon thread that delivers its jobs in order, retrying transient failures.

    A ``DeliveryFailed`` marked permanent is not retried; any other exception from the inner adapter is a bug,
    logged and not retried, so it cannot kill the worker.
    """

    def __init__(
        self, channel: str, capacity: int, retry: RetryPolicy, pause: Callable[[float], object] = time.sleep
    ) -> None:
        if capacity < 1 or retry.max_attempts < 1:
            raise ValueError("capacity and max_attempts must be at least 1")
        self.channel = channel
        self._capacity, self._retry, self._pause = capacity, retry, pause
        self._jobs: deque[_Job] = deque()
        self._changed = threading.Condition()
        self._closing = False
        self._numbers = itertools.count(1)
        self._thread = threading.Thread(target=self._run, name=f"rastup-{channel}-delivery", daemon=True)
        self._thread.start()

    def submit(self, deliver: Callable[[], None], **loggable: str) -> None:
        """Queue ``deliver``; raises ``DeliveryFailed`` ("queue-full" or "queue-closed") without waiting."""
        with self._changed:
            if self._closing:
                raise DeliveryFailed(self.channel, "queue-closed")
            if len(self._jobs) >= self._capacity:
                log.error("delivery_queue_full", channel=self.channel, capacity=self._capacity, **loggable)
                raise DeliveryFailed(self.channel, "queue-full")
            self._jobs.append(_Job(next(self._numbers), deliver, loggable))
            self._changed.notify_all()

    def close(self, timeout_s: float) -> bool:
        """Refuse new jobs, deliver the queued ones and stop the thread; False if ``timeout_s`` ran out first."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._thread.join(timeout_s)
        if not self._thread.is_alive():
            return True
        with self._changed:
            pending = len(self._jobs)
        log.error("delivery_queue_not_drained", channel=self.channel, pending=pending, timeout_s=timeout_s)
        return False

    def _run(self) -> None:
        while (job := self._next()) is not None:
            self._deliver(job)

    def _next(self) -> _Job | None:
        with self._changed:
            while not self._jobs and not self._closing:
                self._changed.wait()
            return self._jobs.popleft() if self._jobs else None

    def _deliver(self, job: _Job) -> None:
        context = {"channel": self.channel, "job": job.number, **job.loggable}
        for attempt in range(1, self._retry.max_attempts + 1):
            try:
                job.deliver()
            except DeliveryFailed as error:
                if error.permanent or attempt == self._retry.max_attempts:
                    log.error("delivery_failed", **context, attempts=attempt, reason=error.reason,
                              permanent=error.permanent)  # fmt: skip
                    return
                pause_s = self._retry.pause_before(attempt)
                log.warning("delivery_retrying", **context, attempt=attempt, reason=error.reason, retry_in_s=pause_s)
                self._pause(pause_s)
            except Exception as error:  # a bug in the inner adapter: report it, keep the worker alive
                log.error("delivery_crashed", **context, attempts=attempt, error=type(error).__name__)
                return
            else:
                if attempt > 1:
                    log.info("delivered_after_retry", **context, attempts=attempt)
                return


class QueuedEmailSender:
    """``EmailSender`` whose ``send`` queues for ``inner`` and returns at once."""

    def __init__(
        self,
        inner: EmailSender,
        *,
        capacity: int = 1000,
        retry: RetryPolicy = DEFAULT_RETRY,
        pause: Callable[[float], object] = time.sleep,
    ) -> None:
        self._inner = inner
        self._worker = DeliveryWorker("email", capacity, retry, pause)

    def send(self, message: EmailMessage) -> None:
        """Queue ``message``; raises ``DeliveryFailed`` only when the queue is full or closed."""
        self._worker.submit(functools.partial(self._inner.send, message), subject=message.subject)

    def close(self, timeout_s: float = 10.0) -> bool:
        """Deliver what is queued (for at most ``timeout_s``) and stop; True when nothing was left behind."""
        return self._worker.close(timeout_s)


class QueuedSmsSender:
    """``SmsSender`` whose ``send`` queues for ``inner`` and returns at once."""

    def __init__(
        self,
        inner: SmsSender,
        *,
        capacity: int = 1000,
        retry: RetryPolicy = DEFAULT_RETRY,
        pause: Callable[[float], object] = time.sleep,
    ) -> None:
        self._inner = inner
        self._worker = DeliveryWorker("sms", capacity, retry, pause)

    def send(self, phone_e164: str, text: str) -> None:
        """Queue the text; raises ``DeliveryFailed`` only when the queue is full or closed."""
        self._worker.submit(functools.partial(self._inner.send, phone_e164, text))

    def close(self, timeout_s: float = 10.0) -> bool:
        """Deliver what is queued (for at most ``timeout_s``) and stop; True when nothing was left behind."""
        return self._worker.close(timeout_s)


def queued_email_sender(inner: EmailSender, drain_timeout_s: float = 10.0) -> Iterator[QueuedEmailSender]:
    """The queued email sender as a container resource: drained and stopped on ``shutdown_resources``."""
    sender = QueuedEmailSender(inner)
    try:
        yield sender
    finally:
        sender.close(drain_timeout_s)


def queued_sms_sender(inner: SmsSender, drain_timeout_s: float = 10.0) -> Iterator[QueuedSmsSender]:
    """The queued SMS sender as a container resource: drained and stopped on ``shutdown_resources``."""
    sender = QueuedSmsSender(inner)
    try:
        yield sender
    finally:
        sender.close(drain_timeout_s)
