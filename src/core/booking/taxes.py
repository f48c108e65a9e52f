"""Tax rates by jurisdiction, as data, in basis points of the taxable amount (price plus service fee)."""

from __future__ import annotations

from core.shared.errors import InvalidInput

# Illustrative combined rates for services; the table is data so finance can own it.
TAX_RATES_BPS: dict[str, int] = {
    "US-CA": 725,
    "US-NY": 888,
    "US-TX": 625,
    "US-OR": 0,
    "GB": 2_000,
    "DE": 1_900,
    "FR": 2_000,
    "JP": 1_000,
    "BH": 1_000,
}


def tax_rate_bps(jurisdiction: str, table: dict[str, int] | None = None) -> int:
    """The rate for ``jurisdiction`` (ISO 3166 country, or country-subdivision). Raises ``InvalidInput``."""
    rates = TAX_RATES_BPS if table is None else table
    if jurisdiction not in rates:
        raise InvalidInput("jurisdiction", f"no tax rate is known for {jurisdiction!r}")
    return rates[jurisdiction]
