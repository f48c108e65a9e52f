"""Provider payouts: one per booking ever, sent by Connect transfer or paid by hand from the day's payout file.

A payout is recorded once the booking's ledger pays the provider (``provider_payable -> payouts``, the platform
fee kept); the run then sends it, unless the destination changed too recently (``destination_review``) or a
dispute froze the booking's payout.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

import attrs

from core.shared.events import Event
from core.shared.money import Money
from core.shared.outbox import outbound

# NTB-PAY-002: a destination changed this recently is a hijacked account's first move until staff say otherwise.
DESTINATION_REVIEW_WINDOW = timedelta(hours=72)


class PayoutMethod(StrEnum):
    TRANSFER = "transfer"  # a transfer to the provider's connected account
    MANUAL = "manual"  # a line in the day's payout file, paid by hand


class PayoutStatus(StrEnum):
    PENDING = "pending"  # recorded, about to be sent (a run that failed half-way sends it again, same key)
    HELD = "held"  # waits for staff review (``held_reason`` says why)
    RELEASED = "released"  # reviewed by staff: the next run sends it
    SENT = "sent"
    # the ledger paid the provider before payouts existed (migration 0021b): settled then, by hand; never sent
    SETTLED_BEFORE_PAYOUTS = "pre-payouts"


class HoldReason(StrEnum):
    DESTINATION_CHANGED = "destination-changed"
    NO_DESTINATION = "no-destination"


@attrs.frozen
class PayoutDestination:
    """Where a provider's payouts go: the provider's opaque reference and when it was last set (if known)."""

    reference: str
    changed_at: datetime | None


def destination_review(destination: PayoutDestination | None, now: datetime) -> HoldReason | None:
    """Why a payout to ``destination`` at ``now`` needs staff review first, or ``None`` when it may go.

    A destination set less than ``DESTINATION_REVIEW_WINDOW`` before ``now`` needs review; at exactly the window
    it no longer does. A destination set "in the future" (clock skew) counts as just changed."""
    if destination is None:
        return HoldReason.NO_DESTINATION
    if destination.changed_at is not None and now - destination.changed_at < DESTINATION_REVIEW_WINDOW:
        return HoldReason.DESTINATION_CHANGED
    return None


@attrs.frozen
class PayoutInstruction:
    """What the ``Payouts`` port is asked to send; ``idempotency_key`` derives from the booking (one payout ever)."""

    booking_id: str
    provider_id: str
    amount: Money
    destination: str
    idempotency_key: str


@attrs.frozen
class PayoutReceipt:
    """How a payout went: by transfer (``reference`` is the transfer's id) or into the manual payout file."""

    method: PayoutMethod
    reference: str | None


@attrs.frozen
class Payout:
    """The payout of one booking and where it stands."""

    booking_id: str
    provider_id: str
    amount: Money
    destination: str | None
    status: PayoutStatus
    created_at: datetime
    held_reason: HoldReason | None = None
    method: PayoutMethod | None = None
    reference: str | None = None
    sent_at: datetime | None = None
    release_reason: str | None = None  # why the staff member who released it let it go
    released_by: str | None = None

    @classmethod
    def record(
        cls, booking_id: str, provider_id: str, amount: Money, destination: PayoutDestination | None, now: datetime
    ) -> Payout:
        """The payout of ``amount`` to ``destination``: pending, or held when ``destination_review`` says so."""
        reason = destination_review(destination, now)
        status = PayoutStatus.HELD if reason is not None else PayoutStatus.PENDING
        ref = None if destination is None else destination.reference
        return cls(booking_id, provider_id, amount, ref, status, now, held_reason=reason)

    @property
    def idempotency_key(self) -> str:
        return f"payout:{self.booking_id}"

    @property
    def sendable(self) -> bool:
        return self.status in (PayoutStatus.PENDING, PayoutStatus.RELEASED) and self.destination is not None

    def instruction(self) -> PayoutInstruction:
        assert self.destination is not None  # only a sendable payout is sent
        return PayoutInstruction(self.booking_id, self.provider_id, self.amount, self.destination, self.idempotency_key)

    def sent(self, receipt: PayoutReceipt, now: datetime) -> Payout:
        return attrs.evolve(self, status=PayoutStatus.SENT, method=receipt.method, reference=receipt.reference,
                            sent_at=now)  # fmt: skip

    def released(self, destination: str, reason: str, by: str) -> Payout:
        """Reviewed by ``by`` for ``reason``: the next run sends it to ``destination`` (the one reviewed)."""
        return attrs.evolve(self, status=PayoutStatus.RELEASED, destination=destination, release_reason=reason,
                            released_by=by)  # fmt: skip


@outbound("payments.payout_sent", after_answer=True)  # the booking mails consume it
@attrs.frozen(kw_only=True)
class PayoutSent(Event):
    """A provider's payout for a booking went out (a transfer, or a line of the manual payout file): tell them."""

    booking_id: str
    provider_id: str
    amount: Money
    method: PayoutMethod
    reference: str | None
    sent_at: datetime
