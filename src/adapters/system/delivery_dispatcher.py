"""The thread that empties the delivery queue: woken when this process queues, polling for the others.

Every service process starts one; they share the queue safely (claims are leased, see the queue adapters).
A CLI process starts none: what it queues waits for the service, or for ``rastup delivery run``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta

import structlog
from prometheus_client import Counter

from adapters.system.background_rounds import BackgroundRounds
from core.delivery.handlers import deliver_due
from core.delivery.model import DeliveryRound, RetryPolicy
from core.delivery.ports import DeliveryQueue, Gateway
from core.shared.clock import Clock

log = structlog.get_logger("rastup.delivery")
DEFAULT_POLICY = RetryPolicy()
# On /metrics, summed over workers: alert on a rising "dead" (or "retrying") rate.
MESSAGES = Counter("rastup_delivery_messages", "Queued email/SMS delivery attempts by outcome", ["channel", "outcome"])


class DeliveryDispatcher(BackgroundRounds):
    """Runs ``deliver_due`` rounds on a daemon thread until ``close`` (see ``BackgroundRounds``).

    The lease must outlast a whole batch at the gateways' worst (SMTP: a few 10-second time-outs per message),
    or a slow batch's last messages could be claimed by another process and sent twice.
    """

    thread_name = "rastup-delivery"
    failure_event = "delivery_round_failed"

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
        paused: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(poll_s=poll_s, batch=batch)
        self._queue, self._gateways, self._clock, self._policy = queue, gateways, clock, policy
        self._lease, self._paused = lease, paused

    def wake(self) -> None:
        """Something was queued: deliver now rather than at the next poll (if the thread runs: a CLI process
        leaves its messages to the service, or to ``rastup delivery run``)."""
        super().wake()

    def run_once(self) -> DeliveryRound:
        """One round on the calling thread (the CLI's ``rastup delivery run``). While ``paused`` (the
        ``outbound-mail`` kill switch is off) nothing is claimed: messages wait in the queue, due as before."""
        if self._paused():
            log.warning("delivery_paused", switch="outbound-mail")
            return DeliveryRound()
        outcome = deliver_due(
            self._queue, self._gateways, self._clock.now(), self._policy, limit=self._batch, lease=self._lease
        )
        _report(outcome)
        return outcome

    def _round(self) -> int:
        return self.run_once().claimed


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
