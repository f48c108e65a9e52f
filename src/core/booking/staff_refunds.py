"""Staff refunds: partial, several per booking, never above what is still refundable; one above
``RefundRules.dual_control_above`` waits for a second staff member's approval (dual control, as moderation's
destructive decisions do). Each is recorded before it is sent, sent with a gateway key derived from the booking
and its sequence number, and posted to the ledger in the unit of work that marks it refunded."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.errors import RefundApproval, RefundExceedsCapture
from core.booking.money_audit import refund_approved, refund_requested
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.money_postings import ledger_of, split_of
from core.booking.reconciliation import gateway_totals
from core.booking.staff_refund_records import RefundRules, RefundStatus, StaffRefund, StaffRefundSent
from core.identity.errors import StepUpRequired
from core.identity.step_up import STEP_UP_WINDOW
from core.payments.catch_up import catch_up
from core.payments.ports import PaymentGateway
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock
from core.shared.commands import Command, CommandHandlers
from core.shared.errors import IdempotencyKeyReused, InvalidInput, VersionConflict
from core.shared.money import Money

MAX_REASON_LENGTH = 500


@attrs.frozen(kw_only=True)
class RefundBooking(Command[StaffRefund]):
    """Give back ``amount`` minor units of the booking's currency (``currency``, if given, must be it).
    ``second_factor_at``: when the staff member's session last proved its second factor (the edge reports it)."""

    actor: Actor
    booking_id: str
    amount: int
    reason: str
    currency: str | None = None
    idempotency_key: str | None = None
    second_factor_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ApproveRefund(Command[StaffRefund]):
    """A second staff member approves refund ``seq`` of the booking, which is then sent."""

    actor: Actor
    booking_id: str
    seq: int
    second_factor_at: datetime | None = None


def acting_staff(
    actor: Actor, second_factor_at: datetime | None, now: datetime, roles: tuple[str, ...] = ("admin", "support"),
    action: str = "staff-refund",
) -> str:  # fmt: skip
    """Who moves money: staff holding one of ``roles`` with a second factor proven within ``STEP_UP_WINDOW``, or
    the operator (shell access to the service is its own proof). Raises ``StaffOnly``, ``StepUpRequired``."""
    require_staff(actor, *roles)
    if actor.is_operator:
        return "operator"
    if second_factor_at is None or not now - STEP_UP_WINDOW <= second_factor_at <= now:
        raise StepUpRequired(action)
    return f"staff:{actor.user_id}"


def refund_booking(
    command: RefundBooking, uow: MoneyUnitOfWork, gateway: PaymentGateway, clock: Clock, rules: RefundRules
) -> StaffRefund:
    """Record the refund, then send it unless it awaits approval. Raises ``StaffOnly``, ``StepUpRequired``,
    ``NotFound``, ``InvalidInput``, ``RefundExceedsCapture``, ``IdempotencyKeyReused``, and the gateway's errors
    (the refund stays recorded: retrying with the same key sends it with the same gateway key)."""
    now = clock.now()
    who = acting_staff(command.actor, command.second_factor_at, now)
    reason = command.reason.strip()
    if not reason or len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput("reason", f"1-{MAX_REASON_LENGTH} characters: why the money goes back")
    refund = _recorded(command, uow, who, reason, now, rules)
    return send_refund(refund, uow, gateway, clock) if refund.status is RefundStatus.APPROVED else refund


