"""The outbox relay in the service: a background thread, the fast path after a commit, logs and /metrics.

Every service process runs one; relays share the outbox safely (claims are leased). A CLI process runs none:
what it commits is delivered at once by the command itself (``deliver_now``), else by the service, or by
``rastup outbox run``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import structlog
from prometheus_client import Counter, Gauge

from adapters.system.background_rounds import BackgroundRounds
from core.shared.clock import Clock
from core.shared.outbox import Outbox, OutboxMessage
from core.shared.relay import Relay, RelayRound

log = structlog.get_logger("rastup.outbox")
# On /metrics. The counter sums over workers; the gauges are read from the outbox at scrape time, and with
# several workers the scraped worker's reading (the most recent) is the one shown.
MESSAGES = Counter("rastup_outbox_messages", "Outbox deliveries by topic and outcome", ["topic", "outcome"])
PENDING = Gauge("rastup_outbox_pending", "Outbox messages not yet delivered (dead letters aside)",
                multiprocess_mode="mostrecent")  # fmt: skip
OLDEST_AGE = Gauge("rastup_outbox_oldest_pending_age_seconds", "Age of the oldest outbox message not yet delivered",
                   multiprocess_mode="mostrecent")  # fmt: skip
DEAD = Gauge("rastup_outbox_dead", "Outbox dead letters (see rastup outbox dead)", multiprocess_mode="mostrecent")
# One consumer's share (the search indexer's): messages on its topics not yet delivered, the oldest one's age
BACKLOG = Gauge("rastup_outbox_consumer_backlog", "Outbox messages on a consumer's topics not yet delivered",
                ["consumer"], multiprocess_mode="mostrecent")  # fmt: skip
LAG = Gauge("rastup_outbox_consumer_lag_seconds", "Age of the oldest undelivered message on a consumer's topics",
            ["consumer"], multiprocess_mode="mostrecent")  # fmt: skip
CONSUMER_DEAD = Gauge("rastup_outbox_consumer_dead", "Dead letters on a consumer's topics", ["consumer"],
                      multiprocess_mode="mostrecent")  # fmt: skip


class OutboxRelayWorker(BackgroundRounds):
    """Runs relay rounds on a daemon thread until ``close`` (see ``BackgroundRounds``), and delivers what this
    process has just committed at once (``deliver_now``)."""

    thread_name = "rastup-outbox"
    failure_event = "outbox_round_failed"

    def __init__(self, relay: Relay, *, poll_s: float = 5.0) -> None:
        super().__init__(poll_s=poll_s, batch=relay.batch)
        self._relay = relay

    def run_once(self) -> RelayRound:
        """One round on the calling thread (the CLI's ``rastup outbox run``)."""
        outcome = self._relay.run_once()
        _report(outcome)
        return outcome

    def deliver_now(self, messages: Sequence[OutboxMessage]) -> RelayRound:
        """The fast path: deliver what the caller has just committed; a failure is left to the relay (logged)."""
        if not messages:
            return RelayRound()
        try:
            outcome = self._relay.deliver_now(messages)
        except Exception as error:  # the outbox itself failed: the messages wait, due, for a relay round
            log.error("outbox_fast_path_failed", error=type(error).__name__, events=[m.event_id for m in messages])
            return RelayRound()
        _report(outcome)  # a failure waits, due, for the next relay round (the next poll: never hammered at once)
        return outcome

    def _round(self) -> int:
        return self.run_once().handled


def _report(outcome: RelayRound) -> None:
    for consumed in outcome.consumed:
        log.info("outbox_consumed", event_id=consumed.event_id, topic=consumed.topic, consumer=consumed.consumer,
                 done=consumed.done)  # fmt: skip
    for delivered in outcome.delivered:
        MESSAGES.labels(delivered.topic, "delivered").inc()
    for failure in outcome.retrying:
        MESSAGES.labels(failure.topic, "retrying").inc()
        log.warning("outbox_retrying", event_id=failure.event_id, topic=failure.topic, reason=failure.reason,
                    fix="retried with back-off by the relay")  # fmt: skip
    for failure in outcome.dead:
        MESSAGES.labels(failure.topic, "dead").inc()
        log.error("outbox_dead", event_id=failure.event_id, topic=failure.topic, reason=failure.reason,
                  fix="rastup outbox retry-dead")  # fmt: skip


class OutboxGauges:
    """Sets the outbox gauges from the outbox itself, and each watched consumer's (``consumers``: name -> the
    topics it consumes) backlog, lag and dead letters; called at each scrape of /metrics."""

    def __init__(self, outbox: Outbox, clock: Clock, consumers: Mapping[str, Collection[str]] | None = None) -> None:
        self._outbox, self._clock, self._consumers = outbox, clock, dict(consumers or {})

    def refresh(self) -> None:
        now = self._clock.now()
        try:
            stats = self._outbox.stats(now)
        except Exception as error:  # the database is down: /readyz says so; keep the last readings
            log.warning("outbox_stats_unavailable", error=type(error).__name__)
            return
        PENDING.set(stats.pending)
        OLDEST_AGE.set(stats.oldest_pending_age_s(now))
        DEAD.set(stats.dead)
        for consumer, topics in self._consumers.items():
            try:
                backlog = self._outbox.stats(now, topics)
            except Exception as error:  # as above: keep the last readings
                log.warning("outbox_stats_unavailable", error=type(error).__name__, consumer=consumer)
                continue
            BACKLOG.labels(consumer).set(backlog.pending)
            LAG.labels(consumer).set(backlog.oldest_pending_age_s(now))
            CONSUMER_DEAD.labels(consumer).set(backlog.dead)
