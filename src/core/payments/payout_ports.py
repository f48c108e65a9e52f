"""Ports of provider payouts: the sender, the stored payouts, where providers want them, the manual payout files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.payments.payouts import Payout, PayoutDestination, PayoutInstruction, PayoutReceipt


class Payouts(Protocol):
    """Sends a provider's payout: a transfer where the destination is a connected account, else the manual file."""

    def pay(self, instruction: PayoutInstruction) -> PayoutReceipt:
        """Send ``instruction``; return how it went. Idempotent by ``instruction.idempotency_key``: a retry returns
        the first receipt and moves no money twice. Raises ``PaymentGatewayUnavailable`` when the vendor failed
        (retry with the same instruction) and ``InvalidInput`` for a non-positive amount."""
        ...


class PayoutRecords(Protocol):
    """The payouts, one per booking ever, bound to a unit of work's transaction."""

    def add(self, payout: Payout) -> bool:
        """Insert ``payout``; return False, changing nothing, when its booking has one already (a concurrent
        writer's included: the store's unique key decides)."""
        ...

    def save(self, payout: Payout) -> None:
        """Replace the stored payout of ``payout.booking_id`` (added before)."""
        ...

    def of_booking(self, booking_id: str) -> Payout | None:
        """The booking's payout, or ``None``. Read-only."""
        ...

    def unsettled(self) -> Sequence[str]:
        """Booking ids, in order, whose ledger paid the provider and whose payout is not recorded yet, or recorded
        and still to send (pending or released). Held and sent payouts are not listed. Read-only."""
        ...

    def held(self) -> Sequence[Payout]:
        """Payouts held for staff review, oldest first. Read-only."""
        ...

    def sent_between(self, start: datetime, end: datetime) -> Sequence[Payout]:
        """Payouts sent in ``[start, end)``, oldest first. Read-only."""
        ...


class PayoutDestinations(Protocol):
    """Where each provider wants its payouts (the identity context keeps it)."""

    def of(self, user_id: str) -> PayoutDestination | None:
        """The user's destination, or ``None`` when none is set. Read-only."""
        ...


class PayoutFiles(Protocol):
    """Where the manual payout files go."""

    def write(self, name: str, content: bytes) -> str:
        """Store ``content`` as ``name``, replacing a file of that name; return where it is. Idempotent."""
        ...
