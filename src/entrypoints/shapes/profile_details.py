"""JSON shapes of profile details (money, geo, links, packages, studio) and their mapping to the domain."""

from __future__ import annotations

import attrs

from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.model import ProfileFields
from core.profiles.studio import Address, AddressView, Contact, StudioDetails, visible_address
from core.shared.money import Money
from entrypoints.shapes.bounds import Amount, Email, Minutes, Url


@attrs.frozen
class MoneyIo:
    """An amount in minor units (cents) and its ISO-4217 currency."""

    amount: Amount
    currency: str

    def domain(self) -> Money:
        return Money(self.amount, self.currency)

    @classmethod
    def of(cls, money: Money | None) -> MoneyIo | None:
        return None if money is None else cls(money.amount, money.currency)


@attrs.frozen
class GeoIo:
    lat: float
    lon: float


@attrs.frozen
class LinkIo:
    label: str
    url: Url


@attrs.frozen
class PackageIo:
    name: str
    duration_minutes: Minutes
    price: MoneyIo
    extras: list[str] = attrs.field(factory=list)


@attrs.frozen
class ContactIo:
    email: Email = ""
    phone: str = ""


@attrs.frozen
class AddressIo:
    street: str
    city: str
    postal_code: str
    country: str
    region: str = ""
    area: str = ""


@attrs.frozen
class AddressViewOut:
    """What a viewer may see of an address: ``street``/``postal_code`` only when ``exact``."""

    area: str
    city: str
    region: str
    country: str
    exact: bool
    street: str | None = None
    postal_code: str | None = None

    @classmethod
    def of(cls, view: AddressView) -> AddressViewOut:
        return cls(**attrs.asdict(view))


def money(value: MoneyIo | None) -> Money | None:
    return None if value is None else value.domain()


def geo(value: GeoIo | None) -> GeoPoint | None:
    return None if value is None else GeoPoint(value.lat, value.lon)


def links(values: list[LinkIo] | None) -> tuple[Link, ...] | None:
    if values is None:
        return None
    return tuple(Link.validated(v.label, v.url, f"links[{i}]") for i, v in enumerate(values))


def packages(values: list[PackageIo] | None) -> tuple[ServicePackage, ...] | None:
    if values is None:
        return None
    return tuple(
        ServicePackage.validated(v.name, v.duration_minutes, v.price.domain(), v.extras, f"packages[{i}]")
        for i, v in enumerate(values)
    )


def contact(value: ContactIo | None) -> Contact | None:
    return None if value is None else Contact(value.email, value.phone)


def address(value: AddressIo | None) -> Address | None:
    return None if value is None else Address.validated(**attrs.asdict(value))


@attrs.frozen
class StudioOut:
    contact: ContactIo | None  # the owner's view only: clients reach a studio through bookings and messages
    address: AddressIo | None  # the owner's view only; everyone else gets ``location`` (no street, no postcode)
    amenities: list[str]
    hourly_min: MoneyIo | None
    hourly_max: MoneyIo | None
    deposit: MoneyIo | None

    location: AddressViewOut | None = None
    capacity: int | None = None

    @classmethod
    def of(cls, studio: StudioDetails | None, *, owner: bool) -> StudioOut | None:
        """The owner sees everything; anyone else sees the public part of the address and no contact."""
        if studio is None:
            return None
        where = studio.address
        view = None if where is None else visible_address(where, confirmed_booking=False)
        return cls(
            ContactIo(studio.contact.email, studio.contact.phone) if owner else None,
            None if where is None or not owner else AddressIo(**attrs.asdict(where)),
            list(studio.amenities),
            MoneyIo.of(studio.hourly_min),
            MoneyIo.of(studio.hourly_max),
            MoneyIo.of(studio.deposit),
            None if view is None else AddressViewOut.of(view),
            studio.capacity,
        )


@attrs.frozen
class DetailsOut:
    """The detail fields of a profile as its owner sees them."""

    tags: list[str]
    geo: GeoIo | None
    price_min: MoneyIo | None
    price_max: MoneyIo | None
    languages: list[str]
    links: list[LinkIo]
    packages: list[PackageIo]
    studio: StudioOut | None

    @classmethod
    def of(cls, f: ProfileFields, *, owner: bool) -> DetailsOut:
        """``owner``: the exact geo point and the studio's contact and street; else a point rounded to ~1 km."""
        geo = None if f.geo is None else GeoIo(f.geo.lat, f.geo.lon)
        if geo is not None and not owner:
            geo = GeoIo(round(geo.lat, 2), round(geo.lon, 2))
        return cls(
            list(f.tags),
            geo,
            MoneyIo.of(f.price_min),
            MoneyIo.of(f.price_max),
            list(f.languages),
            [LinkIo(link.label, link.url) for link in f.links],
            [PackageIo(p.name, p.duration_minutes, MoneyIo(p.price.amount, p.price.currency), list(p.extras))
             for p in f.packages],
            StudioOut.of(f.studio, owner=owner),
        )  # fmt: skip
