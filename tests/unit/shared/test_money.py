"""Money: exact integer arithmetic, allocation that conserves every minor unit, no floats anywhere."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.shared.errors import InvalidInput
from core.shared.money import CURRENCY_EXPONENTS, CurrencyMismatch, Money, Rounding, sum_money

currencies = st.sampled_from(sorted(CURRENCY_EXPONENTS))
amounts = st.integers(min_value=-(10**15), max_value=10**15)
ratios = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12).filter(any)


@given(amounts, currencies, ratios)
def test_allocation_conserves_the_total(amount: int, currency: str, weights: list[int]) -> None:
    parts = Money(amount, currency).allocate(weights)
    assert sum(p.amount for p in parts) == amount
    assert all(p.currency == currency for p in parts)
    assert len(parts) == len(weights)


@given(amounts, currencies, ratios)
def test_allocation_is_fair_to_within_one_minor_unit(amount: int, currency: str, weights: list[int]) -> None:
    parts = Money(amount, currency).allocate(weights)
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(amount) * weight / total
        assert abs(Decimal(part.amount) - exact) < 1
        if weight == 0:
            assert part.amount == 0


@given(amounts, currencies, ratios)
def test_allocation_is_deterministic_and_all_parts_are_int(amount: int, currency: str, weights: list[int]) -> None:
    first = Money(amount, currency).allocate(weights)
    assert first == Money(amount, currency).allocate(weights)
    assert all(type(p.amount) is int for p in first)


@given(amounts, st.integers(-(10**6), 10**6), st.integers(1, 10**6), st.sampled_from(list(Rounding)))
def test_scaling_is_within_one_minor_unit_of_the_exact_value(
    amount: int, num: int, den: int, rounding: Rounding
) -> None:
    result = Money(amount, "USD").scaled(num, den, rounding)
    exact = Decimal(amount) * num / den
    assert type(result.amount) is int
    assert abs(Decimal(result.amount) - exact) < 1
    if rounding is Rounding.DOWN:
        assert abs(result.amount) <= abs(exact)
    if rounding is Rounding.UP:
        assert abs(result.amount) >= abs(exact)


@given(amounts, amounts, currencies)
def test_addition_and_subtraction_are_exact(a: int, b: int, currency: str) -> None:
    assert (Money(a, currency) + Money(b, currency)).amount == a + b
    assert (Money(a, currency) - Money(b, currency)) + Money(b, currency) == Money(a, currency)


def test_half_even_rounding_goes_to_the_even_neighbour() -> None:
    assert Money(5, "USD").scaled(1, 2).amount == 2  # 2.5 -> 2
    assert Money(15, "USD").scaled(1, 2).amount == 8  # 7.5 -> 8
    assert Money(-15, "USD").scaled(1, 2).amount == -8


@pytest.mark.parametrize("bad", [1.5, Decimal("1"), True, "100"])
def test_amount_must_be_a_plain_int(bad: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        Money(bad, "USD")  # type: ignore[arg-type]  # the point of the test
    assert caught.value.field == "amount"


def test_multiplying_by_a_float_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Money(100, "USD") * 1.5  # type: ignore[operator]  # the point of the test


def test_currencies_never_mix() -> None:
    with pytest.raises(CurrencyMismatch) as caught:
        Money(1, "USD") + Money(1, "EUR")
    assert (caught.value.left, caught.value.right) == ("USD", "EUR")
    with pytest.raises(CurrencyMismatch):
        assert Money(1, "USD") < Money(2, "GBP")


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        Money(1, "XYZ")
    assert caught.value.field == "currency"


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(12050, "USD"), "USD 120.50"),
        (Money(500, "JPY"), "JPY 500"),
        (Money(-1234, "BHD"), "BHD -1.234"),
    ],
)
def test_format_respects_the_currency_exponent(money: Money, text: str) -> None:
    assert money.format() == text


def test_of_major_and_sum() -> None:
    assert Money.of_major(120, "USD") == Money(12000, "USD")
    assert Money.of_major(3, "KWD") == Money(3000, "KWD")
    assert sum_money([Money(1, "EUR"), Money(2, "EUR")], "EUR") == Money(3, "EUR")
    assert sum_money([], "EUR").is_zero()


def test_allocate_rejects_degenerate_ratios() -> None:
    for bad in ([], [0, 0], [1, -1]):
        with pytest.raises(InvalidInput):
            Money(100, "USD").allocate(bad)
