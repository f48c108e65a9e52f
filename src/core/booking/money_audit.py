"""What staff do with money, as entries of the hash-chained audit log: a refund asked for, a refund approved by a
second staff member, a held payout released. Appended in the unit of work that makes the change."""

from __future__ import annotations

from datetime import datetime

from core.booking.staff_refund_records import StaffRefund
from core.payments.payouts import Payout
from core.shared.audit import AuditRecord
from core.shared.money import Money


def _money(amount: Money) -> tuple[str, str]:
    return ("amount", f"{amount.amount} {amount.currency}")


def refund_requested(refund: StaffRefund) -> AuditRecord:
    """``refund.request`` by whoever asked, with its number, amount, reason and whether it awaits approval."""
    details = (("booking", refund.booking_id), ("refund", str(refund.seq)), _money(refund.amount),
               ("reason", refund.reason), ("status", refund.status.value))  # fmt: skip
    return AuditRecord(refund.requested_by, "refund.request", refund.booking_id, refund.requested_at, "", details)


def refund_approved(refund: StaffRefund, now: datetime) -> AuditRecord:
    """``refund.approve`` by the second staff member (``refund.approved_by``), naming who asked."""
    assert refund.approved_by is not None  # only an approved refund is audited as one
    details = (("booking", refund.booking_id), ("refund", str(refund.seq)), _money(refund.amount),
               ("reason", refund.reason), ("requested_by", refund.requested_by))  # fmt: skip
    return AuditRecord(refund.approved_by, "refund.approve", refund.booking_id, now, "", details)


def payout_released(payout: Payout, who: str, now: datetime) -> AuditRecord:
    """``payout.release`` by the reviewing staff member: the payout (its key), amount, the destination reviewed, why
    it had been held and why it may go (the reviewer's reason)."""
    held = "" if payout.held_reason is None else payout.held_reason.value
    details = (("booking", payout.booking_id), ("payout", payout.idempotency_key), _money(payout.amount),
               ("reason", payout.release_reason or ""), ("held_reason", held), ("provider", payout.provider_id),
               ("destination", payout.destination or ""))  # fmt: skip
    return AuditRecord(who, "payout.release", payout.idempotency_key, now, "", details)
