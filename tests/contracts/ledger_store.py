"""The ledger stores' contract (entries, applied gateway events, disputes, payouts, staff refunds), in a booking unit
of work: the in-memory twin and SQLite (tests/unit), PostgreSQL (tests/integration) must pass these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from core.booking.money_ports import MoneyUnitOfWork
from core.booking.staff_refund_records import RefundStatus, StaffRefund
from core.payments.ledger import Account, BookingLedger, Posting, Split, unbalanced_currencies
from core.payments.payouts import Payout, PayoutDestination, PayoutMethod, PayoutReceipt, PayoutStatus
from core.payments.webhooks import DisputeRecord
from core.shared.audit import AuditRecord, first_broken
from core.shared.errors import NotFound
from core.shared.money import Money

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
SPLIT = Split(Money(10_000, "EUR"), Money(1_200, "EUR"), Money(2_240, "EUR"))
NewUow = Callable[[], MoneyUnitOfWork]


def _captured(booking_id: str, intent_id: str, at: datetime = T0) -> list[Posting]:
    ledger = BookingLedger(booking_id, "EUR")
    total = Money(13_440, "EUR")
    hold = ledger.hold(total, intent_id, f"hold:{intent_id}", at)
    capture = ledger.capture(total, SPLIT, intent_id, f"capture:{intent_id}", at + timedelta(minutes=1))
    assert hold is not None and capture is not None
    return [hold, capture]


class LedgerStoreContract:
    @pytest.fixture
    def new_uow(self) -> NewUow:
        raise NotImplementedError

    def test_postings_come_back_in_order_and_a_key_posts_once(self, new_uow: NewUow) -> None:
        hold, capture = _captured("bkg_1", "pi_1")
        with new_uow() as uow:
            assert uow.ledger.post(hold) and uow.ledger.post(capture)
            assert not uow.ledger.post(hold)
            uow.commit()
        with new_uow() as uow:
            assert not uow.ledger.post(capture)
            entries = list(uow.ledger.entries("bkg_1"))
        assert entries == hold.entries() + capture.entries()
        assert unbalanced_currencies(entries) == {}
        assert BookingLedger("bkg_1", "EUR", entries).balance(Account.CAPTURED) == Money(13_440, "EUR")

    def test_a_rolled_back_unit_posts_nothing(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            uow.ledger.post(_captured("bkg_1", "pi_1")[0])
        with new_uow() as uow:
            assert list(uow.ledger.entries("bkg_1")) == []

    def test_intents_are_found_by_booking_by_what_they_hold_and_by_time(self, new_uow: NewUow) -> None:
        held, _ = _captured("bkg_2", "pi_2", T0 + timedelta(hours=2))
        with new_uow() as uow:
            for posting in [*_captured("bkg_1", "pi_1"), held]:
                uow.ledger.post(posting)
            uow.commit()
        with new_uow() as uow:
            assert uow.ledger.booking_of_intent("pi_2") == "bkg_2"
            assert uow.ledger.booking_of_intent("pi_9") is None
            assert list(uow.ledger.open_intents()) == [("bkg_2", "pi_2")]
            assert list(uow.ledger.intents_since(T0 + timedelta(hours=1))) == [("bkg_2", "pi_2")]
            assert list(uow.ledger.intents_since(T0)) == [("bkg_1", "pi_1"), ("bkg_2", "pi_2")]
            between = uow.ledger.entries_between(T0, T0 + timedelta(hours=1))
        assert {e.posting_key for e in between} == {"hold:pi_1", "capture:pi_1"}

    def test_a_gateway_event_is_claimed_once_unless_its_unit_rolls_back(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            assert uow.payment_events.claim("evt_1", "charge.refunded", T0)
        with new_uow() as uow:
            assert uow.payment_events.claim("evt_1", "charge.refunded", T0)
            assert not uow.payment_events.claim("evt_1", "charge.refunded", T0)
            uow.commit()
        with new_uow() as uow:
            assert not uow.payment_events.claim("evt_1", "charge.refunded", T0 + timedelta(days=1))

    def test_disputes_are_kept_with_their_evidence_and_replaced_by_id(self, new_uow: NewUow) -> None:
        opened = DisputeRecord("dp_1", "bkg_1", "pi_1", Money(13_440, "EUR"), "fraudulent", "needs_response", T0,
                               {"booking": {"id": "bkg_1"}, "timeline": ["held", "confirmed"]})  # fmt: skip
        with new_uow() as uow:
            uow.disputes.save(opened)
            uow.disputes.save(DisputeRecord("dp_0", "bkg_2", None, Money(5, "EUR"), "other", "won", T0, {}))
            uow.commit()
        with new_uow() as uow:
            assert list(uow.disputes.of_booking("bkg_1")) == [opened]
            won = attrs.evolve(opened, status="won")
            uow.disputes.save(won)
            uow.commit()
        with new_uow() as uow:
            assert list(uow.disputes.of_booking("bkg_1")) == [won]

    def test_a_booking_has_one_payout_ever_listed_until_it_is_sent(self, new_uow: NewUow) -> None:
        paid, waiting = BookingLedger("bkg_p", "EUR"), BookingLedger("bkg_w", "EUR")
        postings = [*_captured("bkg_p", "pi_p"), *_captured("bkg_w", "pi_w")]
        for ledger in (paid, waiting):
            for posting in postings:
                if posting.booking_id == ledger.booking_id:
                    ledger.apply(posting)
        out = [p for p in (paid.payout("payout:bkg_p", T0), waiting.payout("payout:bkg_w", T0)) if p is not None]
        with new_uow() as uow:
            for posting in [*postings, *out]:
                uow.ledger.post(posting)
            assert list(uow.payouts.unsettled()) == ["bkg_p", "bkg_w"]
            uow.commit()
        amount = Money(10_000, "EUR")
        first = Payout.record("bkg_p", "usr_pat", amount, PayoutDestination("acct_1", None), T0)
        held = Payout.record("bkg_w", "usr_pat", amount, None, T0)
        with new_uow() as uow:
            assert uow.payouts.add(first) and uow.payouts.add(held)
            assert not uow.payouts.add(attrs.evolve(first, provider_id="usr_other"))
            uow.commit()
        sent_at = T0 + timedelta(hours=2)
        with new_uow() as uow:
            assert uow.payouts.of_booking("bkg_w") == held and uow.payouts.of_booking("bkg_x") is None
            assert list(uow.payouts.unsettled()) == ["bkg_p"]  # held: not listed until released
            assert list(uow.payouts.held()) == [held]
            uow.payouts.save(first.sent(PayoutReceipt(PayoutMethod.TRANSFER, "tr_1"), sent_at))
            uow.commit()
        with new_uow() as uow:
            assert list(uow.payouts.unsettled()) == []
            (sent,) = uow.payouts.sent_between(T0, T0 + timedelta(days=1))
            assert sent.status is PayoutStatus.SENT and sent.reference == "tr_1" and sent.sent_at == sent_at
            assert list(uow.payouts.sent_between(T0 + timedelta(days=1), T0 + timedelta(days=2))) == []
            released = held.released("acct_2", "provider confirmed the account", "staff:ada")
            uow.payouts.save(released)
            assert list(uow.payouts.unsettled()) == ["bkg_w"] and list(uow.payouts.held()) == []
            assert uow.payouts.of_booking("bkg_w") == released
            assert (released.release_reason, released.released_by) == ("provider confirmed the account", "staff:ada")
            uow.payouts.save(attrs.evolve(released, status=PayoutStatus.SETTLED_BEFORE_PAYOUTS))
            assert list(uow.payouts.unsettled()) == [] and list(uow.payouts.held()) == []  # settled: never sent

    def test_staff_refunds_are_numbered_per_booking_and_replaced_by_number(self, new_uow: NewUow) -> None:
        first = StaffRefund("bkg_1", 1, Money(500, "EUR"), "late start", "staff:usr_sam", T0,
                            RefundStatus.AWAITING_APPROVAL, "req-1")  # fmt: skip
        second = StaffRefund("bkg_1", 2, Money(700, "EUR"), "no show", "operator", T0, RefundStatus.APPROVED)
        with new_uow() as uow:
            assert uow.staff_refunds.add(second) and uow.staff_refunds.add(first)
            assert not uow.staff_refunds.add(attrs.evolve(first, reason="again"))
            uow.staff_refunds.add(StaffRefund("bkg_2", 1, Money(1, "EUR"), "x", "operator", T0, RefundStatus.REFUNDED))
            uow.commit()
        approved = attrs.evolve(first, status=RefundStatus.REFUNDED, approved_by="staff:usr_kim", refunded_at=T0)
        with new_uow() as uow:
            assert list(uow.staff_refunds.of_booking("bkg_1")) == [first, second]
            uow.staff_refunds.save(approved)
            uow.commit()
        with new_uow() as uow:
            assert uow.staff_refunds.get("bkg_1", 1) == approved
            with pytest.raises(NotFound):
                uow.staff_refunds.get("bkg_1", 3)

    def test_the_audit_log_appends_in_the_units_transaction_and_its_chain_verifies(self, new_uow: NewUow) -> None:
        asked = AuditRecord("staff:usr_sam", "refund.request", "bkg_1", T0, "", (("amount", "500 EUR"),))
        approved = AuditRecord("staff:usr_kim", "refund.approve", "bkg_1", T0 + timedelta(minutes=1))
        with new_uow() as uow:
            assert uow.audit.append(asked).seq == 1
            uow.commit()
        with new_uow() as uow:  # rolled back: nothing appended
            uow.audit.append(AuditRecord("staff:usr_sam", "refund.request", "bkg_2", T0))
        with new_uow() as uow:
            second = uow.audit.append(approved)
            uow.commit()
        with new_uow() as uow:
            entries = list(uow.audit.entries())
        assert [e.record for e in entries] == [asked, approved] and entries[-1] == second
        assert first_broken(entries) is None
