"""A staff refund as stored: its number within the booking, its amount and reason, who asked and who approved."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from core.shared.events import Event
from core.shared.money import Money
from core.shared.outbox import outbound


class RefundStatus(StrEnum):
    AWAITING_APPROVAL = "awaiting-approval"
    APPROVED = "approved"  # to send; a send that failed is sent again (same gateway key) by retrying the request
    REFUNDED = "refunded"


@attrs.frozen
class RefundRules:
    """From settings: a staff refund above this many minor units needs a second staff member's approval."""

    dual_control_above: int = 50_000


@attrs.frozen
class StaffRefund:
    """The ``seq``-th staff refund of a booking; ``requested_by``/``approved_by`` name staff (``staff:<id>``) or
    the CLI's ``operator``; ``request_key`` is the request's own idempotency key, if it had one."""

    booking_id: str
    seq: int
    amount: Money
    reason: str
    requested_by: str
    requested_at: datetime
    status: RefundStatus
    request_key: str | None = None
    approved_by: str | None = None
    refunded_at: datetime | None = None

    @property
    def gateway_key(self) -> str:
        return f"{self.booking_id}:refund:staff:{self.seq}"


@outbound("booking.staff_refund_sent", after_answer=True)  # the booking mails consume it
@attrs.frozen(kw_only=True)
class StaffRefundSent(Event):
    """Staff gave back ``amount`` of the booking's payment (its ``seq``-th staff refund): the client is told."""

    booking_id: str
    seq: int
    amount: Money
    reason: str
    refunded_at: datetime
