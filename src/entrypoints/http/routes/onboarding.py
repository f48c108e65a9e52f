"""Onboarding routes: wizard state and steps, publish/unpublish, Instant Book, verification and its queue.

Everything about one profile is its owner's (401 signed out, 404 for someone else's, services included);
the queue and its decisions are staff's. The core decides both, inside each command's unit of work."""

from __future__ import annotations

from typing import Annotated

from litestar import Router, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from core.onboarding.commands import (
    ApproveVerification,
    PublishProfile,
    RecordStep,
    RejectVerification,
    SetInstantBook,
    SubmitVerification,
    UnpublishProfile,
)
from core.onboarding.handlers import onboarding_state, service_eligibility
from core.onboarding.verification_handlers import verification_queue, verification_status
from core.onboarding.weights import Wizard
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import CommandsDep, OnboardingUow, ThresholdsDep
from entrypoints.shapes.onboarding import (
    BannerOut,
    EligibilityOut,
    InstantBookIn,
    OnboardingOut,
    QueueOut,
    StaffDecisionIn,
    StepIn,
    VerificationIn,
    VerificationOut,
    VerificationStatusOut,
    VersionIn,
)
from entrypoints.shapes.profiles import ProfileOut

TAGS = ["onboarding"]


@get("/profiles/{profile_id:str}/onboarding", tags=TAGS, sync_to_thread=True)
def read_onboarding(
    profile_id: FromPath[str], onboarding_uow: OnboardingUow, thresholds: ThresholdsDep, current_user: CurrentUserDep,
    wizard: FromQuery[Wizard | None] = None,
) -> OnboardingOut:  # fmt: skip
    """The wizard: each step done/open/blocked (and by what), where to resume, the score and nudges. Owner only."""
    view = onboarding_state(profile_id, wizard, current_user, onboarding_uow, thresholds)
    return OnboardingOut.of(profile_id, view, thresholds)


@put("/profiles/{profile_id:str}/onboarding/step", tags=TAGS, sync_to_thread=True,
     problems=("step-blocked", "version-conflict"))  # fmt: skip
def move_to_step(
    profile_id: FromPath[str], data: JSONBody[StepIn], commands: CommandsDep, onboarding_uow: OnboardingUow,
    thresholds: ThresholdsDep, current_user: CurrentUserDep,
) -> OnboardingOut:  # fmt: skip
    """Go to a step (remembered for resuming); a blocked step is 409 naming ``blocked_by`` and ``reasons``.
    Owner only."""
    commands.handle(RecordStep(current_user, profile_id, data.wizard, data.step))
    view = onboarding_state(profile_id, data.wizard, current_user, onboarding_uow, thresholds)
    return OnboardingOut.of(profile_id, view, thresholds)


@post("/profiles/{profile_id:str}/publish", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("profile-incomplete", "version-conflict", "listings-restricted"))  # fmt: skip
def publish(
    profile_id: FromPath[str], data: JSONBody[VersionIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ProfileOut:
    """Publish when complete enough; else 422 ``profile-incomplete`` listing the ``missing`` items. Owner only."""
    published = commands.handle(PublishProfile(current_user, profile_id, data.version))
    return ProfileOut.of(published, owner=True)


@post("/profiles/{profile_id:str}/unpublish", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("version-conflict",))  # fmt: skip
def unpublish(
    profile_id: FromPath[str], data: JSONBody[VersionIn], commands: CommandsDep, current_user: CurrentUserDep
) -> ProfileOut:
    """Take the public page down (it answers ``noindex`` to its owner's preview). Owner only."""
    return ProfileOut.of(commands.handle(UnpublishProfile(current_user, profile_id, data.version)), owner=True)


@get("/services/{service_id:str}/instant-book", tags=TAGS, sync_to_thread=True)
def read_instant_book(
    service_id: FromPath[str], onboarding_uow: OnboardingUow, thresholds: ThresholdsDep, current_user: CurrentUserDep
) -> EligibilityOut:
    """Whether the service may use Instant Book, and what stands in the way (score, verification: the owner's
    business, so owner only)."""
    return EligibilityOut.of(service_id, service_eligibility(service_id, current_user, onboarding_uow, thresholds))


@put("/services/{service_id:str}/instant-book", tags=TAGS, sync_to_thread=True, problems=("instant-book-not-eligible",))
def change_instant_book(
    service_id: FromPath[str], data: JSONBody[InstantBookIn], commands: CommandsDep, current_user: CurrentUserDep
) -> EligibilityOut:
    """Turn Instant Book on (409 ``instant-book-not-eligible`` with ``reasons`` unless eligible) or off.
    Owner only."""
    return EligibilityOut.of(service_id, commands.handle(SetInstantBook(current_user, service_id, data.enabled)))


@post("/profiles/{profile_id:str}/verifications", tags=TAGS, sync_to_thread=True, problems=("already-exists",))
def submit(
    profile_id: FromPath[str], data: JSONBody[VerificationIn], commands: CommandsDep, current_user: CurrentUserDep
) -> VerificationOut:
    """Submit an uploaded document (by its storage key) for review; it is pending until staff decide. Owner only."""
    command = SubmitVerification(current_user, profile_id, data.kind, data.document_key)
    return VerificationOut.of(commands.handle(command))


@get("/profiles/{profile_id:str}/verification", tags=TAGS, sync_to_thread=True)
def read_verification(
    profile_id: FromPath[str], onboarding_uow: OnboardingUow, current_user: CurrentUserDep
) -> VerificationStatusOut:
    """The status banner, whether the profile is verified, and the latest request (its document key and any
    rejection reason). Owner only: the public page shows the verified badge."""
    latest, banner, verified = verification_status(profile_id, current_user, onboarding_uow)
    return VerificationStatusOut(profile_id, verified, BannerOut.of(banner),
                                 None if latest is None else VerificationOut.of(latest))  # fmt: skip


@get("/verifications", tags=TAGS, sync_to_thread=True, problems=("staff-only",))
def staff_queue(
    onboarding_uow: OnboardingUow, current_user: CurrentUserDep,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> QueueOut:  # fmt: skip
    """Staff: pending requests, oldest first."""
    return QueueOut([VerificationOut.of(r) for r in verification_queue(limit, current_user, onboarding_uow)])


@post("/verifications/{request_id:str}/approve", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("staff-only", "verification-not-pending"))  # fmt: skip
def approve(
    request_id: FromPath[str], data: JSONBody[StaffDecisionIn], commands: CommandsDep, current_user: CurrentUserDep
) -> VerificationOut:
    """Staff: approve a pending request (409 ``verification-not-pending`` once decided)."""
    return VerificationOut.of(commands.handle(ApproveVerification(current_user, request_id)))


@post("/verifications/{request_id:str}/reject", tags=TAGS, sync_to_thread=True, status_code=200,
      problems=("staff-only", "verification-not-pending"))  # fmt: skip
def reject(
    request_id: FromPath[str], data: JSONBody[StaffDecisionIn], commands: CommandsDep, current_user: CurrentUserDep
) -> VerificationOut:
    """Staff: reject a pending request with the ``reason`` the owner will read."""
    return VerificationOut.of(commands.handle(RejectVerification(current_user, request_id, data.reason)))


router = Router(
    "/api",
    route_handlers=[read_onboarding, move_to_step, publish, unpublish, read_instant_book, change_instant_book,
                    submit, read_verification, staff_queue, approve, reject],
)  # fmt: skip
