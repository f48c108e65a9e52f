"""The booking unit of work with the payments ledger in its transaction: a money event and its postings commit
together (or not at all), and so do a gateway event, its id and its effect."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from core.booking.checkout_ports import CheckoutUnitOfWork
from core.booking.staff_refund_records import StaffRefund
from core.payments.ledger_ports import DisputeRecords, GatewayEventLog, LedgerStore
from core.payments.payout_ports import PayoutRecords
from core.shared.audit import AuditLog
from core.shared.events import Event


class StaffRefunds(Protocol):
    """The staff refunds of bookings, numbered 1, 2, ... per booking."""

    def add(self, refund: StaffRefund) -> bool:
        """Insert ``refund``; return False, changing nothing, when its booking already has one with its ``seq``
        (a concurrent writer's included: the store's unique key decides)."""
        ...

    def save(self, refund: StaffRefund) -> None:
        """Replace the stored refund with the same booking and ``seq``."""
        ...

    def get(self, booking_id: str, seq: int) -> StaffRefund:
        """Refund ``seq`` of the booking. Raises ``NotFound``. Read-only."""
        ...

    def of_booking(self, booking_id: str) -> Sequence[StaffRefund]:
        """The booking's staff refunds by ``seq``. Read-only."""
        ...


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
    def staff_refunds(self) -> StaffRefunds:
        """Staff refunds, bound to this unit's transaction."""
        ...

    @property
    def payouts(self) -> PayoutRecords:
        """The providers' payouts, bound to this unit's transaction."""
        ...

    @property
    def audit(self) -> AuditLog:
        """The hash-chained audit log (staff refunds and payout releases), appended in this unit's transaction."""
        ...


InTransaction = Callable[[MoneyUnitOfWork, Event], None]
"""What a booking unit of work runs on each event it records, inside its transaction (``post_money_event``)."""
