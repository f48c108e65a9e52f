"""The thread that empties the delivery queue: woken when this process queues, polling for the others.

Every service process starts one; they share the queue safely (claims are leased, see the queue adapters).
A CLI process starts none: what it queues waits for the service, or for ``rastup delivery run``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from datetime import timedelta

import structlog
from prometheus_client import Counter

from core.delivery.handlers import deliver_due
from core.delivery.model import DeliveryRound, RetryPolicy
from core.delivery.ports import DeliveryQueue, Gateway
from core.shared.clock import Clock

log = structlog.get_logger("rastup.delivery")
DEFAULT_POLICY = RetryPolicy()
# On /metrics, summed over workers: alert on a rising "dead" (or "retrying") rate.
MESSAGES = Counter("rastup_delivery_messages", "Queued email/SMS delivery attempts by outcome", ["channel", "outcome"])


class DeliveryDispatcher:
    """Runs ``deliver_due`` rounds on a daemon thread until ``close``.

    After a round that filled its batch it goes again at once; otherwise it sleeps ``poll_s`` or until
    ``wake``. The lease must outlast a whole batch at the gateways' worst (SMTP: a few 10-second time-outs per
    message), or a slow batch's last messages could be claimed by another process and sent twice.
    """

    def __init__(
        self,
        queue: DeliveryQueue,
        gateways: Mapping[str, Gateway],
        clock: Clock,
        policy: RetryPolicy = DEFAULT_POLICY,
        *,
        poll_s: float = 5.0,
        batch: int = 10,
        lease: timedelta = timedelta(minutes=15),
    ) -> None:
        self._queue, self._gateways, self._clock, self._policy = queue, gateways, clock, policy
        self._poll_s, self._batch, self._lease = poll_s, batch, lease
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def start(self) -> None:
        with self._start_lock:
            if self._thread is None and not self._closing.is_set():
                self._thread = threading.Thread(target=self._run, name="rastup-delivery", daemon=True)
                self._thread.start()

    def wake(self) -> None:
        """Something was queued: deliver now rather than at the next poll (if the thread runs: a CLI process
        leaves its messages to the service, or to ``rastup delivery run``)."""
        self._wake.set()

    def run_once(self) -> DeliveryRound:
        """One round on the calling thread (the CLI's ``rastup delivery run``)."""
        outcome = deliver_due(
            self._queue, self._gateways, self._clock.now(), self._policy, limit=self._batch, lease=self._lease
        )
        _report(outcome)
        return outcome

    def close(self, timeout_s: float = 10.0) -> bool:
        """Stop after delivering what is due now (for at most ``timeout_s``); False if time ran out first."""
        self._closing.set()
        self._wake.set()
        with self._start_lock:
            thread = self._thread
        if thread is None:
            return True
        thread.join(timeout_s)
        if thread.is_alive():
            log.error("delivery_not_drained", timeout_s=timeout_s)
            return False
        return True

    def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                outcome = self.run_once()
            except Exception as error:  # the queue itself failed (database down): try again next poll
                log.error("delivery_round_failed", error=type(error).__name__)
                outcome = DeliveryRound()
            if self._closing.is_set() and outcome.claimed < self._batch:
                return
            if outcome.claimed < self._batch:  # a full batch means more may be due: go again at once
                self._wake.wait(self._poll_s)


def _report(outcome: DeliveryRound) -> None:
    for channel, count in outcome.delivered_by_channel().items():
        MESSAGES.labels(channel, "delivered").inc(count)
        log.info("delivered", channel=channel, count=count)
    for failure in outcome.retrying:  # ids, channels and reasons only: never a recipient or a text
        MESSAGES.labels(failure.channel, "retrying").inc()
        log.warning("delivery_retrying", message=failure.id, channel=failure.channel, reason=failure.reason)
    for failure in outcome.dead:
        MESSAGES.labels(failure.channel, "dead").inc()
        log.error("delivery_failed", message=failure.id, channel=failure.channel, reason=failure.reason)


def running_dispatcher(dispatcher: DeliveryDispatcher, drain_timeout_s: float = 10.0) -> Iterator[DeliveryDispatcher]:
    """The dispatcher as a container resource: the service calls ``start``; ``shutdown_resources`` lets it
    deliver what is due and stops it."""
    try:
        yield dispatcher
    finally:
        dispatcher.close(drain_timeout_s)
