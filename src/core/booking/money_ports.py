"""The booking unit of work with the payments ledger in its transaction: a money event and its postings commit
together (or not at all), and so do a gateway event, its id and its effect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from core.booking.checkout_ports import CheckoutUnitOfWork
from core.payments.ledger_ports import DisputeRecords, GatewayEventLog, LedgerStore
from core.payments.payout_ports import PayoutRecords
from core.shared.events import Event


class MoneyUnitOfWork(CheckoutUnitOfWork, Protocol):
    """Bookings and quotes with the ledger, the applied gateway events and the disputes, in one transaction."""

    @property
    def ledger(self) -> LedgerStore:
        """The ledger bound to this unit's transaction."""
        ...

    @property
    def payment_events(self) -> GatewayEventLog:
        """The applied gateway events, bound to this unit's transaction."""
        ...

    @property
    def disputes(self) -> DisputeRecords:
        """Disputes and their evidence packs, bound to this unit's transaction."""
        ...

    @property
    def payouts(self) -> PayoutRecords:
        """The providers' payouts, bound to this unit's transaction."""
        ...


InTransaction = Callable[[MoneyUnitOfWork, Event], None]
"""What a booking unit of work runs on each event it records, inside its transaction (``post_money_event``)."""
