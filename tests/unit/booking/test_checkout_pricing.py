"""Checkout pricing: exact line items, the jurisdiction's tax, the deposit, the expiry, and bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.booking.errors import QuoteExpired
from core.booking.pricing import PricingRules, quote_checkout
from core.booking.taxes import TAX_RATES_BPS
from core.cancellation.policies import FLEXIBLE, MODERATE, CancellationPolicy
from core.shared.errors import InvalidInput
from core.shared.money import CurrencyMismatch, Money
from tests.unit.booking.booking_builders import NOW, quote, rate_card


def test_base_extras_fee_tax_and_expiry() -> None:
    q = quote(minutes=90, items=("makeup",))
    assert [(line.kind, line.amount.amount) for line in q.lines] == [
        ("base", 15_000),
        ("extra", 4_000),
        ("service-fee", 2_280),  # 12 % of 190.00
        ("tax", 1_543),  # 7.25 % of 212.80 = 15.428 -> 15.43
    ]
    assert q.total == Money(19_000 + 2_280 + 1_543, "USD")
    assert (q.currency, q.tax_rate_bps, q.expires_at) == ("USD", 725, NOW + timedelta(minutes=15))
    assert q.policy_summary == MODERATE.summary()
    assert q.amounts.deposit == Money(0, "USD")


def test_a_package_covers_its_included_minutes() -> None:
    q = quote(minutes=300, items=("half-day",))
    assert [(line.kind, line.amount.amount) for line in q.lines[:2]] == [("base", 10_000), ("package", 35_000)]


def test_deposit_follows_the_policy_share() -> None:
    policy = CancellationPolicy("deposit", FLEXIBLE.bands, deposit_bps=2_500)
    assert quote(policy=policy).amounts.deposit == Money(5_000, "USD")
    assert "25% of the booking price is non-refundable" in quote(policy=policy).policy_summary


@pytest.mark.parametrize(("jurisdiction", "rate"), [("US-CA", 725), ("US-NY", 888), ("GB", 2_000), ("DE", 1_900)])
def test_jurisdiction_table(jurisdiction: str, rate: int) -> None:
    start = NOW + timedelta(days=1)
    q = quote_checkout(
        quote_id="q", rate=rate_card(), start=start, end=start + timedelta(hours=1), item_codes=(),
        jurisdiction=jurisdiction, policy=FLEXIBLE, now=NOW,
    )  # fmt: skip
    assert TAX_RATES_BPS[jurisdiction] == rate
    assert q.amounts.tax == (q.amounts.subtotal + q.amounts.service_fee).scaled(rate, 10_000)


def test_zero_and_three_exponent_currencies() -> None:
    assert quote(currency="JPY", minutes=61).amounts.subtotal == Money(102, "JPY")  # 100 yen/h x 61 min = 101.67
    assert quote(currency="BHD", minutes=61).amounts.subtotal == Money(101_667, "BHD")


@pytest.mark.parametrize(
    ("starts_in", "minutes", "field"),
    [
        (timedelta(hours=-1), 60, "start"),
        (timedelta(0), 60, "start"),
        (timedelta(days=1), 0, "end"),
        (timedelta(days=1), -30, "end"),
        (timedelta(days=1), 12 * 60 + 1, "end"),
    ],
)
def test_bad_slots_are_refused(starts_in: timedelta, minutes: int, field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        quote(starts_in=starts_in, minutes=minutes)
    assert raised.value.field == field


def test_the_longest_booking_is_configurable() -> None:
    start = NOW + timedelta(days=1)
    with pytest.raises(InvalidInput):
        quote_checkout(
            quote_id="q", rate=rate_card(), start=start, end=start + timedelta(hours=3), item_codes=(),
            jurisdiction="GB", policy=FLEXIBLE, now=NOW, rules=PricingRules(max_duration=timedelta(hours=2)),
        )  # fmt: skip


def test_unknown_items_jurisdictions_and_currencies_are_refused() -> None:
    with pytest.raises(InvalidInput) as raised:
        quote(items=("makeup", "nope"))
    assert raised.value.field == "items[1]"
    with pytest.raises(InvalidInput):
        quote(items=("makeup", "makeup"))
    start = NOW + timedelta(days=1)
    args = {"quote_id": "q", "start": start, "end": start + timedelta(hours=1), "policy": FLEXIBLE, "now": NOW}
    with pytest.raises(InvalidInput):
        quote_checkout(rate=rate_card(), item_codes=(), jurisdiction="XX", **args)  # type: ignore[arg-type]
    with pytest.raises(CurrencyMismatch):
        quote_checkout(rate=rate_card(), item_codes=(), jurisdiction="GB", currency="EUR", **args)  # type: ignore[arg-type]


def test_an_expired_quote_is_refused() -> None:
    q = quote()
    q.ensure_current(q.expires_at - timedelta(seconds=1))
    with pytest.raises(QuoteExpired) as raised:
        q.ensure_current(q.expires_at)
    assert (raised.value.quote_id, raised.value.expired_at) == ("qte_1", q.expires_at)


@settings(max_examples=200)
@given(st.integers(1, 12 * 60), st.sampled_from(["JPY", "USD", "BHD"]))
def test_lines_add_up_to_the_total(minutes: int, currency: str) -> None:
    q = quote(minutes=minutes, currency=currency, items=("makeup",))
    assert sum(line.amount.amount for line in q.lines) == q.total.amount
    hourly, makeup = Money.of_major(100, currency), Money.of_major(40, currency)
    assert q.amounts.subtotal == hourly.scaled(minutes, 60) + makeup
    assert abs(q.amounts.subtotal.amount * 60 - (hourly.amount * minutes + makeup.amount * 60)) <= 30
