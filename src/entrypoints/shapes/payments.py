"""Staff money bodies: what staff ask to give back, the refund as recorded, and payouts held for review."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.staff_refund_records import StaffRefund
from core.payments.payouts import Payout
from entrypoints.shapes.bounds import Amount, Reason


@attrs.frozen
class RefundIn:
    amount: Amount  # in the booking's currency's minor units
    reason: Reason
    currency: str | None = None  # if given, must be the booking's


@attrs.frozen
class ReleaseIn:
    reason: Reason  # why the held payout may go: kept with it and in the audit log


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


@attrs.frozen
class HeldPayoutOut:
    bookingId: str
    providerId: str
    amount: int
    currency: str
    destination: str | None
    status: str  # held | released (the next payout run sends it)
    reason: str | None  # destination-changed | no-destination
    createdAt: datetime
    releaseReason: str | None  # the reviewer's, once released
    releasedBy: str | None

    @classmethod
    def of(cls, payout: Payout) -> HeldPayoutOut:
        reason = None if payout.held_reason is None else payout.held_reason.value
        return cls(payout.booking_id, payout.provider_id, payout.amount.amount, payout.amount.currency,
                   payout.destination, payout.status.value, reason, payout.created_at, payout.release_reason,
                   payout.released_by)  # fmt: skip
