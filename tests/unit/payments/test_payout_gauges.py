"""The payout gauges read at scrape time: held payouts and the oldest one's age, and the last readings kept while
the database cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client import REGISTRY

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.clock import FixedClock
from adapters.system.payout_gauges import PayoutGauges
from core.booking.money_ports import MoneyUnitOfWork
from core.payments.payouts import Payout
from core.shared.money import Money

T0 = datetime(2026, 12, 4, 9, tzinfo=UTC)


def reading(name: str) -> float | None:
    return REGISTRY.get_sample_value(name)


def test_held_payouts_are_counted_with_the_oldest_age_and_kept_while_the_store_is_down() -> None:
    clock, uow = FixedClock(T0), InMemoryBookingUnitOfWork()
    with uow:
        for booking_id, held_at in (("bkg_1", T0), ("bkg_2", T0 + timedelta(minutes=5))):
            assert uow.payouts.add(Payout.record(booking_id, "usr_pat", Money(8_000, "EUR"), None, held_at))
        uow.commit()
    clock.advance(timedelta(minutes=20))
    PayoutGauges(lambda: uow, clock).refresh()
    assert (reading("rastup_payouts_held"), reading("rastup_payouts_held_oldest_age_seconds")) == (2.0, 1200.0)
    assert reading("rastup_payouts_due_unsent") == 0.0  # no ledger paid a provider: nothing is due

    def unreachable() -> MoneyUnitOfWork:
        raise ConnectionError("database down")

    clock.advance(timedelta(minutes=20))
    PayoutGauges(unreachable, clock).refresh()
    assert (reading("rastup_payouts_held"), reading("rastup_payouts_held_oldest_age_seconds")) == (2.0, 1200.0)
