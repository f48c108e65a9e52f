"""``StripeConnectPayouts``: a provider's payout as a Stripe Connect transfer to its connected account.

Providers without one (a destination that is not an ``acct_...`` id) go to ``fallback``, the manual payout file.
The transfer carries our idempotency key (Stripe answers a retried key with the first transfer) and the booking as
its ``transfer_group``, so Stripe's dashboard ties it to the booking's charge. Stripe forgets idempotency keys after
24 hours, so a payout resent later (a run that died between Stripe's answer and our record) first looks for the
booking's transfer by its group and answers with it: one transfer per booking ever, whenever the retry comes.
"""

from __future__ import annotations

import stripe
from stripe.params import TransferCreateParams

from adapters.stripe.vendor_errors import translated
from core.payments.payout_ports import Payouts
from core.payments.payouts import PayoutInstruction, PayoutMethod, PayoutReceipt
from core.shared.errors import InvalidInput

CONNECTED_ACCOUNT_PREFIX = "acct_"


class StripeConnectPayouts:
    def __init__(self, client: stripe.StripeClient, fallback: Payouts) -> None:
        self._client = client
        self._fallback = fallback

    def pay(self, instruction: PayoutInstruction) -> PayoutReceipt:
        if instruction.amount.amount <= 0:
            raise InvalidInput("amount", "must be positive")
        if not instruction.destination.startswith(CONNECTED_ACCOUNT_PREFIX):
            return self._fallback.pay(instruction)
        params: TransferCreateParams = {
            "amount": instruction.amount.amount,
            "currency": instruction.amount.currency.lower(),
            "destination": instruction.destination,
            "transfer_group": instruction.booking_id,
            "metadata": {"booking_id": instruction.booking_id, "provider_id": instruction.provider_id},
        }
        try:
            sent = self._client.v1.transfers.list({"transfer_group": instruction.booking_id, "limit": 1}).data
            if not sent:
                sent = [self._client.v1.transfers.create(params, {"idempotency_key": instruction.idempotency_key})]
        except stripe.StripeError as error:
            raise translated(error) from error
        return PayoutReceipt(PayoutMethod.TRANSFER, sent[0].id)
