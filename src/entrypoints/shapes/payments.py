"""Staff refund bodies: what staff ask to give back, and the refund as recorded."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.staff_refund_records import StaffRefund
from entrypoints.shapes.bounds import Amount, Reason


@attrs.frozen
class RefundIn:
    amount: Amount  # in the booking's currency's minor units
    reason: Reason
    currency: str | None = None  # if given, must be the booking's


@attrs.frozen
class RefundOut:
    bookingId: str
    seq: int
    amount: int
    currency: str
    reason: str
    status: str  # awaiting-approval | approved (its send failed: retry) | refunded
    requestedBy: str
    approvedBy: str | None
    refundedAt: datetime | None

    @classmethod
    def of(cls, refund: StaffRefund) -> RefundOut:
        return cls(refund.booking_id, refund.seq, refund.amount.amount, refund.amount.currency, refund.reason,
                   refund.status.value, refund.requested_by, refund.approved_by, refund.refunded_at)  # fmt: skip
