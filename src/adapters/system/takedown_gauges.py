"""The copyright takedown SLA on /metrics: per step (acknowledge, act) how many notices wait, how old the oldest is
and how many are past due."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from prometheus_client import Gauge

from core.moderation.ports import ModerationUnitOfWork
from core.moderation.takedown_handlers import OPEN
from core.moderation.takedowns import TakedownSla, backlog
from core.shared.clock import Clock

log = structlog.get_logger("rastup.moderation")
SCANNED = 10_000  # open notices read per scrape: far above any real backlog
WAITING = Gauge("rastup_takedowns_waiting", "Copyright notices waiting on staff, by step (acknowledge, act)",
                ["step"], multiprocess_mode="mostrecent")  # fmt: skip
OLDEST_AGE = Gauge("rastup_takedowns_oldest_waiting_age_seconds", "Age of the oldest copyright notice waiting on "
                   "staff, by step (the SLA: acknowledge within 24 h, act within 72 h)", ["step"],
                   multiprocess_mode="mostrecent")  # fmt: skip
OVERDUE = Gauge("rastup_takedowns_overdue", "Copyright notices past their SLA deadline, by step", ["step"],
                multiprocess_mode="mostrecent")  # fmt: skip


class TakedownGauges:
    """Sets the takedown gauges from the store; called at each scrape of /metrics."""

    def __init__(self, new_uow: Callable[[], ModerationUnitOfWork], sla: TakedownSla, clock: Clock) -> None:
        self._new_uow, self._sla, self._clock = new_uow, sla, clock

    def refresh(self) -> None:
        now = self._clock.now()
        try:
            uow = self._new_uow()
            with uow.reading():
                found = list(uow.takedowns.queue(OPEN, SCANNED))
        except Exception as error:  # the database is down: /readyz says so; keep the last readings
            log.warning("takedown_stats_unavailable", error=type(error).__name__)
            return
        for step, waiting in backlog(found, self._sla, now).items():
            WAITING.labels(step).set(waiting.waiting)
            OLDEST_AGE.labels(step).set(waiting.oldest_age_s)
            OVERDUE.labels(step).set(waiting.overdue)
