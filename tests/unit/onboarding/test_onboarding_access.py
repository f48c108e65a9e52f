"""Who may act in onboarding: a profile's owner or the operator on its wizard, page, documents, services and
digests (anyone else gets the 404 an unknown id gets, and nothing is written); staff on verification decisions,
the review queue and the weekly send."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.notifications import InMemoryDigestsUnitOfWork
from adapters.staff.manual_verification import ManualVerificationProvider
from core.onboarding.commands import (
    ApproveVerification,
    AutosaveEdit,
    PublishProfile,
    RecordStep,
    RejectVerification,
    SendWeeklyDigests,
    SetDigestPreferences,
    SetInstantBook,
    SubmitVerification,
    UnpublishProfile,
)
from core.onboarding.digest_handlers import send_weekly_digests, set_preferences
from core.onboarding.digests import Preferences
from core.onboarding.eligibility import Thresholds
from core.onboarding.handlers import (
    autosave,
    onboarding_state,
    publish_profile,
    record_step,
    service_eligibility,
    set_instant_book,
    unpublish_profile,
)
from core.onboarding.verification import VerificationKind, VerificationRequest, VerificationStatus
from core.onboarding.verification_handlers import (
    approve_verification,
    reject_verification,
    submit_verification,
    verification_queue,
    verification_status,
)
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step, StepStatus
from core.profiles.commands import UpdateProfileDraft
from core.profiles.model import ProfileDraft, ProfileKind, ProfileStatus, Role, ServiceProfile
from core.shared.actor import ANONYMOUS, OPERATOR, Actor, StaffOnly
from core.shared.errors import InvalidInput, NotFound
from core.shared.money import Money
from tests.unit.onboarding.test_onboarding_handlers import UNRESTRICTED, complete_fields

NOW = datetime(2026, 11, 24, 18, tzinfo=UTC)
T = Thresholds()
OWNER, STRANGER, STAFF = Actor("usr_ana"), Actor("usr_eve"), Actor("usr_kim", ("support",))
SOMEONE_ELSE = (STRANGER, STAFF, ANONYMOUS)
Act = Callable[[Actor, str], object]  # (who acts, on which id)


@pytest.fixture
def uow() -> InMemoryDigestsUnitOfWork:
    unit = InMemoryDigestsUnitOfWork()
    with unit:
        profile = ProfileDraft.new(profile_id="prf_1", kind=ProfileKind.PROVIDER, slug="ana", now=NOW,
                                   fields=complete_fields())  # fmt: skip
        profile.owner_user_id = "usr_ana"
        unit.profiles.add(profile)
        unit.profiles.add_service(ServiceProfile("spf_1", "prf_1", Role.PHOTOGRAPHER, "Portraits", Money(18000, "USD")))
        unit.verifications.add(VerificationRequest.submit(request_id="ver_1", profile_id="prf_1",
                                                          kind=VerificationKind.IDENTITY,
                                                          document_key="documents/prf_1/id.jpg", now=NOW))  # fmt: skip
        unit.commit()
    unit.facts.set_portfolio("prf_1", 3)  # publishable
    return unit


def _profile_actions(uow: InMemoryDigestsUnitOfWork) -> dict[str, Act]:
    clock, ids = FixedClock(NOW), SequentialIds()
    return {
        "wizard": lambda actor, pid: onboarding_state(pid, None, actor, uow, T),
        "step": lambda actor, pid: record_step(RecordStep(actor, pid, Wizard.PROVIDER, Step.BASICS), uow, clock, T),
        "autosave": lambda actor, pid: autosave(
            AutosaveEdit(UpdateProfileDraft(actor, pid, 1, headline="Mine"), Wizard.PROVIDER, Step.BASICS), uow, clock
        ),
        "publish": lambda actor, pid: publish_profile(PublishProfile(actor, pid, 1), uow, clock, T, UNRESTRICTED),
        "unpublish": lambda actor, pid: unpublish_profile(UnpublishProfile(actor, pid, 1), uow, clock),
        "submit": lambda actor, pid: submit_verification(
            SubmitVerification(actor, pid, VerificationKind.IDENTITY, f"documents/{pid}/mine.jpg"),
            uow,
            ManualVerificationProvider(),
            clock,
            ids,
        ),
        "status": lambda actor, pid: verification_status(pid, actor, uow),
        "digest consent": lambda actor, pid: set_preferences(
            SetDigestPreferences(actor, Preferences(pid, "eve@example.com", True, True)), uow
        ),
    }


def _service_actions(uow: InMemoryDigestsUnitOfWork) -> dict[str, Act]:
    return {
        "eligibility": lambda actor, sid: service_eligibility(sid, actor, uow, T),
        "instant book": lambda actor, sid: set_instant_book(SetInstantBook(actor, sid, True), uow, T),
    }


def _refusal(act: Act, actor: Actor, key: str) -> NotFound:
    with pytest.raises(NotFound) as refused:
        act(actor, key)
    return refused.value


def _written(uow: InMemoryDigestsUnitOfWork) -> dict[str, Any]:
    return copy.deepcopy(uow.database.tables)


@pytest.mark.parametrize(("actions", "key", "kind"), [(_profile_actions, "prf_1", "profile"),
                                                      (_service_actions, "spf_1", "service profile")])  # fmt: skip
def test_someone_elses_profile_or_service_is_a_404_like_an_unknown_one_and_nothing_is_written(
    uow: InMemoryDigestsUnitOfWork, actions: Callable[[InMemoryDigestsUnitOfWork], dict[str, Act]], key: str, kind: str
) -> None:
    before = _written(uow)
    for name, act in actions(uow).items():
        unknown = _refusal(act, OWNER, f"{key[:4]}nope")
        for someone_else in SOMEONE_ELSE:
            refused = _refusal(act, someone_else, key)
            assert (refused.code, refused.kind) == (unknown.code, unknown.kind) == ("not-found", kind), name
            assert refused.key == key, name  # a service's refusal never names its profile
    assert _written(uow) == before and uow.collect_events() == []


def test_the_owner_and_the_operator_do_each_of_it(uow: InMemoryDigestsUnitOfWork) -> None:
    clock, ids, provider = FixedClock(NOW), SequentialIds(), ManualVerificationProvider()
    edit = UpdateProfileDraft(OWNER, "prf_1", 1, headline="Portraits in natural light")
    assert autosave(AutosaveEdit(edit, Wizard.PROVIDER, Step.BASICS), uow, clock).version == 2
    assert record_step(RecordStep(OPERATOR, "prf_1", Wizard.PROVIDER, Step.ROLES_AND_TAGS), uow, clock, T).resume_at \
        is Step.ROLES_AND_TAGS  # fmt: skip
    assert (
        publish_profile(PublishProfile(OWNER, "prf_1", 2), uow, clock, T, UNRESTRICTED).status
        is ProfileStatus.PUBLISHED
    )
    assert unpublish_profile(UnpublishProfile(OPERATOR, "prf_1", 3), uow, clock).status is ProfileStatus.DRAFT
    assert onboarding_state("prf_1", Wizard.PROVIDER, OWNER, uow, T).state.step(Step.BASICS).status is StepStatus.DONE
    with uow:
        assert uow.progress.last_step("prf_1", Wizard.PROVIDER) is Step.ROLES_AND_TAGS  # the operator's move
    document = SubmitVerification(OWNER, "prf_1", VerificationKind.IDENTITY, "documents/prf_1/passport.jpg")
    clock.advance(timedelta(minutes=5))  # after the fixture's request: the latest
    submitted = submit_verification(document, uow, provider, clock, ids)
    assert verification_status("prf_1", OPERATOR, uow)[0] == submitted
    set_preferences(SetDigestPreferences(OWNER, Preferences("prf_1", "ana@example.com", True, True)), uow)
    set_preferences(SetDigestPreferences(OPERATOR, Preferences("prf_1", "ana@example.org", True, False)), uow)
    with uow:
        assert uow.preferences.get("prf_1") == Preferences("prf_1", "ana@example.org", True, False)
    assert service_eligibility("spf_1", OWNER, uow, T).eligible is False  # unverified, no schedule yet
    assert set_instant_book(SetInstantBook(OPERATOR, "spf_1", False), uow, T).eligible is False


def test_verification_decisions_the_queue_and_the_weekly_send_are_staffs(uow: InMemoryDigestsUnitOfWork) -> None:
    clock = FixedClock(NOW)
    staff_only: dict[str, Callable[[Actor], Any]] = {
        "approve": lambda actor: approve_verification(ApproveVerification(actor, "ver_1"), uow, clock),
        "reject": lambda actor: reject_verification(RejectVerification(actor, "ver_1", "Blurred"), uow, clock),
        "queue": lambda actor: verification_queue(50, actor, uow),
        "send": lambda actor: send_weekly_digests(SendWeeklyDigests(actor, "2026-W48"), uow, clock, T),
    }
    before = _written(uow)
    for name, act in staff_only.items():
        for refused_actor in (OWNER, STRANGER, ANONYMOUS):
            with pytest.raises(StaffOnly):
                act(refused_actor)
        assert _written(uow) == before, name
    assert [request.id for request in staff_only["queue"](STAFF)] == ["ver_1"]
    assert staff_only["send"](OPERATOR).week == "2026-W48"
    with pytest.raises(InvalidInput) as unnamed:  # the operator has no user id: it names who decided
        staff_only["approve"](OPERATOR)
    assert unnamed.value.field == "staff"
    decided = staff_only["reject"](STAFF)  # a staff member is recorded by user id, never by a name it gives
    assert (decided.status, decided.decided_by, decided.reason) == (VerificationStatus.REJECTED, "usr_kim", "Blurred")
    document = SubmitVerification(OWNER, "prf_1", VerificationKind.IDENTITY, "documents/prf_1/passport.jpg")
    second = submit_verification(document, uow, ManualVerificationProvider(), clock, SequentialIds())
    approved = approve_verification(ApproveVerification(OPERATOR, second.id, staff="kim"), uow, clock)
    assert (approved.status, approved.decided_by) == (VerificationStatus.APPROVED, "kim")
