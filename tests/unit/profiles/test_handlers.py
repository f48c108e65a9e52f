"""Profile handlers on the in-memory adapters: validation, slugs, idempotent create, optimistic edits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from core.profiles.commands import CreateProfileDraft, ListProfiles, UpdateProfileDraft
from core.profiles.events import ProfileDraftEdited
from core.profiles.handlers import create_profile_draft, get_profile, list_profiles, update_profile_draft
from core.profiles.model import SLUG_PATTERN, ProfileKind, Role, slugify
from core.profiles.visibility import OPERATOR
from core.shared.errors import AlreadyExists, IdempotencyKeyReused, InvalidInput, VersionConflict

NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)


@pytest.fixture
def world() -> tuple[InMemoryProfilesUnitOfWork, FixedClock, SequentialIds]:
    return InMemoryProfilesUnitOfWork(InMemoryDatabase()), FixedClock(NOW), SequentialIds()


def test_create_derives_the_slug_and_records_an_event(world) -> None:
    uow, clock, ids = world
    profile = create_profile_draft(
        CreateProfileDraft(OPERATOR, "Ana Díaz Photo", roles=(Role.PHOTOGRAPHER,)), uow, clock, ids
    )
    assert (profile.id, profile.slug, profile.version) == ("prf_000001", "ana-diaz-photo", 1)
    assert uow.collect_events() == []  # a draft concerns nobody else yet: it is not searchable until published


def test_the_same_idempotency_key_returns_the_first_draft(world) -> None:
    uow, clock, ids = world
    command = CreateProfileDraft(OPERATOR, "Ana", idempotency_key="k-1")
    first = create_profile_draft(command, uow, clock, ids)
    again = create_profile_draft(command, uow, clock, ids)
    assert again.id == first.id
    assert len(list_profiles(ListProfiles(), OPERATOR, uow)) == 1
    with pytest.raises(IdempotencyKeyReused):
        create_profile_draft(CreateProfileDraft(OPERATOR, "Someone else", idempotency_key="k-1"), uow, clock, ids)


def test_a_taken_slug_is_a_conflict_and_writes_nothing(world) -> None:
    uow, clock, ids = world
    create_profile_draft(CreateProfileDraft(OPERATOR, "Ana"), uow, clock, ids)
    with pytest.raises(AlreadyExists):
        create_profile_draft(CreateProfileDraft(OPERATOR, "ANA", idempotency_key="k-2"), uow, clock, ids)
    with uow:
        assert uow.idempotency.get("profiles.create", "k-2") is None  # rolled back with the failed create


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (CreateProfileDraft(OPERATOR, ""), "display_name"),
        (CreateProfileDraft(OPERATOR, "x" * 121), "display_name"),
        (CreateProfileDraft(OPERATOR, "Studio", kind=ProfileKind.STUDIO, roles=(Role.MODEL,)), "roles"),
        (CreateProfileDraft(OPERATOR, "Ana", roles=(Role.MODEL, Role.MODEL)), "roles"),
        (CreateProfileDraft(OPERATOR, "Ana", city="Los Angeles"), "city"),
        (CreateProfileDraft(OPERATOR, "Ana", slug="Bad Slug"), "slug"),
        (CreateProfileDraft(OPERATOR, "???"), "slug"),
    ],
)
def test_invalid_input_names_the_field(world, command: CreateProfileDraft, field: str) -> None:
    uow, clock, ids = world
    with pytest.raises(InvalidInput) as caught:
        create_profile_draft(command, uow, clock, ids)
    assert caught.value.field == field


def test_edit_bumps_the_version_and_a_stale_edit_is_refused(world) -> None:
    uow, clock, ids = world
    created = create_profile_draft(CreateProfileDraft(OPERATOR, "Ana"), uow, clock, ids)
    clock.advance(timedelta(minutes=1))
    edited = update_profile_draft(UpdateProfileDraft(OPERATOR, created.id, 1, headline="Portraits"), uow, clock)
    assert (edited.version, edited.fields.headline, edited.updated_at) == (
        2,
        "Portraits",
        NOW + timedelta(minutes=1),
    )
    assert edited.fields.display_name == "Ana"  # untouched fields stay
    with pytest.raises(VersionConflict) as caught:
        update_profile_draft(UpdateProfileDraft(OPERATOR, created.id, 1, headline="Lost update"), uow, clock)
    assert caught.value.current == 2
    assert get_profile(created.id, uow).fields.headline == "Portraits"
    assert ProfileDraftEdited(created.id, 2) in uow.collect_events()


def test_list_limit_is_bounded(world) -> None:
    uow, _, _ = world
    for limit in (0, 201):
        with pytest.raises(InvalidInput):
            list_profiles(ListProfiles(limit=limit), OPERATOR, uow)


@given(st.text(max_size=200))
def test_slugify_always_yields_a_valid_slug_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or (SLUG_PATTERN.match(slug) and len(slug) <= 80)
