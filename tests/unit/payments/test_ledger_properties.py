"""Hypothesis: any sequence of hold, capture, refund, cancel, dispute and payout keeps a booking's ledger balanced,
never refunds beyond the capture, and never pays out while a dispute is open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.payments.ledger import Account, BookingLedger, Split, unbalanced_currencies
from core.payments.ledger_errors import LedgerError, PayoutFrozen
from core.shared.errors import InvalidInput
from core.shared.money import Money

AT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
SPLIT = Split(Money(10_000, "EUR"), Money(1_200, "EUR"), Money(2_240, "EUR"))

operations = st.lists(
    st.tuples(
        st.sampled_from(["hold", "capture", "refund", "cancel", "dispute", "win", "lose", "payout", "again"]),
        st.integers(min_value=1, max_value=20_000),
    ),
    max_size=25,
)


def _run(ledger: BookingLedger, name: str, amount: int, n: int) -> None:
    money = Money(amount, "EUR")
    match name:
        case "hold":
            ledger.hold(money, "pi_1", f"hold:{n}", AT)
        case "capture":
            ledger.capture(money, SPLIT, "pi_1", f"capture:{n}", AT)
        case "refund":
            ledger.refund(money, "pi_1", f"refund:{n}", AT)
        case "cancel":
            ledger.release("pi_1", f"release:{n}", AT)
        case "dispute":
            ledger.open_dispute(money, "pi_1", f"dispute:{n}", AT)
        case "win" | "lose":
            ledger.close_dispute(name == "win", "pi_1", f"closed:{n}", AT)
        case "payout":
            frozen = ledger.payout_frozen
            before = ledger.paid_out
            try:
                ledger.payout(f"payout:{n}", AT)
            except PayoutFrozen:
                assert frozen
            assert not frozen or ledger.paid_out == before
        case _:  # a duplicated delivery of the first posting: no second effect
            count = len(ledger.entries)
            ledger.hold(money, "pi_1", "hold:0", AT)
            assert len(ledger.entries) in (count, count + 2)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_every_sequence_keeps_the_ledger_balanced_and_within_its_rules(ops: list[tuple[str, int]]) -> None:
    ledger = BookingLedger("bkg_1", "EUR")
    for n, (name, amount) in enumerate(ops):
        try:
            _run(ledger, name, amount, n)
        except (LedgerError, InvalidInput) as refused:
            assert not isinstance(refused, PayoutFrozen)
        assert unbalanced_currencies(ledger.entries) == {}
        assert ledger.held.amount >= 0
        assert ledger.refunded.amount + ledger.charged_back.amount <= ledger.captured.amount
        assert ledger.disputed.amount >= 0
        keys = [(e.posting_key, e.line) for e in ledger.entries]
        assert len(keys) == len(set(keys))


def test_a_refund_quote_decides_who_keeps_what() -> None:
    ledger = BookingLedger("bkg_1", "EUR")
    ledger.hold(Money(13_440, "EUR"), "pi_1", "hold", AT)
    ledger.capture(Money(13_440, "EUR"), SPLIT, "pi_1", "capture", AT)
    keeps = (Money(5_000, "EUR"), Money(1_200, "EUR"), Money(1_120, "EUR"))
    ledger.refund(Money(6_120, "EUR"), "pi_1", "refund", AT, keeps)
    assert ledger.payable == Money(5_000, "EUR")
    assert ledger.balance(Account.PLATFORM_FEE) == Money(-1_200, "EUR")
    assert ledger.balance(Account.TAX) == Money(-1_120, "EUR")
    assert ledger.refundable == Money(7_320, "EUR")


def test_an_open_dispute_freezes_the_payout_until_it_is_won() -> None:
    ledger = BookingLedger("bkg_1", "EUR")
    ledger.hold(Money(13_440, "EUR"), "pi_1", "hold", AT)
    ledger.capture(Money(13_440, "EUR"), SPLIT, "pi_1", "capture", AT)
    ledger.open_dispute(Money(13_440, "EUR"), "pi_1", "dispute", AT)
    with pytest.raises(PayoutFrozen):
        ledger.payout("payout", AT)
    ledger.close_dispute(True, "pi_1", "won", AT)
    ledger.payout("payout", AT)
    assert ledger.paid_out == Money(10_000, "EUR") and ledger.payable.is_zero()


def test_a_lost_dispute_is_a_chargeback_and_nothing_is_left_to_refund() -> None:
    ledger = BookingLedger("bkg_1", "EUR")
    ledger.hold(Money(13_440, "EUR"), "pi_1", "hold", AT)
    ledger.capture(Money(13_440, "EUR"), SPLIT, "pi_1", "capture", AT)
    ledger.open_dispute(Money(13_440, "EUR"), "pi_1", "dispute", AT)
    ledger.close_dispute(False, "pi_1", "lost", AT)
    assert ledger.charged_back == Money(13_440, "EUR") and ledger.refundable.is_zero()
    assert ledger.payable.is_zero() and not ledger.payout_frozen
    assert unbalanced_currencies(ledger.entries) == {}
