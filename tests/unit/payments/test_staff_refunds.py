"""Staff refunds on the in-memory booking world: partial and several per booking, never above what is refundable,
keyed by booking and sequence, in the ledger and the gateway alike; dual control above the threshold; step-up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.memory.payments import InMemoryPaymentGateway
from core.booking.errors import RefundApproval, RefundExceedsCapture
from core.booking.staff_refund_records import RefundRules, RefundStatus, StaffRefund
from core.booking.staff_refunds import ApproveRefund, RefundBooking, approve_refund, refund_booking
from core.identity.errors import StepUpRequired
from core.payments.errors import PaymentGatewayUnavailable
from core.payments.model import PaymentIntent
from core.payments.ports import PaymentGateway
from core.shared.actor import OPERATOR, Actor, StaffOnly
from core.shared.audit import first_broken
from core.shared.errors import IdempotencyKeyReused
from core.shared.money import Money
from tests.unit.payments.money_world import MoneyWorld

SAM = Actor("usr_sam", ("support",))
KIM = Actor("usr_kim", ("admin",))
RULES = RefundRules(dual_control_above=5_000)
NO_DUAL_CONTROL = RefundRules(dual_control_above=10**12)


class WatchedGateway:
    """The world's gateway, with the refund keys it was given and refunds made to fail first."""

    def __init__(self, inner: InMemoryPaymentGateway, failures: int = 0) -> None:
        self.inner, self.failures, self.refund_keys = inner, failures, list[str]()

    def refund(self, intent_id: str, amount: Money, idempotency_key: str) -> PaymentIntent:
        self.refund_keys.append(idempotency_key)
        if self.failures:
            self.failures -= 1
            raise PaymentGatewayUnavailable("down")
        return self.inner.refund(intent_id, amount, idempotency_key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def refund(
    world: MoneyWorld, booking_id: str, amount: int, actor: Actor = SAM, key: str | None = None,
    gateway: PaymentGateway | None = None, rules: RefundRules = RULES,
) -> StaffRefund:  # fmt: skip
    command = RefundBooking(actor=actor, booking_id=booking_id, amount=amount, reason="late start",
                            idempotency_key=key, second_factor_at=world.clock.now() - timedelta(minutes=1))  # fmt: skip
    return refund_booking(command, world.uow, gateway or world.gateway, world.clock, rules)


def intent(world: MoneyWorld, booking_id: str) -> PaymentIntent:
    return world.gateway.get(world.intent_of(booking_id))


def test_several_partial_refunds_add_up_in_the_ledger_the_gateway_and_the_booking() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    gateway = WatchedGateway(world.gateway)
    first, second = refund(world, booking_id, 1_500, gateway=gateway), refund(world, booking_id, 2_500, gateway=gateway)
    assert [first.seq, second.seq] == [1, 2] and first.status is second.status is RefundStatus.REFUNDED
    assert world.ledger(booking_id).refunded == Money(4_000, "USD") == intent(world, booking_id).amount_refunded
    assert world.uow.committed(booking_id).refunded == Money(4_000, "USD")
    assert gateway.refund_keys == [f"{booking_id}:refund:staff:1", f"{booking_id}:refund:staff:2"]


def test_a_refund_above_what_is_left_is_refused_and_changes_nothing() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    total = world.uow.committed(booking_id).amounts.total.amount
    refund(world, booking_id, 1_000, actor=OPERATOR)
    with pytest.raises(RefundExceedsCapture) as refused:
        refund(world, booking_id, total - 999, actor=OPERATOR)
    assert refused.value.available == Money(total - 1_000, "USD")
    assert world.ledger(booking_id).refunded == Money(1_000, "USD") == intent(world, booking_id).amount_refunded
    with world.uow.reading():
        assert len(world.uow.staff_refunds.of_booking(booking_id)) == 1


def test_only_staff_with_a_recent_second_factor_refund() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    with pytest.raises(StaffOnly):
        refund(world, booking_id, 100, actor=Actor("cli_1"))
    stale = RefundBooking(actor=SAM, booking_id=booking_id, amount=100, reason="x",
                          second_factor_at=world.clock.now() - timedelta(minutes=6))  # fmt: skip
    with pytest.raises(StepUpRequired):
        refund_booking(stale, world.uow, world.gateway, world.clock, RULES)
    assert world.ledger(booking_id).refunded.is_zero()


def test_a_retried_request_returns_the_first_refund_and_a_changed_one_is_refused() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    first = refund(world, booking_id, 700, key="req-1")
    assert refund(world, booking_id, 700, key="req-1") == first
    with pytest.raises(IdempotencyKeyReused):
        refund(world, booking_id, 800, key="req-1")
    assert world.ledger(booking_id).refunded == Money(700, "USD")


def test_above_the_threshold_a_second_staff_member_approves_and_the_amount_is_reserved_meanwhile() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    total = world.uow.committed(booking_id).amounts.total.amount
    waiting = refund(world, booking_id, 6_000)
    assert waiting.status is RefundStatus.AWAITING_APPROVAL and world.ledger(booking_id).refunded.is_zero()
    with pytest.raises(RefundExceedsCapture):  # the awaiting refund is spoken for
        refund(world, booking_id, total - 5_999, actor=OPERATOR)
    recent = world.clock.now()
    with pytest.raises(RefundApproval):
        approve_refund(ApproveRefund(actor=SAM, booking_id=booking_id, seq=1, second_factor_at=recent), world.uow,
                       world.gateway, world.clock)  # fmt: skip
    done = approve_refund(ApproveRefund(actor=KIM, booking_id=booking_id, seq=1, second_factor_at=recent), world.uow,
                          world.gateway, world.clock)  # fmt: skip
    assert done.status is RefundStatus.REFUNDED and done.approved_by == "staff:usr_kim"
    assert world.ledger(booking_id).refunded == Money(6_000, "USD") == intent(world, booking_id).amount_refunded


def test_a_failed_send_stays_approved_and_the_retry_refunds_once() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    gateway = WatchedGateway(world.gateway, failures=1)
    with pytest.raises(PaymentGatewayUnavailable):
        refund(world, booking_id, 900, key="req-9", gateway=gateway)
    with world.uow.reading():
        (kept,) = world.uow.staff_refunds.of_booking(booking_id)
    assert kept.status is RefundStatus.APPROVED and world.ledger(booking_id).refunded.is_zero()
    assert refund(world, booking_id, 900, key="req-9", gateway=gateway).status is RefundStatus.REFUNDED
    assert gateway.refund_keys == [f"{booking_id}:refund:staff:1"] * 2
    assert world.ledger(booking_id).refunded == Money(900, "USD") == intent(world, booking_id).amount_refunded


def test_a_later_cancellation_counts_the_staff_refunds_as_already_given_back() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    refund(world, booking_id, 3_000, actor=OPERATOR)
    world.cancel(booking_id)
    booking = world.uow.committed(booking_id)
    assert booking.refund is not None and booking.refund.previously_refunded == Money(3_000, "USD")
    ledger = world.ledger(booking_id)
    assert ledger.refunded == booking.refunded == intent(world, booking_id).amount_refunded
    assert ledger.refunded <= ledger.captured


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=20_000), min_size=1, max_size=8))
def test_any_refunds_never_exceed_the_capture_and_ledger_and_gateway_agree(amounts: list[int]) -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    captured = world.uow.committed(booking_id).captured
    given_back = 0
    for amount in amounts:
        try:
            refund(world, booking_id, amount, actor=OPERATOR, rules=NO_DUAL_CONTROL)
            given_back += amount
        except RefundExceedsCapture:
            assert given_back + amount > captured.amount
    ledger = world.ledger(booking_id)  # balanced: asserted inside
    assert ledger.refunded == Money(given_back, "USD") == intent(world, booking_id).amount_refunded
    assert ledger.refunded <= captured


