"""The ``Payouts`` contract: every sender (test mode, Stripe Connect) must pass these tests.

Subclass ``PayoutsContract`` with a ``payouts`` fixture returning a fresh sender whose fallback for destinations
without a connected account is ``ManualPayouts``.
"""

from __future__ import annotations

import itertools

import pytest

from core.payments.payout_ports import Payouts
from core.payments.payouts import PayoutInstruction, PayoutMethod
from core.shared.errors import InvalidInput
from core.shared.money import Money

_keys = itertools.count()


def instruction(destination: str = "acct_1Provider", amount: int = 9_000) -> PayoutInstruction:
    booking_id = f"bkg_contract_{next(_keys)}"
    return PayoutInstruction(booking_id, "usr_pat", Money(amount, "USD"), destination, f"payout:{booking_id}")


class PayoutsContract:
    @pytest.fixture
    def payouts(self) -> Payouts:
        raise NotImplementedError("adapter test classes provide a fresh sender")

    def test_a_connected_account_is_paid_by_transfer(self, payouts: Payouts) -> None:
        receipt = payouts.pay(instruction())
        assert receipt.method is PayoutMethod.TRANSFER and receipt.reference

    def test_a_retried_payout_answers_the_first_receipt(self, payouts: Payouts) -> None:
        sent = instruction()
        assert payouts.pay(sent) == payouts.pay(sent)

    def test_two_bookings_are_two_transfers(self, payouts: Payouts) -> None:
        assert payouts.pay(instruction()).reference != payouts.pay(instruction()).reference

    def test_a_destination_without_a_connected_account_goes_to_the_manual_file(self, payouts: Payouts) -> None:
        receipt = payouts.pay(instruction(destination="GB29NWBK60161331926819"))
        assert receipt == type(receipt)(PayoutMethod.MANUAL, None)

    def test_nothing_is_paid_out_of_a_non_positive_amount(self, payouts: Payouts) -> None:
        with pytest.raises(InvalidInput):
            payouts.pay(instruction(amount=0))
