"""What a booking costs, split the way refunds and payouts need it."""

from __future__ import annotations

import attrs

from core.shared.errors import InvalidInput
from core.shared.money import CurrencyMismatch, Money


@attrs.frozen
class BookingAmounts:
    """The charge for one booking: ``total`` is what the client pays and the platform captures.

    ``subtotal`` is the provider's price (base time plus packages and extras), ``service_fee`` the
    platform's fee on top, ``tax`` the taxes on both, ``deposit`` the non-refundable part of ``subtotal``.
    """

    subtotal: Money
    service_fee: Money
    tax: Money
    deposit: Money

    def __attrs_post_init__(self) -> None:
        for name in ("service_fee", "tax", "deposit"):
            other: Money = getattr(self, name)
            if other.currency != self.subtotal.currency:
                raise CurrencyMismatch(self.subtotal.currency, other.currency)
            if other.amount < 0:
                raise InvalidInput(name, "must not be negative")
        if self.subtotal.amount < 0:
            raise InvalidInput("subtotal", "must not be negative")
        if self.deposit > self.subtotal:
            raise InvalidInput("deposit", "must not exceed the subtotal")

    @property
    def currency(self) -> str:
        return self.subtotal.currency

    @property
    def total(self) -> Money:
        return self.subtotal + self.service_fee + self.tax
