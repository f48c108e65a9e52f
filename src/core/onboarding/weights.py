"""Completeness weights per wizard, as data: each table names its items and sums to exactly 100."""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType

from core.onboarding.items import Item
from core.profiles.model import ProfileDraft, ProfileKind, Role


class Wizard(Enum):
    """One onboarding wizard per provider role, one for studios, and ``provider`` for the profile page."""

    PROVIDER = "provider"
    PHOTOGRAPHER = "photographer"
    VIDEOGRAPHER = "videographer"
    MODEL = "model"
    MAKEUP_ARTIST = "makeup_artist"
    HAIR_STYLIST = "hair_stylist"
    STYLIST = "stylist"
    STUDIO = "studio"

    @classmethod
    def of_role(cls, role: Role) -> Wizard:
        return cls(role.value)


_CREATIVE = {
    Item.HEADLINE: 8,
    Item.BIO: 8,
    Item.CITY: 6,
    Item.GEO: 3,
    Item.ROLES: 6,
    Item.TAGS: 6,
    Item.LANGUAGES: 4,
    Item.LINKS: 3,
    Item.PRICING: 8,
    Item.PACKAGES: 10,
    Item.PORTFOLIO_STARTED: 10,
    Item.PORTFOLIO_FULL: 8,
    Item.SCHEDULE: 10,
    Item.IDENTITY: 10,
}
# Models and stylists sell time at a rate more than packages, and are chosen on their portfolio.
_PORTFOLIO_LED = {**_CREATIVE, Item.PRICING: 10, Item.PACKAGES: 4, Item.PORTFOLIO_STARTED: 12, Item.PORTFOLIO_FULL: 10}
_STUDIO = {
    Item.HEADLINE: 8,
    Item.BIO: 8,
    Item.CITY: 5,
    Item.GEO: 3,
    Item.ADDRESS: 8,
    Item.CONTACT: 6,
    Item.AMENITIES: 8,
    Item.TAGS: 4,
    Item.HOURLY_RATE: 10,
    Item.DEPOSIT: 4,
    Item.PORTFOLIO_STARTED: 10,
    Item.PORTFOLIO_FULL: 6,
    Item.SCHEDULE: 10,
    Item.IDENTITY: 10,
}

WEIGHTS: MappingProxyType[Wizard, MappingProxyType[Item, int]] = MappingProxyType(
    {
        wizard: MappingProxyType(table)
        for wizard, table in (
            (Wizard.PROVIDER, _CREATIVE),
            (Wizard.PHOTOGRAPHER, _CREATIVE),
            (Wizard.VIDEOGRAPHER, _CREATIVE),
            (Wizard.MAKEUP_ARTIST, _CREATIVE),
            (Wizard.HAIR_STYLIST, _CREATIVE),
            (Wizard.MODEL, _PORTFOLIO_LED),
            (Wizard.STYLIST, _PORTFOLIO_LED),
            (Wizard.STUDIO, _STUDIO),
        )
    }
)
assert all(sum(table.values()) == 100 for table in WEIGHTS.values()), "every weight table sums to 100"


def page_wizard(profile: ProfileDraft) -> Wizard:
    """The wizard whose score gates publishing the profile page: ``studio`` or the all-roles ``provider``."""
    return Wizard.STUDIO if profile.kind is ProfileKind.STUDIO else Wizard.PROVIDER


def wizards_of(profile: ProfileDraft) -> tuple[Wizard, ...]:
    """The wizards the owner can run: one per role (``provider`` before any role is chosen), or ``studio``."""
    if profile.kind is ProfileKind.STUDIO:
        return (Wizard.STUDIO,)
    return tuple(Wizard.of_role(r) for r in profile.fields.roles) or (Wizard.PROVIDER,)
