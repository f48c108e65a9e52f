"""NTB-PAY-002: no payout to a destination changed in the last 72 h without staff review. The pure rule at its
boundary (Hypothesis), the account recording when its destination changed, and the run holding such payouts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.filesystem.payout_files import ManualPayouts
from adapters.memory.payouts import InMemoryPayouts
from core.booking.payout_commands import ReleasePayout, release_payout
from core.booking.payout_run import run_payouts
from core.identity.errors import StepUpRequired
from core.identity.model import User
from core.payments.payouts import (
    DESTINATION_REVIEW_WINDOW,
    HoldReason,
    PayoutDestination,
    PayoutStatus,
    destination_review,
)
from core.shared.actor import OPERATOR, Actor, StaffOnly
from core.shared.audit import first_broken
from core.shared.errors import InvalidInput
from tests.unit.payments.test_payout_run import Destinations, completed_world, stored

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
WHY = "called the provider on the number we had before the change"
ANY_OFFSET = st.timedeltas(min_value=-timedelta(days=30), max_value=timedelta(days=30))
NEAR_THE_EDGE = st.integers(min_value=-5_000_000, max_value=5_000_000).map(
    lambda micros: DESTINATION_REVIEW_WINDOW + timedelta(microseconds=micros)
)


@given(st.one_of(ANY_OFFSET, NEAR_THE_EDGE))
def test_a_destination_changed_less_than_72_hours_ago_needs_review(age: timedelta) -> None:
    reason = destination_review(PayoutDestination("acct_1", NOW - age), NOW)
    assert (reason is HoldReason.DESTINATION_CHANGED) == (age < DESTINATION_REVIEW_WINDOW)


def test_the_boundary_itself_pays_and_a_microsecond_before_it_holds() -> None:
    at_72h = PayoutDestination("acct_1", NOW - timedelta(hours=72))
    assert destination_review(at_72h, NOW) is None
    assert destination_review(at_72h, NOW - timedelta(microseconds=1)) is HoldReason.DESTINATION_CHANGED
    assert destination_review(PayoutDestination("acct_1", None), NOW) is None  # set before the rule: old
    assert destination_review(None, NOW) is HoldReason.NO_DESTINATION


def test_the_account_records_when_its_destination_changed_and_only_when_it_did() -> None:
    user = User.sign_up("usr_pat", "pat@example.com", "hash", NOW)
    user.set_payout_destination("acct_1", NOW)
    user.set_payout_destination(" acct_1 ", NOW + timedelta(days=5))  # the same destination: not a change
    assert user.payout_destination_changed_at == NOW
    user.set_payout_destination("acct_2", NOW + timedelta(days=6))
    assert user.payout_destination_changed_at == NOW + timedelta(days=6)


def test_the_run_holds_a_payout_to_a_new_destination_until_staff_release_it() -> None:
    world, booking_id = completed_world()
    sender = InMemoryPayouts(ManualPayouts())
    changed = world.clock.now() - DESTINATION_REVIEW_WINDOW + timedelta(seconds=1)
    destinations = Destinations(usr_pat=PayoutDestination("acct_1New", changed))
    assert run_payouts(world.uow, sender, destinations, world.clock).held == (booking_id,)
    payout = stored(world, booking_id)
    assert payout is not None and payout.held_reason is HoldReason.DESTINATION_CHANGED and sender.transfers == {}
    world.clock.advance(timedelta(hours=1))  # the window has passed, but nobody reviewed it: still held
    assert run_payouts(world.uow, sender, destinations, world.clock).sent == ()
    with pytest.raises(StaffOnly):
        release_payout(
            ReleasePayout(actor=Actor("usr_pat"), booking_id=booking_id, reason=WHY),
            world.uow,
            destinations,
            world.clock,
        )
    with pytest.raises(StepUpRequired):
        release_payout(ReleasePayout(actor=Actor("usr_kim", ("admin",)), booking_id=booking_id, reason=WHY), world.uow,
                       destinations, world.clock)  # fmt: skip
    for blank_or_long in ("  ", "x" * 501):
        with pytest.raises(InvalidInput, match="reason"):
            release_payout(ReleasePayout(actor=OPERATOR, booking_id=booking_id, reason=blank_or_long), world.uow,
                           destinations, world.clock)  # fmt: skip
        still = stored(world, booking_id)
        assert still is not None and still.status is PayoutStatus.HELD
    released = release_payout(
        ReleasePayout(actor=OPERATOR, booking_id=booking_id, reason=f" {WHY} "), world.uow, destinations, world.clock
    )
    assert released.status is PayoutStatus.RELEASED and released.destination == "acct_1New"
    assert (released.release_reason, released.released_by) == (WHY, "operator")
    assert stored(world, booking_id) == released
    with pytest.raises(InvalidInput):
        release_payout(ReleasePayout(actor=OPERATOR, booking_id=booking_id, reason=WHY), world.uow, destinations,
                       world.clock)  # fmt: skip
    assert run_payouts(world.uow, sender, destinations, world.clock).sent == (booking_id,)
    assert [t.destination for t in sender.transfers.values()] == ["acct_1New"]


def test_releasing_a_held_payout_leaves_a_chained_audit_entry_naming_who_what_and_why() -> None:
    world, booking_id = completed_world()
    sender = InMemoryPayouts(ManualPayouts())
    destinations = Destinations(usr_pat=PayoutDestination("acct_1New", world.clock.now()))
    run_payouts(world.uow, sender, destinations, world.clock)
    kim = Actor("usr_kim", ("admin",))
    release_payout(ReleasePayout(actor=kim, booking_id=booking_id, reason=WHY, second_factor_at=world.clock.now()),
                   world.uow, destinations, world.clock)  # fmt: skip
    payout = stored(world, booking_id)
    assert payout is not None
    with world.uow.reading():
        entries = list(world.uow.audit.entries())
    assert first_broken(entries) is None and [e.record.action for e in entries] == ["payout.release"]
    record = entries[0].record
    assert (record.actor, record.subject, record.at) == ("staff:usr_kim", f"payout:{booking_id}", world.clock.now())
    assert dict(record.details) == {
        "booking": booking_id, "payout": f"payout:{booking_id}", "reason": WHY, "held_reason": "destination-changed",
        "amount": f"{payout.amount.amount} {payout.amount.currency}", "provider": "usr_pat", "destination": "acct_1New",
    }  # fmt: skip
