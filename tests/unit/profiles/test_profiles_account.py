"""A user's profiles from their account: the export's share, and the withdrawal when the account is deleted."""

from __future__ import annotations

from datetime import timedelta

import attrs

from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from core.profiles.account import profiles_export, withdraw_profiles
from core.profiles.model import ProfileDraft, Role, ServiceProfile
from core.shared.money import Money
from tests.contracts.profile_repository import NOW, draft


def owned(n: int, *, published: bool) -> ProfileDraft:
    profile = attrs.evolve(draft(n), owner_user_id="usr_ann")
    if published:
        profile.publish(NOW)
    return profile


def store(uow: InMemoryProfilesUnitOfWork, *profiles: ProfileDraft) -> None:
    with uow:
        for profile in profiles:
            uow.profiles.add(profile)
        uow.commit()


def test_withdrawal_unpublishes_only_the_users_published_profiles_and_is_idempotent() -> None:
    uow = InMemoryProfilesUnitOfWork()
    someone_else = attrs.evolve(draft(9), owner_user_id="usr_bo")
    someone_else.publish(NOW)
    store(uow, owned(1, published=True), owned(2, published=False), owned(3, published=True), someone_else)
    later = NOW + timedelta(hours=1)
    assert withdraw_profiles("usr_ann", uow, later) == ["prf_0001", "prf_0003"]
    with uow:
        assert [uow.profiles.get(f"prf_000{n}").is_published for n in (1, 2, 3, 9)] == [False, False, False, True]
        assert uow.profiles.get("prf_0001").updated_at == later
    assert withdraw_profiles("usr_ann", uow, later) == []  # again: nothing left to take down


def test_the_export_lists_the_users_profiles_with_their_services() -> None:
    uow = InMemoryProfilesUnitOfWork()
    store(uow, owned(1, published=True), attrs.evolve(draft(2), owner_user_id="usr_bo"))
    with uow:
        uow.profiles.add_service(
            ServiceProfile("spf_1", "prf_0001", Role.PHOTOGRAPHER, "Portraits", Money(18000, "USD"))
        )
        uow.commit()
    (profile,) = profiles_export("usr_ann", uow)["profiles"]
    assert (profile["id"], profile["status"], profile["kind"]) == ("prf_0001", "published", "provider")
    assert profile["fields"]["display_name"] == "Person 1" and profile["fields"]["roles"] == ["photographer"]
    assert profile["services"][0]["hourly_rate"] == {"amount": 18000, "currency": "USD"}
    assert profiles_export("usr_nobody", uow) == {"profiles": []}
