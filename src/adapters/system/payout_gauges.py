"""Provider payouts on /metrics: how many wait for staff review and since when, and how many are due but unsent."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from prometheus_client import Gauge

from core.booking.money_ports import MoneyUnitOfWork
from core.shared.clock import Clock

log = structlog.get_logger("rastup.payments")
# Read from the payouts store at scrape time; with several workers the scraped worker's reading is the one shown.
HELD = Gauge("rastup_payouts_held", "Payouts held for staff review (destination changed in the last 72 h, or none "
             "yet; see GET /api/staff/payouts/held)", multiprocess_mode="mostrecent")  # fmt: skip
HELD_OLDEST_AGE = Gauge("rastup_payouts_held_oldest_age_seconds", "Age of the oldest payout held for staff review "
                        "(0 when none is held)", multiprocess_mode="mostrecent")  # fmt: skip
UNSENT = Gauge("rastup_payouts_due_unsent", "Bookings whose ledger paid the provider but whose payout is not sent "
               "yet (not recorded, pending or released; held and frozen aside until reviewed)",
               multiprocess_mode="mostrecent")  # fmt: skip


class PayoutGauges:
    """Sets the payout gauges from the store; called at each scrape of /metrics."""

    def __init__(self, new_uow: Callable[[], MoneyUnitOfWork], clock: Clock) -> None:
        self._new_uow, self._clock = new_uow, clock

    def refresh(self) -> None:
        now = self._clock.now()
        try:
            uow = self._new_uow()
            with uow.reading():
                held, unsent = list(uow.payouts.held()), len(uow.payouts.unsettled())
        except Exception as error:  # the database is down: /readyz says so; keep the last readings
            log.warning("payout_stats_unavailable", error=type(error).__name__)
            return
        HELD.set(len(held))
        oldest = min((p.created_at for p in held), default=None)
        HELD_OLDEST_AGE.set(0.0 if oldest is None else max(0.0, (now - oldest).total_seconds()))
        UNSENT.set(unsent)
