"""Bookable services: offered by the owner with a role, a rate and a cancellation policy; changed in place."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from core.profiles.commands import CreateProfileDraft
from core.profiles.events import ServiceChanged, ServiceOffered
from core.profiles.handlers import create_profile_draft
from core.profiles.model import ProfileKind, Role
from core.profiles.services import ChangeService, OfferService, change_service, offer_service, services_of
from core.profiles.visibility import OPERATOR
from core.shared.actor import ANONYMOUS, Actor
from core.shared.errors import InvalidInput, NotFound
from core.shared.money import Money

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
USD_150 = Money.of_major(150, "USD")


@pytest.fixture
def uow() -> InMemoryProfilesUnitOfWork:
    return InMemoryProfilesUnitOfWork()


def _profile(uow: InMemoryProfilesUnitOfWork, kind: ProfileKind = ProfileKind.PROVIDER,
             roles: tuple[Role, ...] = (Role.PHOTOGRAPHER, Role.VIDEOGRAPHER)) -> str:  # fmt: skip
    command = CreateProfileDraft(OPERATOR, kind=kind, display_name="Ana Lopez", roles=roles, city="los-angeles")
    return create_profile_draft(command, uow, FixedClock(T0), SequentialIds()).id


def test_the_owner_offers_a_service_for_one_of_the_profiles_roles(uow: InMemoryProfilesUnitOfWork) -> None:
    profile_id = _profile(uow)
    command = OfferService(
        actor=OPERATOR,
        profile_id=profile_id,
        title=" Portraits ",
        hourly_rate=USD_150,
        role=Role.VIDEOGRAPHER,
        cancellation_policy="strict",
    )
    offered = offer_service(command, uow, SequentialIds())
    assert (offered.title, offered.role, offered.cancellation_policy) == ("Portraits", Role.VIDEOGRAPHER, "strict")
    assert offered.instant_book is False  # switched on by onboarding, after its eligibility check
    assert services_of(profile_id, OPERATOR, uow) == [offered]
    assert ServiceOffered(offered.id, profile_id) in uow.collect_events()


@pytest.mark.parametrize(
    ("command", "field"),
    [
        ({"role": Role.MODEL}, "role"),  # not one of the profile's roles
        ({}, "role"),  # two roles: which one must be said
        ({"role": Role.PHOTOGRAPHER, "cancellation_policy": "lenient"}, "cancellation_policy"),
        ({"role": Role.PHOTOGRAPHER, "min_duration_minutes": 5}, "min_duration_minutes"),
        ({"role": Role.PHOTOGRAPHER, "title": "  "}, "title"),
    ],
)
def test_a_service_that_makes_no_sense_is_refused_naming_the_field(
    uow: InMemoryProfilesUnitOfWork, command: dict[str, object], field: str
) -> None:
    profile_id = _profile(uow)
    body: dict[str, object] = {
        "actor": OPERATOR,
        "profile_id": profile_id,
        "title": "Portraits",
        "hourly_rate": USD_150,
        **command,
    }
    with pytest.raises(InvalidInput) as refused:
        offer_service(OfferService(**body), uow, SequentialIds())  # type: ignore[arg-type]
    assert refused.value.field == field
    assert services_of(profile_id, OPERATOR, uow) == []


def test_studios_offer_services_without_a_role_and_a_profile_prices_in_one_currency(
    uow: InMemoryProfilesUnitOfWork,
) -> None:
    studio = _profile(uow, ProfileKind.STUDIO, ())
    with pytest.raises(InvalidInput):
        offer_service(
            OfferService(actor=OPERATOR, profile_id=studio, title="Hire", hourly_rate=USD_150, role=Role.MODEL),
            uow,
            SequentialIds(),
        )
    ids = SequentialIds()
    hire = offer_service(OfferService(actor=OPERATOR, profile_id=studio, title="Hire", hourly_rate=USD_150), uow, ids)
    assert hire.role is None
    with pytest.raises(InvalidInput) as refused:
        offer_service(
            OfferService(actor=OPERATOR, profile_id=studio, title="Night", hourly_rate=Money.of_major(90, "EUR")),
            uow,
            ids,
        )
    assert refused.value.field == "hourly_rate"


def test_changes_apply_in_place_and_only_what_was_given(uow: InMemoryProfilesUnitOfWork) -> None:
    profile_id = _profile(uow, roles=(Role.MODEL,))
    offered = offer_service(
        OfferService(actor=OPERATOR, profile_id=profile_id, title="Editorial", hourly_rate=USD_150),
        uow,
        SequentialIds(),
    )
    assert offered.role is Role.MODEL  # the only role may be left out
    uow.collect_events()
    changed = change_service(ChangeService(actor=OPERATOR, service_id=offered.id, cancellation_policy="flexible"), uow)
    assert (changed.title, changed.hourly_rate, changed.cancellation_policy) == ("Editorial", USD_150, "flexible")
    assert uow.collect_events() == [ServiceChanged(offered.id, profile_id)]
    assert (
        change_service(ChangeService(actor=OPERATOR, service_id=offered.id, cancellation_policy="flexible"), uow)
        == changed
    )
    assert uow.collect_events() == []  # no change, no event
    with pytest.raises(InvalidInput):
        change_service(ChangeService(actor=OPERATOR, service_id=offered.id, hourly_rate=Money.of_major(1, "EUR")), uow)
    with pytest.raises(NotFound):
        change_service(ChangeService(actor=OPERATOR, service_id="spf_nope", title="x"), uow)


def test_only_the_owner_or_the_operator_offers_and_changes_a_profiles_services(uow: InMemoryProfilesUnitOfWork) -> None:
    owner, stranger, staff = Actor("usr_ana"), Actor("usr_eve"), Actor("usr_kim", ("admin",))
    command = CreateProfileDraft(owner, kind=ProfileKind.PROVIDER, display_name="Ana", roles=(Role.MODEL,),
                                 city="los-angeles")  # fmt: skip
    profile_id = create_profile_draft(command, uow, FixedClock(T0), SequentialIds()).id
    for someone_else in (stranger, staff, ANONYMOUS):  # a 404 names the profile, as for one that does not exist
        with pytest.raises(NotFound) as refused:
            offer_service(OfferService(actor=someone_else, profile_id=profile_id, title="Looks", hourly_rate=USD_150),
                          uow, SequentialIds())  # fmt: skip
        assert (refused.value.kind, refused.value.key) == ("profile", profile_id)
    offered = offer_service(OfferService(actor=owner, profile_id=profile_id, title="Looks", hourly_rate=USD_150), uow,
                            SequentialIds())  # fmt: skip
    with pytest.raises(NotFound) as refused:
        change_service(ChangeService(actor=stranger, service_id=offered.id, title="Mine now"), uow)
    assert (refused.value.kind, refused.value.key) == ("service profile", offered.id)  # never names the profile
    assert services_of(profile_id, OPERATOR, uow) == [offered]  # nothing changed
    assert (
        change_service(ChangeService(actor=OPERATOR, service_id=offered.id, title="Editorial"), uow).title
        == "Editorial"
    )