def audit_trail(world: MoneyWorld) -> list[tuple[str, str, dict[str, str]]]:
    """The audit log as (actor, action, details), after checking that its hash chain verifies."""
    with world.uow.reading():
        entries = list(world.uow.audit.entries())
    assert first_broken(entries) is None
    return [(e.record.actor, e.record.action, dict(e.record.details)) for e in entries]


def test_asking_for_and_approving_a_refund_each_leave_a_chained_audit_entry() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    refund(world, booking_id, 6_000)
    approve_refund(ApproveRefund(actor=KIM, booking_id=booking_id, seq=1, second_factor_at=world.clock.now()),
                   world.uow, world.gateway, world.clock)  # fmt: skip
    refund(world, booking_id, 100, key="small")
    refund(world, booking_id, 100, key="small")  # a retried request: the first refund, audited once
    asked = {"booking": booking_id, "refund": "1", "amount": "6000 USD", "reason": "late start"}
    assert audit_trail(world) == [
        ("staff:usr_sam", "refund.request", asked | {"status": "awaiting-approval"}),
        ("staff:usr_kim", "refund.approve", asked | {"requested_by": "staff:usr_sam"}),
        ("staff:usr_sam", "refund.request", asked | {"refund": "2", "amount": "100 USD", "status": "approved"}),
    ]


def test_a_refused_refund_or_approval_leaves_no_audit_entry() -> None:
    world = MoneyWorld()
    booking_id = world.confirmed()
    total = world.uow.committed(booking_id).amounts.total.amount
    with pytest.raises(RefundExceedsCapture):
        refund(world, booking_id, total + 1)
    refund(world, booking_id, 6_000)
    with pytest.raises(RefundApproval):  # the asker cannot approve their own refund
        approve_refund(ApproveRefund(actor=SAM, booking_id=booking_id, seq=1, second_factor_at=world.clock.now()),
                       world.uow, world.gateway, world.clock)  # fmt: skip
    assert [action for _, action, _ in audit_trail(world)] == ["refund.request"]
