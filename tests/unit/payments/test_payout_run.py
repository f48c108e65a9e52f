"""The payout run on the in-memory booking world: one payout per booking ever, frozen by a dispute, held for
review when the destination is missing or changed recently, resent with the same key after a failure."""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.filesystem.payout_files import ManualPayouts
from adapters.memory.payouts import InMemoryPayouts
from adapters.stripe.webhook_events import gateway_event
from core.booking import handlers
from core.booking.payment_webhooks import apply_gateway_event
from core.booking.payout_run import run_payouts
from core.payments.errors import PaymentGatewayUnavailable
from core.payments.payouts import (
    HoldReason,
    Payout,
    PayoutDestination,
    PayoutInstruction,
    PayoutMethod,
    PayoutReceipt,
    PayoutStatus,
)
from tests.unit.booking.test_booking_access import provider
from tests.unit.payments import stripe_events as se
from tests.unit.payments.money_world import MoneyWorld


class Destinations:
    def __init__(self, **by_user: PayoutDestination) -> None:
        self.by_user = by_user

    def of(self, user_id: str) -> PayoutDestination | None:
        return self.by_user.get(user_id)


class FlakyPayouts:
    """Fails the first ``failures`` calls, then pays through ``inner``."""

    def __init__(self, inner: InMemoryPayouts, failures: int) -> None:
        self.inner, self.failures, self.calls = inner, failures, 0

    def pay(self, instruction: PayoutInstruction) -> PayoutReceipt:
        self.calls += 1
        if self.calls <= self.failures:
            raise PaymentGatewayUnavailable("down")
        return self.inner.pay(instruction)


def completed_world() -> tuple[MoneyWorld, str]:
    world = MoneyWorld()
    profile = provider("usr_pat")()
    assert profile is not None
    with world.uow:
        world.uow.services.add(profile)
        world.uow.commit()
    booking_id = world.confirmed()
    world.clock.advance(timedelta(days=12))
    assert handlers.complete_ended_bookings(world.uow, world.clock) == [booking_id]
    return world, booking_id


def stored(world: MoneyWorld, booking_id: str) -> Payout | None:
    with world.uow.reading():
        return world.uow.payouts.of_booking(booking_id)


def long_ago(world: MoneyWorld) -> datetime:
    return world.clock.now() - timedelta(days=30)


def test_a_completed_booking_is_paid_out_once_by_transfer_with_the_fee_kept() -> None:
    world, booking_id = completed_world()
    sender = InMemoryPayouts(ManualPayouts())
    destinations = Destinations(usr_pat=PayoutDestination("acct_1Pat", long_ago(world)))
    report = run_payouts(world.uow, sender, destinations, world.clock)
    assert report.sent == (booking_id,) and not (report.held or report.frozen or report.failed)
    payout = stored(world, booking_id)
    amounts = world.uow.committed(booking_id).amounts
    assert payout is not None and payout.status is PayoutStatus.SENT and payout.method is PayoutMethod.TRANSFER
    assert payout.amount == amounts.subtotal == world.ledger(booking_id).paid_out  # the fee and tax stay with us
    assert payout.provider_id == "usr_pat" and payout.destination == "acct_1Pat"
    again = run_payouts(world.uow, sender, destinations, world.clock)
    assert again.sent == () and len(sender.transfers) == 1


def test_a_destination_without_a_connected_account_goes_to_the_manual_file() -> None:
    world, booking_id = completed_world()
    destinations = Destinations(usr_pat=PayoutDestination("GB29NWBK60161331926819", None))
    run_payouts(world.uow, InMemoryPayouts(ManualPayouts()), destinations, world.clock)
    payout = stored(world, booking_id)
    assert payout is not None and payout.method is PayoutMethod.MANUAL and payout.sent_at == world.clock.now()


def test_a_provider_without_a_destination_is_held_for_review_and_stays_held() -> None:
    world, booking_id = completed_world()
    sender = InMemoryPayouts(ManualPayouts())
    assert run_payouts(world.uow, sender, Destinations(), world.clock).held == (booking_id,)
    payout = stored(world, booking_id)
    assert payout is not None and payout.held_reason is HoldReason.NO_DESTINATION
    later = Destinations(usr_pat=PayoutDestination("acct_1Pat", long_ago(world)))
    assert run_payouts(world.uow, sender, later, world.clock).sent == () and sender.transfers == {}


def test_an_open_dispute_freezes_the_payout_until_it_is_won() -> None:
    world = MoneyWorld()
    profile = provider("usr_pat")()
    assert profile is not None
    with world.uow:
        world.uow.services.add(profile)
        world.uow.commit()
    booking_id = world.confirmed()
    intent = world.intent_of(booking_id)
    world.clock.advance(timedelta(days=12))
    handlers.complete_ended_bookings(world.uow, world.clock)
    sender = InMemoryPayouts(ManualPayouts())
    destinations = Destinations(usr_pat=PayoutDestination("acct_1Pat", long_ago(world)))
    # completed and paid on the ledger first, then disputed: the run must not send it
    opened = se.event("evt_d1", "charge.dispute.created", se.dispute("dp_1", intent, 5_000, "needs_response"))
    apply_gateway_event(gateway_event(opened), world.uow, world.clock)
    assert run_payouts(world.uow, sender, destinations, world.clock).frozen == (booking_id,)
    assert stored(world, booking_id) is None and sender.transfers == {}
    won = se.event("evt_d2", "charge.dispute.closed", se.dispute("dp_1", intent, 5_000, "won"))
    apply_gateway_event(gateway_event(won), world.uow, world.clock)
    assert run_payouts(world.uow, sender, destinations, world.clock).sent == (booking_id,)


def test_a_failed_send_stays_pending_and_the_next_run_sends_it_with_the_same_key() -> None:
    world, booking_id = completed_world()
    inner = InMemoryPayouts(ManualPayouts())
    flaky = FlakyPayouts(inner, failures=1)
    destinations = Destinations(usr_pat=PayoutDestination("acct_1Pat", long_ago(world)))
    assert run_payouts(world.uow, flaky, destinations, world.clock).failed == (booking_id,)
    payout = stored(world, booking_id)
    assert payout is not None and payout.status is PayoutStatus.PENDING
    assert run_payouts(world.uow, flaky, destinations, world.clock).sent == (booking_id,)
    assert list(inner.transfers) == [f"payout:{booking_id}"]
