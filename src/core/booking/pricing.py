"""Checkout pricing: from a rate card, a slot and extras to a quote with line items and an expiry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import attrs

from core.booking.amounts import BookingAmounts
from core.booking.errors import QuoteExpired
from core.booking.taxes import tax_rate_bps
from core.cancellation.policies import FULL_BPS, CancellationPolicy
from core.shared.errors import InvalidInput
from core.shared.money import CurrencyMismatch, Money, Rounding, sum_money


@attrs.frozen
class PriceItem:
    """A package or an extra on a rate card. A package also covers ``included_minutes`` of time."""

    code: str
    label: str
    price: Money
    included_minutes: int = 0


@attrs.frozen
class RateCard:
    """A service profile's prices: an hourly rate and the packages and extras it offers by code."""

    hourly: Money
    items: Mapping[str, PriceItem] = attrs.field(factory=dict)


@attrs.frozen
class PricingRules:
    """Platform-wide knobs, injected from settings."""

    service_fee_bps: int = 1_200
    max_duration: timedelta = timedelta(hours=12)
    quote_ttl: timedelta = timedelta(minutes=15)


@attrs.frozen
class QuoteLine:
    kind: str  # "base", "package", "extra", "service-fee", "tax"
    label: str
    amount: Money


@attrs.frozen
class CheckoutQuote:
    """What the client will pay, why, on which terms, and until when the price holds."""

    quote_id: str
    start: datetime
    end: datetime
    item_codes: tuple[str, ...]
    lines: tuple[QuoteLine, ...]
    amounts: BookingAmounts
    jurisdiction: str
    tax_rate_bps: int
    policy: CancellationPolicy
    policy_summary: str
    created_at: datetime
    expires_at: datetime

    @property
    def currency(self) -> str:
        return self.amounts.currency

    @property
    def total(self) -> Money:
        return self.amounts.total

    def ensure_current(self, now: datetime) -> None:
        """Raise ``QuoteExpired`` if the quote is no longer honoured at ``now``."""
        if now >= self.expires_at:
            raise QuoteExpired(self.quote_id, self.expires_at)


def quote_checkout(
    *,
    quote_id: str,
    rate: RateCard,
    start: datetime,
    end: datetime,
    item_codes: Sequence[str],
    jurisdiction: str,
    policy: CancellationPolicy,
    now: datetime,
    rules: PricingRules | None = None,
    currency: str | None = None,
    tax_table: dict[str, int] | None = None,
) -> CheckoutQuote:
    """Price a slot: base time (after any package's included minutes) plus items, fee, tax and deposit.

    Raises ``InvalidInput`` (field ``start``, ``end``, ``items[i]`` or ``jurisdiction``) for a start in
    the past, an end not after the start, a slot longer than ``rules.max_duration``, an unknown or
    repeated package; ``CurrencyMismatch`` when ``currency`` or an item differs from the rate card.
    """
    rules = rules or PricingRules()
    _check_slot(start, end, now, rules)
    money = rate.hourly.currency
    if currency is not None and currency != money:
        raise CurrencyMismatch(money, currency)
    items = _items(rate, item_codes)
    minutes = (end - start) // timedelta(minutes=1)
    billable = max(0, minutes - sum(item.included_minutes for item in items))
    lines = [QuoteLine("base", f"{billable} min at {rate.hourly.format()}/h", rate.hourly.scaled(billable, 60))]
    lines += [QuoteLine("package" if i.included_minutes else "extra", i.label, i.price) for i in items]
    subtotal = sum_money([line.amount for line in lines], money)
    fee = subtotal.scaled(rules.service_fee_bps, FULL_BPS)
    rate_bps = tax_rate_bps(jurisdiction, tax_table)
    tax = (subtotal + fee).scaled(rate_bps, FULL_BPS)
    lines += [QuoteLine("service-fee", "Service fee", fee), QuoteLine("tax", f"Tax ({jurisdiction})", tax)]
    deposit = subtotal.scaled(policy.deposit_bps, FULL_BPS, Rounding.DOWN)
    return CheckoutQuote(
        quote_id=quote_id,
        start=start,
        end=end,
        item_codes=tuple(item_codes),
        lines=tuple(lines),
        amounts=BookingAmounts(subtotal=subtotal, service_fee=fee, tax=tax, deposit=deposit),
        jurisdiction=jurisdiction,
        tax_rate_bps=rate_bps,
        policy=policy,
        policy_summary=policy.summary(),
        created_at=now,
        expires_at=now + rules.quote_ttl,
    )


def _check_slot(start: datetime, end: datetime, now: datetime, rules: PricingRules) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidInput("start", "instants must be timezone-aware")
    if start <= now:
        raise InvalidInput("start", "must be in the future")
    if end <= start:
        raise InvalidInput("end", "must be after start")
    if (end - start) % timedelta(minutes=1):
        raise InvalidInput("end", "bookings last a whole number of minutes")
    if end - start > rules.max_duration:
        raise InvalidInput("end", f"a booking lasts at most {rules.max_duration // timedelta(minutes=1)} minutes")


def _items(rate: RateCard, codes: Sequence[str]) -> list[PriceItem]:
    items = []
    for index, code in enumerate(codes):
        if code not in rate.items:
            raise InvalidInput(f"items[{index}]", f"{code!r} is not offered")
        if code in codes[:index]:
            raise InvalidInput(f"items[{index}]", f"{code!r} is listed twice")
        item = rate.items[code]
        if item.price.currency != rate.hourly.currency:
            raise CurrencyMismatch(rate.hourly.currency, item.price.currency)
        items.append(item)
    return items
