"""Payouts and staff refunds in memory, over the unit of work's tables; and a test-mode payout sender."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.memory.tables import OnTables
from core.booking.staff_refund_records import StaffRefund
from core.payments.ledger import MoneyEvent
from core.payments.payout_ports import Payouts
from core.payments.payouts import Payout, PayoutInstruction, PayoutMethod, PayoutReceipt, PayoutStatus
from core.shared.errors import InvalidInput, NotFound

_TO_SEND = (PayoutStatus.PENDING, PayoutStatus.RELEASED)


class InMemoryPayoutRecords(OnTables):
    def add(self, payout: Payout) -> bool:
        rows = self._table("payouts")
        if payout.booking_id in rows:
            return False
        rows[payout.booking_id] = payout
        return True

    def save(self, payout: Payout) -> None:
        self._table("payouts")[payout.booking_id] = payout

    def of_booking(self, booking_id: str) -> Payout | None:
        found: Payout | None = self._table("payouts").get(booking_id)
        return found

    def unsettled(self) -> Sequence[str]:
        paid = {e.booking_id for e in self._table("ledger_entries").values() if e.kind is MoneyEvent.PAYOUT}
        rows = self._table("payouts")
        return sorted(b for b in paid if b not in rows or rows[b].status in _TO_SEND)

    def held(self) -> Sequence[Payout]:
        held = [p for p in self._table("payouts").values() if p.status is PayoutStatus.HELD]
        return sorted(held, key=lambda p: (p.created_at, p.booking_id))

    def sent_between(self, start: datetime, end: datetime) -> Sequence[Payout]:
        sent = [p for p in self._table("payouts").values() if p.sent_at is not None and start <= p.sent_at < end]
        return sorted(sent, key=lambda p: (p.sent_at, p.booking_id))


class InMemoryPayouts:
    """Test mode's ``Payouts``: a transfer (a made-up id, kept in ``transfers``) to a connected account
    (``acct_...``), anything else to ``fallback`` (the manual payout file)."""

    def __init__(self, fallback: Payouts) -> None:
        self._fallback = fallback
        self.transfers: dict[str, PayoutInstruction] = {}

    def pay(self, instruction: PayoutInstruction) -> PayoutReceipt:
        if instruction.amount.amount <= 0:
            raise InvalidInput("amount", "must be positive")
        if not instruction.destination.startswith("acct_"):
            return self._fallback.pay(instruction)
        key = instruction.idempotency_key
        if key not in self.transfers:
            self.transfers[key] = instruction
        return PayoutReceipt(PayoutMethod.TRANSFER, f"tr_test_{list(self.transfers).index(key) + 1}")


class InMemoryStaffRefunds(OnTables):
    def add(self, refund: StaffRefund) -> bool:
        rows = self._table("staff_refunds")
        if (refund.booking_id, refund.seq) in rows:
            return False
        rows[(refund.booking_id, refund.seq)] = refund
        return True

    def save(self, refund: StaffRefund) -> None:
        self._table("staff_refunds")[(refund.booking_id, refund.seq)] = refund

    def get(self, booking_id: str, seq: int) -> StaffRefund:
        found: StaffRefund | None = self._table("staff_refunds").get((booking_id, seq))
        if found is None:
            raise NotFound("refund", f"{booking_id}/{seq}")
        return found

    def of_booking(self, booking_id: str) -> Sequence[StaffRefund]:
        return sorted((r for r in self._table("staff_refunds").values() if r.booking_id == booking_id),
                      key=lambda r: r.seq)  # fmt: skip
