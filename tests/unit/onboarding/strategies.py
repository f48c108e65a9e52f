"""Hypothesis strategies for profiles and facts, and a way to add information to them."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import strategies as st

from core.onboarding.facts import Facts
from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, ProfileStatus, Role
from core.profiles.studio import Address, Contact, StudioDetails
from core.shared.money import Money

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
usd = st.integers(1, 10**6).map(lambda n: Money(n, "USD"))
words = st.text("abcdefghij ", max_size=120)
tags = st.lists(st.sampled_from(["portraits", "fashion", "film", "editorial", "beauty", "studio"]), max_size=5)
address = st.just(Address("1 Main St", "Los Angeles", "90001", "US", "CA", "Downtown"))
studio = st.builds(StudioDetails, contact=st.sampled_from([Contact(), Contact("a@b.example")]),
                   address=st.none() | address, amenities=st.lists(st.sampled_from(["wifi", "parking", "cyclorama",
                   "makeup-room"]), max_size=4, unique=True).map(tuple), hourly_min=st.none() | usd,
                   hourly_max=st.none(), deposit=st.none() | usd)  # fmt: skip


@st.composite
def profiles(draw: st.DrawFn, kind: ProfileKind | None = None) -> ProfileDraft:
    kind = kind or draw(st.sampled_from(ProfileKind))
    roles = () if kind is ProfileKind.STUDIO else tuple(draw(st.lists(st.sampled_from(Role), unique=True, max_size=3)))
    fields = ProfileFields(
        display_name="Someone", headline=draw(words), bio=draw(words), roles=roles,
        city=draw(st.sampled_from(["", "los-angeles"])), tags=tuple(dict.fromkeys(draw(tags))),
        geo=draw(st.none() | st.just(GeoPoint(34.0, -118.0))), price_min=draw(st.none() | usd),
        price_max=draw(st.none() | usd), languages=tuple(draw(st.lists(st.sampled_from(["en", "es"]), max_size=2,
                                                                          unique=True))),
        links=tuple(draw(st.lists(st.just(Link("Site", "https://x.example")), max_size=1))),
        packages=tuple(draw(st.lists(st.just(ServicePackage("P", 60, Money(100, "USD"))), max_size=1))),
        studio=draw(studio) if kind is ProfileKind.STUDIO else None,
    )  # fmt: skip
    return ProfileDraft("prf_1", kind, "someone", fields, ProfileStatus.DRAFT, 1, NOW, NOW)


facts = st.builds(Facts, approved_images=st.none() | st.integers(0, 20), schedule_defined=st.none() | st.booleans(),
                  identity_verified=st.none() | st.booleans())  # fmt: skip


def _more(a: object, b: object) -> object:
    """``a`` with ``b``'s information added: longer text, more items, a value where there was none."""
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    if isinstance(a, tuple) and isinstance(b, tuple):
        return tuple(dict.fromkeys(a + b))
    if attrs.has(type(a)) and attrs.has(type(b)) and isinstance(a, StudioDetails):
        merged = {f.name: _more(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(StudioDetails)}
        return StudioDetails(**merged)
    if isinstance(a, Contact) and isinstance(b, Contact):
        return Contact(a.email or b.email, a.phone or b.phone)
    return a if a is not None else b


def enriched(profile: ProfileDraft, extra: ProfileDraft) -> ProfileDraft:
    fields = {f.name: _more(getattr(profile.fields, f.name), getattr(extra.fields, f.name))
              for f in attrs.fields(ProfileFields)}  # fmt: skip
    return attrs.evolve(profile, fields=ProfileFields(**fields))


def _fact(a: object, b: object) -> object:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def more_facts(a: Facts, b: Facts) -> Facts:
    return Facts(*(_fact(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(Facts)))
