"""The completeness items: what each checks on a profile and its facts, and the hint shown when missing."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from core.onboarding.facts import Facts
from core.profiles.model import ProfileFields

PORTFOLIO_STARTED = 3  # approved images that make a portfolio worth showing
PORTFOLIO_FULL = 8  # approved images of a complete portfolio
MIN_TAGS = 3
MIN_BIO = 80
MIN_HEADLINE = 10
MIN_AMENITIES = 3


class Item(Enum):
    HEADLINE = "headline"
    BIO = "bio"
    CITY = "city"
    GEO = "geo"
    ROLES = "roles"
    TAGS = "tags"
    LANGUAGES = "languages"
    LINKS = "links"
    PRICING = "pricing"
    PACKAGES = "packages"
    CONTACT = "contact"
    ADDRESS = "address"
    AMENITIES = "amenities"
    HOURLY_RATE = "hourly_rate"
    DEPOSIT = "deposit"
    PORTFOLIO_STARTED = "portfolio_started"
    PORTFOLIO_FULL = "portfolio_full"
    SCHEDULE = "schedule"
    IDENTITY = "identity"


Check = Callable[[ProfileFields, Facts], bool]


def _studio_has(test: Callable[..., bool]) -> Check:
    return lambda f, _facts: f.studio is not None and test(f.studio)


# Every check is monotone: adding information to a profile or its facts never turns one from done to not done.
CHECKS: dict[Item, tuple[Check, str]] = {
    Item.HEADLINE: (
        lambda f, _: len(f.headline) >= MIN_HEADLINE,
        f"Write a headline of at least {MIN_HEADLINE} characters.",
    ),
    Item.BIO: (lambda f, _: len(f.bio) >= MIN_BIO, f"Tell clients about yourself in at least {MIN_BIO} characters."),
    Item.CITY: (lambda f, _: bool(f.city), "Choose the city you work in."),
    Item.GEO: (lambda f, _: f.geo is not None, "Drop a pin on the map so nearby clients find you."),
    Item.ROLES: (lambda f, _: bool(f.roles), "Pick at least one role (photographer, model, ...)."),
    Item.TAGS: (lambda f, _: len(f.tags) >= MIN_TAGS, f"Add at least {MIN_TAGS} tags describing your style."),
    Item.LANGUAGES: (lambda f, _: bool(f.languages), "Add the languages you speak."),
    Item.LINKS: (lambda f, _: bool(f.links), "Link your website or social profile."),
    Item.PRICING: (lambda f, _: f.price_min is not None and f.price_max is not None, "Set your price range."),
    Item.PACKAGES: (lambda f, _: bool(f.packages), "Offer at least one package with a duration and a price."),
    Item.CONTACT: (_studio_has(lambda s: bool(s.contact.email or s.contact.phone)), "Add a contact email or phone."),
    Item.ADDRESS: (
        _studio_has(lambda s: s.address is not None),
        "Add the studio's address (shown only to booked clients).",
    ),
    Item.AMENITIES: (
        _studio_has(lambda s: len(s.amenities) >= MIN_AMENITIES),
        f"List at least {MIN_AMENITIES} amenities.",
    ),
    Item.HOURLY_RATE: (_studio_has(lambda s: s.hourly_min is not None), "Set the studio's hourly rate."),
    Item.DEPOSIT: (_studio_has(lambda s: s.deposit is not None), "Say whether a deposit is required (it may be 0)."),
    Item.PORTFOLIO_STARTED: (
        lambda _, x: x.images >= PORTFOLIO_STARTED,
        f"Add at least {PORTFOLIO_STARTED} approved portfolio images.",
    ),
    Item.PORTFOLIO_FULL: (
        lambda _, x: x.images >= PORTFOLIO_FULL,
        f"Grow your portfolio to {PORTFOLIO_FULL} approved images.",
    ),
    Item.SCHEDULE: (lambda _, x: x.schedule_defined is True, "Set your weekly availability."),
    Item.IDENTITY: (lambda _, x: x.identity_verified is True, "Verify your identity."),
}
