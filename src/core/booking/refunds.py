"""The refund kernel: who gets what of the captured money when a booking is cancelled.

Every quote partitions the captured money exactly, to the minor unit: ``previously_refunded`` +
``refund_to_client`` + ``payout_to_provider`` + ``platform_share`` + ``retained_tax`` == ``captured``.
Refund parts round down (``Rounding.DOWN``), so rounding never refunds more than the policy grants.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.amounts import BookingAmounts
from core.booking.states import ActorKind
from core.cancellation.policies import FULL_BPS, CancellationPolicy, ServiceFeeTreatment
from core.shared.errors import InvalidInput
from core.shared.money import Money, Rounding


@attrs.frozen
class StaffOverride:
    """Staff decide the refund rate themselves, and must say why."""

    refund_bps: int
    reason: str

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.refund_bps <= FULL_BPS:
            raise InvalidInput("override.refund_bps", "lies in 0..10000")
        if not self.reason.strip():
            raise InvalidInput("override.reason", "staff overrides need a reason")


@attrs.frozen
class RefundQuote:
    """The line items of one cancellation; ``basis`` says which rule decided the rate."""

    captured: Money
    previously_refunded: Money
    refund_to_client: Money
    tax_refunded: Money  # the tax inside ``refund_to_client``
    payout_to_provider: Money
    platform_share: Money
    retained_tax: Money
    refund_bps: int
    basis: str  # "policy", "provider-cancelled" or "staff-override"
    policy_name: str
    reason: str | None = None


def refund_quote(
    booking_amounts: BookingAmounts,
    policy: CancellationPolicy,
    cancelled_at: datetime,
    start: datetime,
    initiated_by: ActorKind,
    prior_refunds: Money | None = None,
    *,
    captured: Money | None = None,
    override: StaffOverride | None = None,
) -> RefundQuote:
    """Split the captured money for a cancellation at ``cancelled_at`` of a booking starting at ``start``.

    ``captured`` defaults to the booking total (pass zero when nothing was charged). ``prior_refunds``
    were already paid back; they are taken pro rata out of subtotal, fee and tax, and the quote splits
    only what remains. Clients get the policy's band rate on the subtotal minus the deposit (and on the
    fee when it is pro rata); a provider's cancellation refunds everything; staff must pass an
    ``override`` (rate and reason), which applies to every part including the deposit.
    Raises ``InvalidInput`` for an override without staff, staff without an override, or prior refunds
    beyond the capture; ``CurrencyMismatch`` for mixed currencies.
    """
    currency = booking_amounts.currency
    captured = booking_amounts.total if captured is None else captured
    prior = Money.zero(currency) if prior_refunds is None else prior_refunds
    remaining = captured - prior
    if captured.amount < 0 or prior.amount < 0 or remaining.amount < 0:
        raise InvalidInput("prior_refunds", "captured and prior refunds are non-negative, refunds <= captured")
    if remaining.is_zero() and override is None and initiated_by is ActorKind.STAFF:
        override = StaffOverride(0, "nothing left to refund")
    rate, basis, whole = _rate(policy, cancelled_at, start, initiated_by, override)
    subtotal, fee, tax = _remaining_parts(booking_amounts, remaining)
    deposit = Money.zero(currency)
    if not whole and booking_amounts.subtotal.amount:
        deposit = booking_amounts.deposit.scaled(subtotal.amount, booking_amounts.subtotal.amount, Rounding.DOWN)
    subtotal_refund = (subtotal - deposit).scaled(rate, FULL_BPS, Rounding.DOWN)
    fee_keeps = not whole and policy.service_fee is ServiceFeeTreatment.NON_REFUNDABLE
    fee_refund = Money.zero(currency) if fee_keeps else fee.scaled(rate, FULL_BPS, Rounding.DOWN)
    taxable = subtotal + fee
    if taxable.amount:
        tax_refund = tax.scaled((subtotal_refund + fee_refund).amount, taxable.amount, Rounding.DOWN)
    else:
        tax_refund = tax.scaled(rate, FULL_BPS, Rounding.DOWN)
    return RefundQuote(
        captured=captured,
        previously_refunded=prior,
        refund_to_client=subtotal_refund + fee_refund + tax_refund,
        tax_refunded=tax_refund,
        payout_to_provider=subtotal - subtotal_refund,
        platform_share=fee - fee_refund,
        retained_tax=tax - tax_refund,
        refund_bps=rate,
        basis=basis,
        policy_name=policy.name,
        reason=override.reason if override else None,
    )


def _rate(
    policy: CancellationPolicy,
    cancelled_at: datetime,
    start: datetime,
    initiated_by: ActorKind,
    override: StaffOverride | None,
) -> tuple[int, str, bool]:
    """The refund rate, the rule that set it, and whether it applies to deposit and fee as well."""
    if override is not None:
        if initiated_by is not ActorKind.STAFF:
            raise InvalidInput("override", "only staff may override the refund")
        return override.refund_bps, "staff-override", True
    if initiated_by is ActorKind.STAFF:
        raise InvalidInput("override", "staff cancellations state the refund rate and a reason")
    if initiated_by is ActorKind.PROVIDER:
        return FULL_BPS, "provider-cancelled", True
    return policy.refund_bps(start - cancelled_at), "policy", False


def _remaining_parts(amounts: BookingAmounts, remaining: Money) -> tuple[Money, Money, Money]:
    """``remaining`` split across subtotal, fee and tax in the booking's proportions, exactly."""
    ratios = [amounts.subtotal.amount, amounts.service_fee.amount, amounts.tax.amount]
    if remaining.is_zero() or not any(ratios):
        zero = Money.zero(amounts.currency)
        return remaining, zero, zero
    subtotal, fee, tax = remaining.allocate(ratios)
    return subtotal, fee, tax
