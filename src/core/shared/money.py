"""Money as integer minor units plus an ISO-4217 currency; arithmetic that never loses a minor unit."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import attrs

from core.shared.errors import DomainError, InvalidInput

# Minor-unit exponents (ISO 4217). Currencies we do not list are refused rather than guessed.
_ZERO = ("CLP", "ISK", "JPY", "KRW", "PYG", "UGX", "VND", "XAF", "XOF", "XPF", "RWF", "KMF", "GNF", "DJF")
_THREE = ("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND")
_TWO = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "NZD",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "BGN",
    "MXN",
    "BRL",
    "ARS",
    "COP",
    "PEN",
    "ZAR",
    "INR",
    "SGD",
    "HKD",
    "CNY",
    "TWD",
    "THB",
    "MYR",
    "PHP",
    "IDR",
    "AED",
    "SAR",
    "QAR",
    "ILS",
    "TRY",
    "EGP",
    "NGN",
    "KES",
    "MAD",
    "UAH",
)
CURRENCY_EXPONENTS: dict[str, int] = {
    **{code: 0 for code in _ZERO},
    **{code: 2 for code in _TWO},
    **{code: 3 for code in _THREE},
}


@attrs.define
class CurrencyMismatch(DomainError):
    """Two amounts in different currencies met in one operation."""

    code = "currency-mismatch"
    message = "cannot combine {left} with {right}"
    left: str
    right: str


class Rounding(Enum):
    """How a fractional minor unit is settled when scaling."""

    DOWN = "down"  # toward zero: used for refunds, so the platform never over-refunds
    HALF_EVEN = "half-even"  # banker's rounding: used for tax and fees
    UP = "up"  # away from zero


def _check_currency(_instance: object, _attribute: object, value: str) -> None:
    if value not in CURRENCY_EXPONENTS:
        raise InvalidInput("currency", f"{value!r} is not a supported ISO-4217 currency code")


def _check_amount(_instance: object, _attribute: object, value: int) -> None:
    # bool is an int subclass; a float or Decimal here is always a bug upstream.
    if type(value) is not int:
        raise InvalidInput("amount", f"minor units must be an int, got {type(value).__name__}")


@attrs.frozen(order=False)
class Money:
    """An amount of ``currency`` in its minor units (cents, yen, fils)."""

    amount: int = attrs.field(validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def of_major(cls, major: int, currency: str) -> Money:
        """Whole major units, e.g. ``Money.of_major(120, "USD")`` is $120.00."""
        return cls(major * 10 ** CURRENCY_EXPONENTS.get(currency, 0), currency)

    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS[self.currency]

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            raise InvalidInput("factor", "money is multiplied by whole numbers only; use scaled()")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def is_zero(self) -> bool:
        return self.amount == 0

    def scaled(self, numerator: int, denominator: int, rounding: Rounding = Rounding.HALF_EVEN) -> Money:
        """``self * numerator / denominator`` in exact integer arithmetic, rounded as asked.

        Percentages are expressed as basis points: ``scaled(1250, 10_000)`` is 12.5 %.
        """
        if denominator <= 0:
            raise InvalidInput("denominator", "must be positive")
        product = self.amount * numerator
        quotient, remainder = divmod(abs(product), denominator)
        sign = -1 if product < 0 else 1
        if remainder:
            if rounding is Rounding.UP:
                quotient += 1
            elif rounding is Rounding.HALF_EVEN:
                twice = 2 * remainder
                if twice > denominator or (twice == denominator and quotient % 2 == 1):
                    quotient += 1
        return Money(sign * quotient, self.currency)

    def allocate(self, ratios: Sequence[int]) -> list[Money]:
        """Split into parts proportional to ``ratios`` that add up to exactly this amount.

        Largest-remainder method: every part gets its floor share, and the minor units left over go one
        each to the parts with the largest remainders (earlier parts win ties), so the split is
        deterministic and conserves every minor unit.
        """
        if not ratios:
            raise InvalidInput("ratios", "at least one ratio is needed")
        if any(type(r) is not int or r < 0 for r in ratios):
            raise InvalidInput("ratios", "ratios are non-negative integers")
        total = sum(ratios)
        if total == 0:
            raise InvalidInput("ratios", "ratios must not all be zero")
        sign = -1 if self.amount < 0 else 1
        magnitude = abs(self.amount)
        shares = [divmod(magnitude * r, total) for r in ratios]
        parts = [share for share, _ in shares]
        leftover = magnitude - sum(parts)
        by_remainder = sorted(range(len(ratios)), key=lambda i: (-shares[i][1], i))
        for i in by_remainder[:leftover]:
            parts[i] += 1
        return [Money(sign * part, self.currency) for part in parts]

    def format(self) -> str:
        """A plain rendering such as ``USD 120.50`` (locale-aware display belongs to the clients)."""
        exp = self.exponent
        sign = "-" if self.amount < 0 else ""
        major, minor = divmod(abs(self.amount), 10**exp)
        return f"{self.currency} {sign}{major}" + (f".{minor:0{exp}d}" if exp else "")


def sum_money(amounts: Sequence[Money], currency: str) -> Money:
    """Add amounts that must all be in ``currency`` (an empty sequence is zero)."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total
