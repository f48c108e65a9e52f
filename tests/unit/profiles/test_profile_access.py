"""Who may create and change a profile: its owner or the operator; anyone else gets the 404 an unknown id gets."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from core.profiles.commands import CreateProfileDraft, GiveUnownedProfiles, UpdateProfileDraft
from core.profiles.errors import SignInRequired
from core.profiles.handlers import create_profile_draft, give_unowned, update_profile_draft
from core.profiles.model import ProfileKind
from core.shared.actor import ANONYMOUS, OPERATOR, Actor
from core.shared.errors import IdempotencyKeyReused, NotFound

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)
OWNER, STRANGER, STAFF = Actor("usr_ana"), Actor("usr_eve"), Actor("usr_kim", ("admin", "support"))


def tables(uow: InMemoryProfilesUnitOfWork) -> dict[str, Any]:
    return copy.deepcopy(uow.database.tables)


def refusal(run: Any) -> NotFound:
    with pytest.raises(NotFound) as refused:
        run()
    return refused.value


@pytest.fixture
def uow() -> InMemoryProfilesUnitOfWork:
    return InMemoryProfilesUnitOfWork()


def test_a_signed_in_creator_owns_the_draft_the_operators_is_unowned_and_anonymous_creates_none(
    uow: InMemoryProfilesUnitOfWork,
) -> None:
    clock, ids = FixedClock(NOW), SequentialIds()
    assert create_profile_draft(CreateProfileDraft(OWNER, "Ana"), uow, clock, ids).owner_user_id == "usr_ana"
    assert create_profile_draft(CreateProfileDraft(STAFF, "Kim"), uow, clock, ids).owner_user_id == "usr_kim"
    assert create_profile_draft(CreateProfileDraft(OPERATOR, "Seeded"), uow, clock, ids).owner_user_id is None
    uow.collect_events()
    before = tables(uow)
    with pytest.raises(SignInRequired) as refused:
        create_profile_draft(CreateProfileDraft(ANONYMOUS, "Nobody", idempotency_key="k-1"), uow, clock, ids)
    assert refused.value.code == "session-invalid"  # the same 401 problem as a request without a session
    assert tables(uow) == before and uow.collect_events() == []


def test_a_retry_by_someone_else_with_the_same_key_is_not_the_first_request(uow: InMemoryProfilesUnitOfWork) -> None:
    clock, ids = FixedClock(NOW), SequentialIds()
    first = create_profile_draft(CreateProfileDraft(OWNER, "Ana", idempotency_key="k-1"), uow, clock, ids)
    again = create_profile_draft(CreateProfileDraft(Actor("usr_ana", ("support",)), "Ana", idempotency_key="k-1"),
                                 uow, clock, ids)  # fmt: skip
    assert again.id == first.id  # a role granted between request and retry does not make it another request
    with pytest.raises(IdempotencyKeyReused):  # another owner: another request, never the first draft
        create_profile_draft(CreateProfileDraft(STRANGER, "Ana", idempotency_key="k-1"), uow, clock, ids)


def test_only_the_owner_or_the_operator_edits_a_profile_and_anyone_else_learns_nothing(
    uow: InMemoryProfilesUnitOfWork,
) -> None:
    clock = FixedClock(NOW)
    profile_id = create_profile_draft(CreateProfileDraft(OWNER, "Ana"), uow, clock, SequentialIds()).id
    uow.collect_events()
    unknown = refusal(lambda: update_profile_draft(UpdateProfileDraft(OWNER, "prf_nope", 1, bio="x"), uow, clock))
    before = tables(uow)
    for someone_else in (STRANGER, STAFF, ANONYMOUS):
        refused = refusal(
            lambda actor=someone_else: update_profile_draft(
                UpdateProfileDraft(actor, profile_id, 1, bio="Mine now"), uow, clock
            )
        )
        assert (refused.code, refused.kind, refused.key) == (unknown.code, unknown.kind, profile_id)
    assert tables(uow) == before and uow.collect_events() == []  # nothing written, nothing announced
    assert update_profile_draft(UpdateProfileDraft(OWNER, profile_id, 1, bio="Hers"), uow, clock).version == 2
    assert update_profile_draft(UpdateProfileDraft(OPERATOR, profile_id, 2, bio="Fixed"), uow, clock).version == 3


def test_unowned_profiles_are_the_operators_to_give_away(uow: InMemoryProfilesUnitOfWork) -> None:
    clock, ids = FixedClock(NOW), SequentialIds()
    seeded = create_profile_draft(CreateProfileDraft(OPERATOR, "Seeded", kind=ProfileKind.STUDIO), uow, clock, ids).id
    hers = create_profile_draft(CreateProfileDraft(OWNER, "Ana"), uow, clock, ids).id
    before = tables(uow)
    for someone_else in (STRANGER, STAFF, ANONYMOUS, OWNER):
        refused = refusal(
            lambda actor=someone_else: give_unowned(GiveUnownedProfiles(actor, (seeded,), "usr_eve"), uow)
        )
        assert (refused.kind, refused.key) == ("profile", seeded)
    assert tables(uow) == before
    assert give_unowned(GiveUnownedProfiles(OPERATOR, (seeded, hers), "usr_eve"), uow) == 1  # hers stays hers
    assert give_unowned(GiveUnownedProfiles(OPERATOR, (seeded, hers), "usr_eve"), uow) == 0
    eve = Actor("usr_eve")
    assert update_profile_draft(UpdateProfileDraft(eve, seeded, 1, bio="Mine"), uow, clock).owner_user_id == "usr_eve"
    with pytest.raises(NotFound):
        update_profile_draft(UpdateProfileDraft(eve, hers, 1, bio="Mine too"), uow, clock)
