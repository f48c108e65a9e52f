"""The delivery queue on /metrics: what waits, what is dead and how old the oldest waiting message is."""

from __future__ import annotations

import structlog
from prometheus_client import Gauge

from core.delivery.ports import DeliveryQueue
from core.shared.clock import Clock

log = structlog.get_logger("rastup.delivery")
# Read from the queue at scrape time; with several workers the scraped worker's reading is the one shown.
WAITING = Gauge("rastup_delivery_waiting", "Queued emails and texts not yet delivered, by state (due, backing_off, "
                "leased)", ["state"], multiprocess_mode="mostrecent")  # fmt: skip
OLDEST_AGE = Gauge("rastup_delivery_oldest_waiting_age_seconds", "Age of the oldest queued email or text not yet "
                   "delivered (dead letters aside)", multiprocess_mode="mostrecent")  # fmt: skip
DEAD = Gauge("rastup_delivery_dead", "Delivery dead letters (see rastup delivery dead)", multiprocess_mode="mostrecent")


class DeliveryGauges:
    """Sets the delivery gauges from the queue itself; called at each scrape of /metrics."""

    def __init__(self, queue: DeliveryQueue, clock: Clock) -> None:
        self._queue, self._clock = queue, clock

    def refresh(self) -> None:
        now = self._clock.now()
        try:
            summary, oldest = self._queue.summary(now), self._queue.oldest_waiting()
        except Exception as error:  # the database is down: /readyz says so; keep the last readings
            log.warning("delivery_stats_unavailable", error=type(error).__name__)
            return
        for state, count in (("due", summary.due), ("backing_off", summary.backing_off), ("leased", summary.leased)):
            WAITING.labels(state).set(count)
        OLDEST_AGE.set(0.0 if oldest is None else max(0.0, (now - oldest).total_seconds()))
        DEAD.set(summary.dead)
