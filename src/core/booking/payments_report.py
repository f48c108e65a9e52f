"""The operator's daily payments report: per currency, what the ledger recorded that day, and any variance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import attrs

from core.booking.money_ports import MoneyUnitOfWork
from core.payments.catch_up import intent_figures
from core.payments.errors import PaymentError
from core.payments.ledger import BookingLedger, Entry, unbalanced_currencies
from core.payments.ports import PaymentGateway


@attrs.frozen
class CurrencyTotals:
    """One currency's day: each money event's total in minor units; ``imbalance`` is what the day's entries sum to
    (0 when every posting balances), ``gateway_variance`` what the gateway says was netted on the day's intents
    minus what the ledger says (``None`` when the gateway was not asked)."""

    currency: str
    by_event: dict[str, int]
    imbalance: int
    gateway_variance: int | None


def daily_report(uow: MoneyUnitOfWork, day: date, gateway: PaymentGateway | None = None) -> list[CurrencyTotals]:
    """Totals per currency of the entries of ``day`` (UTC); with ``gateway``, the variance against it."""
    start = datetime.combine(day, time(0), UTC)
    with uow.reading():
        entries = list(uow.ledger.entries_between(start, start + timedelta(days=1)))
        touched = {booking_id: list(uow.ledger.entries(booking_id)) for booking_id in {e.booking_id for e in entries}}
    imbalance = unbalanced_currencies(entries)
    found: dict[str, dict[str, int]] = {}
    for entry in entries:  # each posting's first line carries its size
        if entry.line == 0:
            row = found.setdefault(entry.amount.currency, {})
            row[entry.kind.value] = row.get(entry.kind.value, 0) + abs(entry.amount.amount)
    variance: dict[str, int] = {}
    if gateway is not None:
        for booking_id, booking_entries in sorted(touched.items()):
            _add_variance(variance, booking_id, booking_entries, gateway)
    return [
        CurrencyTotals(
            currency,
            dict(sorted(row.items())),
            imbalance.get(currency, 0),
            variance.get(currency, 0) if gateway is not None else None,
        )
        for currency, row in sorted(found.items())
    ]


def _add_variance(variance: dict[str, int], booking_id: str, entries: Sequence[Entry], gateway: PaymentGateway) -> None:
    ledger = BookingLedger(booking_id, entries[0].amount.currency, list(entries))
    for intent_id in ledger.intents():
        try:
            intent = gateway.get(intent_id)
        except PaymentError:  # reconciliation lists it; the report counts what it can compare
            continue
        ours = intent_figures(ledger, intent_id)
        theirs = intent.amount_captured - intent.amount_refunded
        variance[ledger.currency] = variance.get(ledger.currency, 0) + (theirs - (ours.captured - ours.refunded)).amount
