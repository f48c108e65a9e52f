"""Which tax jurisdiction a provider's city belongs to, as data (finance owns the table)."""

from __future__ import annotations

from core.shared.errors import InvalidInput

CITY_JURISDICTIONS: dict[str, str] = {
    "los-angeles": "US-CA",
    "san-francisco": "US-CA",
    "new-york": "US-NY",
    "austin": "US-TX",
    "portland": "US-OR",
    "london": "GB",
    "berlin": "DE",
    "paris": "FR",
    "tokyo": "JP",
    "manama": "BH",
}


def jurisdiction_of_city(city: str, field: str = "serviceProfileId") -> str:
    """The jurisdiction for a city slug. Raises ``InvalidInput`` naming ``field`` for an unknown city."""
    if city not in CITY_JURISDICTIONS:
        raise InvalidInput(field, f"bookings in {city or 'an unknown city'!r} cannot be taxed yet")
    return CITY_JURISDICTIONS[city]
