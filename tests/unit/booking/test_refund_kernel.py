"""The refund kernel: worked examples per policy, and the properties money must keep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.booking.amounts import BookingAmounts
from core.booking.refunds import RefundQuote, StaffOverride, refund_quote
from core.booking.states import ActorKind
from core.cancellation.policies import FLEXIBLE, MODERATE, POLICIES, STRICT, CancellationPolicy, RefundBand
from core.cancellation.policies import ServiceFeeTreatment as Fee
from core.shared.errors import InvalidInput
from core.shared.money import Money

START = datetime(2030, 6, 1, 12, tzinfo=UTC)
USD = BookingAmounts(Money(20_000, "USD"), Money(2_400, "USD"), Money(1_624, "USD"), Money(0, "USD"))


def quote(policy: CancellationPolicy, notice: timedelta, amounts: BookingAmounts = USD, **kw: object) -> RefundQuote:
    by = kw.pop("initiated_by", ActorKind.CLIENT)
    return refund_quote(amounts, policy, START - notice, START, by, **kw)  # type: ignore[arg-type]


def parts(q: RefundQuote) -> int:
    return sum(
        m.amount
        for m in (q.previously_refunded, q.refund_to_client, q.payout_to_provider, q.platform_share, q.retained_tax)
    )


@pytest.mark.parametrize(
    ("policy", "notice", "bps"),
    [
        (FLEXIBLE, timedelta(hours=24), 10_000),
        (FLEXIBLE, timedelta(hours=23, minutes=59), 0),
        (MODERATE, timedelta(days=7), 10_000),
        (MODERATE, timedelta(days=6), 5_000),
        (MODERATE, timedelta(hours=48), 5_000),
        (MODERATE, timedelta(hours=47), 0),
        (STRICT, timedelta(days=14), 10_000),
        (STRICT, timedelta(days=13), 5_000),
        (STRICT, timedelta(days=7), 5_000),
        (STRICT, timedelta(days=6), 0),
        (STRICT, -timedelta(hours=1), 0),
    ],
)
def test_policy_bands(policy: CancellationPolicy, notice: timedelta, bps: int) -> None:
    q = quote(policy, notice)
    assert (q.refund_bps, q.basis) == (bps, "policy")
    assert q.refund_to_client.amount == {10_000: USD.total.amount, 5_000: 12_012, 0: 0}[bps]
    assert parts(q) == USD.total.amount


def test_half_refund_splits_price_fee_and_tax() -> None:
    q = quote(MODERATE, timedelta(days=3))
    assert q.payout_to_provider == Money(10_000, "USD")
    assert q.platform_share == Money(1_200, "USD")
    assert (q.tax_refunded, q.retained_tax) == (Money(812, "USD"), Money(812, "USD"))
    assert q.refund_to_client == Money(10_000 + 1_200 + 812, "USD")


def test_deposit_and_non_refundable_fee_stay_with_provider_and_platform() -> None:
    policy = CancellationPolicy("kept", FLEXIBLE.bands, deposit_bps=2_000, service_fee=Fee.NON_REFUNDABLE)
    amounts = BookingAmounts(Money(20_000, "USD"), Money(2_400, "USD"), Money(1_624, "USD"), Money(4_000, "USD"))
    q = quote(policy, timedelta(days=2), amounts)
    assert q.payout_to_provider == Money(4_000, "USD")
    assert q.platform_share == Money(2_400, "USD")
    assert q.tax_refunded == Money(1_624 * 16_000 // 22_400, "USD")
    assert parts(q) == amounts.total.amount
    provider = quote(policy, timedelta(0), amounts, initiated_by=ActorKind.PROVIDER)
    assert (provider.refund_to_client, provider.basis) == (amounts.total, "provider-cancelled")


def test_staff_override_needs_staff_and_a_reason() -> None:
    with pytest.raises(InvalidInput):
        StaffOverride(5_000, "  ")
    with pytest.raises(InvalidInput):
        quote(FLEXIBLE, timedelta(0), override=StaffOverride(5_000, "goodwill"))
    with pytest.raises(InvalidInput):
        quote(FLEXIBLE, timedelta(0), initiated_by=ActorKind.STAFF)
    q = quote(FLEXIBLE, timedelta(0), initiated_by=ActorKind.STAFF, override=StaffOverride(10_000, "venue flooded"))
    assert (q.refund_to_client, q.reason) == (USD.total, "venue flooded")


def test_prior_refunds_are_taken_off_first_and_never_exceeded() -> None:
    q = quote(FLEXIBLE, timedelta(days=2), prior_refunds=Money(5_000, "USD"))
    assert q.refund_to_client == USD.total - Money(5_000, "USD")
    with pytest.raises(InvalidInput):
        quote(FLEXIBLE, timedelta(days=2), prior_refunds=USD.total + Money(1, "USD"))


def test_policies_are_validated_and_summarised() -> None:
    with pytest.raises(InvalidInput):
        CancellationPolicy("odd", (RefundBand(timedelta(days=1), 5_000), RefundBand(timedelta(days=7), 10_000)))
    assert (
        POLICIES["moderate"]
        .summary()
        .startswith(
            "Moderate: 100% refund if cancelled 7 days or more before the start; 50% refund if cancelled 48 hours"
        )
    )


# --- properties ------------------------------------------------------------------------------------

CURRENCIES = st.sampled_from(["JPY", "USD", "BHD"])


@st.composite
def amounts(draw: st.DrawFn) -> BookingAmounts:
    currency = draw(CURRENCIES)
    subtotal = draw(st.integers(0, 10**9))
    fee = draw(st.integers(0, 10**8))
    tax = draw(st.integers(0, 10**8))
    deposit = draw(st.integers(0, subtotal))
    return BookingAmounts(
        Money(subtotal, currency), Money(fee, currency), Money(tax, currency), Money(deposit, currency)
    )


@st.composite
def policies(draw: st.DrawFn) -> CancellationPolicy:
    base = draw(st.sampled_from([FLEXIBLE, MODERATE, STRICT]))
    return CancellationPolicy(
        base.name, base.bands, deposit_bps=draw(st.integers(0, 10_000)), service_fee=draw(st.sampled_from(Fee))
    )


NOTICE = st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=30))
ACTORS = st.sampled_from([ActorKind.CLIENT, ActorKind.PROVIDER, ActorKind.STAFF])
OVERRIDES = st.builds(StaffOverride, st.integers(0, 10_000), st.just("reason"))


def by(actor: ActorKind, override: StaffOverride) -> dict[str, object]:
    return {"initiated_by": actor, "override": override if actor is ActorKind.STAFF else None}


@settings(max_examples=300)
@given(amounts(), policies(), NOTICE, ACTORS, OVERRIDES, st.integers(0, 10_000))
def test_every_quote_partitions_the_capture_exactly(
    money: BookingAmounts, policy: CancellationPolicy, notice: timedelta, actor: ActorKind, o: StaffOverride, prior: int
) -> None:
    prior_refunds = money.total.scaled(prior, 10_000)
    q = quote(policy, notice, money, prior_refunds=prior_refunds, **by(actor, o))
    assert parts(q) == q.captured.amount == money.total.amount
    remaining = money.total - prior_refunds
    assert 0 <= q.refund_to_client.amount <= remaining.amount
    assert all(m.amount >= 0 for m in (q.payout_to_provider, q.platform_share, q.retained_tax, q.tax_refunded))
    assert q.tax_refunded <= q.refund_to_client
    assert {m.currency for m in (q.refund_to_client, q.payout_to_provider, q.retained_tax)} == {money.currency}
    assert q == quote(policy, notice, money, prior_refunds=prior_refunds, **by(actor, o))  # deterministic


@settings(max_examples=300)
@given(amounts(), policies(), NOTICE, NOTICE, ACTORS, OVERRIDES)
def test_refunds_never_grow_as_the_start_approaches(
    money: BookingAmounts, policy: CancellationPolicy, a: timedelta, b: timedelta, actor: ActorKind, o: StaffOverride
) -> None:
    early, late = max(a, b), min(a, b)
    assert (
        quote(policy, late, money, **by(actor, o)).refund_to_client
        <= quote(policy, early, money, **by(actor, o)).refund_to_client
    )


@settings(max_examples=200)
@given(amounts(), st.lists(st.integers(0, 10_000), min_size=1, max_size=6))
def test_cumulative_partial_refunds_never_exceed_the_capture(money: BookingAmounts, rates: list[int]) -> None:
    refunded = Money.zero(money.currency)
    for rate in rates:  # staff goodwill refunds, each a share of what is left
        q = quote(
            FLEXIBLE, timedelta(0), money, prior_refunds=refunded, **by(ActorKind.STAFF, StaffOverride(rate, "r"))
        )
        refunded = refunded + q.refund_to_client
        assert refunded <= money.total
        assert parts(q) == money.total.amount


def test_refunds_round_down_so_the_odd_minor_unit_stays_with_the_payout() -> None:
    odd = BookingAmounts(Money(10_001, "USD"), Money(0, "USD"), Money(0, "USD"), Money(0, "USD"))
    q = quote(MODERATE, timedelta(days=3), odd)
    assert (q.refund_to_client, q.payout_to_provider) == (Money(5_000, "USD"), Money(5_001, "USD"))
