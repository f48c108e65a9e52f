"""Owner-edited details: validation of every field, studio-only fields, clearing, and address privacy."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from core.profiles.commands import CreateProfileDraft, UpdateProfileDraft
from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.handlers import create_profile_draft, update_profile_draft
from core.profiles.model import ProfileKind
from core.profiles.studio import Address, Contact, StudioDetails, visible_address
from core.shared.actor import OPERATOR
from core.shared.errors import InvalidInput
from core.shared.money import Money

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
USD = Money.of_major


def make(kind: ProfileKind = ProfileKind.PROVIDER) -> tuple[InMemoryProfilesUnitOfWork, str]:
    uow = InMemoryProfilesUnitOfWork()
    made = create_profile_draft(
        CreateProfileDraft(OPERATOR, "Ana Diaz", kind=kind), uow, FixedClock(NOW), SequentialIds()
    )
    return uow, made.id


def edit(uow: InMemoryProfilesUnitOfWork, profile_id: str, version: int, **changes: object) -> None:
    update_profile_draft(UpdateProfileDraft(OPERATOR, profile_id, version, **changes), uow, FixedClock(NOW))


def test_every_provider_field_is_edited_and_versioned() -> None:
    uow, pid = make()
    package = ServicePackage.validated("Headshots", 60, USD(180, "USD"), ["10 photos"])
    edit(uow, pid, 1, tags=("portraits", "Natural-Light"), geo=GeoPoint(34.05, -118.24),
         price_min=USD(150, "USD"), price_max=USD(600, "USD"), languages=("en", "pt-BR"),
         links=(Link.validated("Site", "https://ana.example"),), packages=(package,))  # fmt: skip
    with uow:
        profile = uow.profiles.get(pid)
    assert profile.version == 2
    assert profile.fields.tags == ("portraits", "natural-light")
    assert profile.fields.packages == (package,)
    edit(uow, pid, 2, clear=frozenset({"geo", "price_min"}))
    with uow:
        cleared = uow.profiles.get(pid).fields
    assert cleared.geo is None and cleared.price_min is None and cleared.price_max == USD(600, "USD")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tags": ("Not a tag!",)}, "tags"),
        ({"tags": ("a", "a")}, "tags"),
        ({"languages": ("english",)}, "languages"),
        ({"price_min": USD(500, "USD"), "price_max": USD(100, "USD")}, "price_max"),
        ({"price_min": USD(100, "USD"), "price_max": USD(500, "EUR")}, "price_max"),
        ({"price_min": Money(0, "USD")}, "price_min"),
        ({"amenities": ("wifi",)}, "amenities"),
        ({"slug": "Bad Slug"}, "slug"),
        ({"clear": frozenset({"display_name"})}, "clear"),
    ],
)
def test_bad_values_name_the_field_and_change_nothing(changes: dict[str, object], field: str) -> None:
    uow, pid = make()
    with pytest.raises(InvalidInput) as caught:
        edit(uow, pid, 1, **changes)
    assert caught.value.field == field
    with uow:
        assert uow.profiles.get(pid).version == 1


def test_value_rules() -> None:
    with pytest.raises(InvalidInput, match="lat"):
        GeoPoint(91, 0)
    with pytest.raises(InvalidInput, match="url"):
        Link.validated("x", "javascript:alert(1)")
    with pytest.raises(InvalidInput, match="duration"):
        ServicePackage.validated("Quick", 5, USD(10, "USD"))
    with pytest.raises(InvalidInput, match="phone"):
        Contact(phone="555-0100")
    with pytest.raises(InvalidInput, match="country"):
        Address.validated(street="1 Main", city="LA", postal_code="90001", country="usa")
    with pytest.raises(InvalidInput, match="deposit"):
        StudioDetails.validated(deposit=Money(-1, "USD"))


def test_studio_fields_merge_and_are_refused_on_providers() -> None:
    uow, sid = make(ProfileKind.STUDIO)
    where = Address.validated(street="1 Sunset Blvd", city="Los Angeles", postal_code="90028", country="US",
                              area="Hollywood")  # fmt: skip
    edit(uow, sid, 1, address=where, amenities=("cyclorama",), hourly_min=USD(95, "USD"))
    edit(uow, sid, 2, contact=Contact(email="hi@studio.example"), deposit=USD(200, "USD"), capacity=12)
    with uow:
        studio = uow.profiles.get(sid).fields.studio
    assert studio == StudioDetails(Contact("hi@studio.example"), where, ("cyclorama",), USD(95, "USD"), None,
                                   USD(200, "USD"), 12)  # fmt: skip
    with pytest.raises(InvalidInput, match="capacity"):
        edit(uow, sid, 3, capacity=0)
    provider_uow, pid = make()
    with pytest.raises(InvalidInput) as caught:
        edit(provider_uow, pid, 1, amenities=("cyclorama",))
    assert caught.value.field == "amenities"


def test_the_exact_address_is_only_for_confirmed_bookings() -> None:
    where = Address.validated(street="1 Sunset Blvd", city="Los Angeles", postal_code="90028", country="US",
                              region="CA", area="Hollywood")  # fmt: skip
    public = visible_address(where, confirmed_booking=False)
    booked = visible_address(where, confirmed_booking=True)
    assert (public.street, public.postal_code, public.exact) == (None, None, False)
    assert (public.area, public.city) == ("Hollywood", "Los Angeles")
    assert (booked.street, booked.postal_code, booked.exact) == ("1 Sunset Blvd", "90028", True)
