"""Studio fields: contact, an address whose exact form only confirmed bookings see, amenities, rates."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from core.profiles.details import TAG_PATTERN, text_of, unique, validated_band
from core.shared.errors import InvalidInput
from core.shared.money import Money

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+\Z")
PHONE_PATTERN = re.compile(r"^\+[1-9][0-9]{6,14}\Z")  # E.164
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}\Z")  # ISO 3166-1 alpha-2
MAX_AMENITIES = 30
MAX_CAPACITY = 1000


@attrs.frozen
class Contact:
    """How a booked client reaches the studio; either part may be empty."""

    email: str = ""
    phone: str = ""

    def __attrs_post_init__(self) -> None:
        if self.email and (not EMAIL_PATTERN.match(self.email) or len(self.email) > 254):
            raise InvalidInput("contact.email", "must be an email address")
        if self.phone and not PHONE_PATTERN.match(self.phone):
            raise InvalidInput("contact.phone", "must be an E.164 number such as +13105550100")


@attrs.frozen
class Address:
    """A street address. ``area`` (a neighbourhood) is what the public sees instead of the street."""

    street: str
    city: str
    postal_code: str
    country: str
    region: str = ""
    area: str = ""

    @classmethod
    def validated(
        cls, *, street: str, city: str, postal_code: str, country: str, region: str = "", area: str = ""
    ) -> Address:
        if not COUNTRY_PATTERN.match(country):
            raise InvalidInput("address.country", "must be an ISO 3166 alpha-2 code such as 'US'")
        return cls(
            street=text_of("address.street", street, minimum=1, maximum=200),
            city=text_of("address.city", city, minimum=1, maximum=80),
            postal_code=text_of("address.postal_code", postal_code, minimum=1, maximum=16),
            country=country,
            region=text_of("address.region", region, minimum=0, maximum=80),
            area=text_of("address.area", area, minimum=0, maximum=80),
        )


@attrs.frozen
class AddressView:
    """What one viewer may see of an address: the street only with ``exact``."""

    area: str
    city: str
    region: str
    country: str
    exact: bool
    street: str | None = None
    postal_code: str | None = None


def visible_address(address: Address, *, confirmed_booking: bool) -> AddressView:
    """The public view (area, city, region, country) or, for a confirmed booking, the exact address. Pure."""
    if confirmed_booking:
        return AddressView(address.area, address.city, address.region, address.country, True,
                           address.street, address.postal_code)  # fmt: skip
    return AddressView(address.area, address.city, address.region, address.country, False)


@attrs.frozen
class StudioDetails:
    """The fields only a studio has."""

    contact: Contact = Contact()
    address: Address | None = None
    amenities: tuple[str, ...] = ()
    hourly_min: Money | None = None
    hourly_max: Money | None = None
    deposit: Money | None = None
    capacity: int | None = None  # how many people the space holds (search's ``min_capacity``)

    @classmethod
    def validated(
        cls,
        *,
        contact: Contact = Contact(),
        address: Address | None = None,
        amenities: Iterable[str] = (),
        hourly_min: Money | None = None,
        hourly_max: Money | None = None,
        deposit: Money | None = None,
        capacity: int | None = None,
    ) -> StudioDetails:
        cleaned = tuple(a.strip().lower() for a in amenities)
        for amenity in cleaned:
            if not TAG_PATTERN.match(amenity) or len(amenity) > 40:
                raise InvalidInput("amenities", f"{amenity!r} is not an amenity slug such as 'cyclorama'")
        unique("amenities", cleaned, MAX_AMENITIES)
        validated_band("hourly", hourly_min, hourly_max)
        if deposit is not None and deposit.amount < 0:
            raise InvalidInput("deposit", "must not be negative")
        if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
            raise InvalidInput("capacity", f"must be a whole number of people from 1 to {MAX_CAPACITY}")
        return cls(contact, address, cleaned, hourly_min, hourly_max, deposit, capacity)