def _recorded(
    command: RefundBooking, uow: MoneyUnitOfWork, who: str, reason: str, now: datetime, rules: RefundRules
) -> StaffRefund:
    """The refund the command asked for before (same key), or a new one, numbered and committed."""
    with uow:
        booking = uow.bookings.get(command.booking_id)
        currency = booking.amounts.currency
        if command.currency is not None and command.currency.upper() != currency:
            raise InvalidInput("currency", f"booking {booking.id} is paid in {currency}")
        if command.amount <= 0:
            raise InvalidInput("amount", "must be positive")
        amount, refunds = Money(command.amount, currency), list(uow.staff_refunds.of_booking(booking.id))
        key = command.idempotency_key
        replayed = next((r for r in refunds if key is not None and r.request_key == key), None)
        if replayed is not None:
            if (replayed.amount, replayed.reason) != (amount, reason):
                raise IdempotencyKeyReused("staff-refund", key or "")
            return replayed
        on_the_way = sum(r.amount.amount for r in refunds if r.status is not RefundStatus.REFUNDED)
        refundable = Money.zero(currency)
        if booking.payment_intent_id is not None:
            refundable = ledger_of(uow, booking).refundable - Money(on_the_way, currency)
        if amount > refundable:
            raise RefundExceedsCapture(booking.id, amount, max(refundable, Money.zero(currency)))
        status = RefundStatus.AWAITING_APPROVAL if amount.amount > rules.dual_control_above else RefundStatus.APPROVED
        refund = StaffRefund(booking.id, len(refunds) + 1, amount, reason, who, now, status, key)
        if not uow.staff_refunds.add(refund):  # another refund of this booking took the number first
            raise VersionConflict("booking refunds", booking.id, len(refunds), len(refunds) + 1)
        uow.audit.append(refund_requested(refund))
        uow.commit()
    return refund


def approve_refund(command: ApproveRefund, uow: MoneyUnitOfWork, gateway: PaymentGateway, clock: Clock) -> StaffRefund:
    """Approve and send. Raises ``StaffOnly``, ``StepUpRequired``, ``NotFound``, ``RefundApproval`` (the asker
    approving, or nothing awaiting approval). An approved refund whose send failed is sent again."""
    now = clock.now()
    who = acting_staff(command.actor, command.second_factor_at, now)
    with uow:
        refund = uow.staff_refunds.get(command.booking_id, command.seq)
        if refund.status is RefundStatus.APPROVED:  # approved, its send failed: send it again (same gateway key)
            return send_refund(refund, uow, gateway, clock)
        if refund.status is not RefundStatus.AWAITING_APPROVAL:
            raise RefundApproval(refund.booking_id, refund.seq, "it is not awaiting approval")
        if refund.requested_by == who:
            raise RefundApproval(refund.booking_id, refund.seq, "a second staff member must approve it")
        refund = attrs.evolve(refund, status=RefundStatus.APPROVED, approved_by=who)
        uow.staff_refunds.save(refund)
        uow.audit.append(refund_approved(refund, now))
        uow.commit()
    return send_refund(refund, uow, gateway, clock)


def send_refund(refund: StaffRefund, uow: MoneyUnitOfWork, gateway: PaymentGateway, clock: Clock) -> StaffRefund:
    """Refund through the gateway (its key derived from booking and sequence), then post the ledger up to what the
    gateway says and mark the refund refunded, in one unit of work. Idempotent."""
    with uow.reading():
        intent_id = uow.bookings.get(refund.booking_id).payment_intent_id
    assert intent_id is not None  # a refund is recorded only against a captured payment
    paid = gateway.refund(intent_id, refund.amount, refund.gateway_key)
    with uow:
        booking = uow.bookings.get(refund.booking_id)
        stored = uow.staff_refunds.get(refund.booking_id, refund.seq)
        if stored.status is RefundStatus.REFUNDED:
            return stored
        for posting in catch_up(ledger_of(uow, booking), gateway_totals(paid), split_of(booking), clock.now()):
            uow.ledger.post(posting)
        booking.record_refund(refund.amount)
        uow.bookings.save(booking)
        done = attrs.evolve(stored, status=RefundStatus.REFUNDED, refunded_at=clock.now())
        uow.staff_refunds.save(done)
        uow.record(StaffRefundSent(booking_id=done.booking_id, seq=done.seq, amount=done.amount, reason=done.reason,
                                   refunded_at=clock.now()))  # fmt: skip
        uow.commit()
    return done


COMMANDS: CommandHandlers = {RefundBooking: refund_booking, ApproveRefund: approve_refund}
