"""A user's profiles from their account: the export's share, and the erasure when the account is deleted."""

from __future__ import annotations

from datetime import timedelta

import attrs

from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from core.profiles.account import ERASED_NAME, erase_profiles, profiles_export
from core.profiles.model import ProfileDraft, Role, ServiceProfile
from core.profiles.studio import Contact
from core.shared.money import Money
from tests.contracts.profile_repository import NOW, draft, studio


def owned(profile: ProfileDraft, *, published: bool) -> ProfileDraft:
    profile = attrs.evolve(profile, owner_user_id="usr_ann")
    if published:
        profile.publish(NOW)
    return profile


def store(uow: InMemoryProfilesUnitOfWork, *profiles: ProfileDraft) -> None:
    with uow:
        for profile in profiles:
            uow.profiles.add(profile)
        uow.commit()


def test_erasure_takes_the_users_pages_down_and_leaves_nothing_personal_and_is_idempotent() -> None:
    uow = InMemoryProfilesUnitOfWork()
    someone_else = attrs.evolve(draft(9), owner_user_id="usr_bo")
    someone_else.publish(NOW)
    their_studio = owned(studio(3), published=True)
    store(uow, owned(draft(1), published=True), owned(draft(2), published=False), their_studio, someone_else)
    later = NOW + timedelta(hours=1)

    assert erase_profiles("usr_ann", uow, later) == ["prf_0001", "prf_0002", "prf_0003"]
    with uow.reading():
        first, second, gone_studio, other = (uow.profiles.get(f"prf_000{n}") for n in (1, 2, 3, 9))
    assert [p.is_published for p in (first, second, gone_studio, other)] == [False, False, False, True]
    assert (first.fields.display_name, first.fields.headline, first.fields.bio) == (ERASED_NAME, "", "")
    assert first.slug == "deleted-prf-0001" and first.updated_at == later and first.version > 1
    assert first.fields.roles == (Role.PHOTOGRAPHER,)  # kept: it names nobody, and bookings refer to it
    assert gone_studio.fields.studio is not None and gone_studio.fields.studio.contact == Contact()
    assert gone_studio.fields.studio.address is None and gone_studio.fields.geo is None
    assert other.fields.display_name == "Person 9"
    assert erase_profiles("usr_ann", uow, later) == []  # again: nothing left to erase


def test_the_export_lists_the_users_profiles_with_their_services() -> None:
    uow = InMemoryProfilesUnitOfWork()
    store(uow, owned(draft(1), published=True), attrs.evolve(draft(2), owner_user_id="usr_bo"))
    with uow:
        uow.profiles.add_service(
            ServiceProfile("spf_1", "prf_0001", Role.PHOTOGRAPHER, "Portraits", Money(18000, "USD"))
        )
        uow.commit()
    (profile,) = profiles_export("usr_ann", uow)["profiles"]
    assert (profile["id"], profile["status"], profile["kind"]) == ("prf_0001", "published", "provider")
    assert profile["fields"].display_name == "Person 1" and profile["fields"].roles == (Role.PHOTOGRAPHER,)
    assert profile["services"][0].hourly_rate == Money(18000, "USD")  # domain values: the edge renders them
    assert profiles_export("usr_nobody", uow) == {"profiles": []}
