"""Onboarding routes: wizard state and steps, publish/unpublish, Instant Book, verification and its queue.

Everything about one profile is its owner's (401 signed out, 404 for someone else's, services included);
the queue and its decisions are staff's."""

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
from core.onboarding.handlers import (
    onboarding_state,
    publish_profile,
    record_step,
    service_eligibility,
    set_instant_book,
    unpublish_profile,
)
from core.onboarding.verification_handlers import (
    approve_verification,
    reject_verification,
    submit_verification,
    verification_queue,
    verification_status,
)
from core.onboarding.weights import Wizard
from entrypoints.http.authorization import CurrentUserDep, require_owned, require_owned_service, require_staff
from entrypoints.http.dependencies import (
    ClockDep,
    IdsDep,
    OnboardingUow,
    ProfilesUow,
    ThresholdsDep,
    VerificationProviderDep,
)
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
    profile_id: FromPath[str], onboarding_uow: OnboardingUow, thresholds: ThresholdsDep, profiles_uow: ProfilesUow,
    current_user: CurrentUserDep, wizard: FromQuery[Wizard | None] = None,
) -> OnboardingOut:  # fmt: skip
    """The wizard: each step done/open/blocked (and by what), where to resume, the score and nudges. Owner only."""
    require_owned(profile_id, current_user, profiles_uow)
    view = onboarding_state(profile_id, wizard, onboarding_uow, thresholds)
    return OnboardingOut.of(profile_id, view, thresholds)


@put("/profiles/{profile_id:str}/onboarding/step", tags=TAGS, sync_to_thread=True)
def move_to_step(
    profile_id: FromPath[str], data: JSONBody[StepIn], onboarding_uow: OnboardingUow, clock: ClockDep,
    thresholds: ThresholdsDep, profiles_uow: ProfilesUow, current_user: CurrentUserDep,
) -> OnboardingOut:  # fmt: skip
    """Go to a step (remembered for resuming); a blocked step is 409 naming ``blocked_by`` and ``reasons``.
    Owner only."""
    require_owned(profile_id, current_user, profiles_uow)
    record_step(RecordStep(profile_id, data.wizard, data.step), onboarding_uow, clock, thresholds)
    return OnboardingOut.of(profile_id, onboarding_state(profile_id, data.wizard, onboarding_uow, thresholds),
                            thresholds)  # fmt: skip


@post("/profiles/{profile_id:str}/publish", tags=TAGS, sync_to_thread=True, status_code=200)
def publish(
    profile_id: FromPath[str], data: JSONBody[VersionIn], onboarding_uow: OnboardingUow, clock: ClockDep,
    thresholds: ThresholdsDep, profiles_uow: ProfilesUow, current_user: CurrentUserDep,
) -> ProfileOut:  # fmt: skip
    """Publish when complete enough; else 422 ``profile-incomplete`` listing the ``missing`` items. Owner only."""
    require_owned(profile_id, current_user, profiles_uow)
    published = publish_profile(PublishProfile(profile_id, data.version), onboarding_uow, clock, thresholds)
    return ProfileOut.of(published, owner=True)


@post("/profiles/{profile_id:str}/unpublish", tags=TAGS, sync_to_thread=True, status_code=200)
def unpublish(
    profile_id: FromPath[str], data: JSONBody[VersionIn], onboarding_uow: OnboardingUow, clock: ClockDep,
    profiles_uow: ProfilesUow, current_user: CurrentUserDep,
) -> ProfileOut:  # fmt: skip
    """Take the public page down (it answers ``noindex`` to its owner's preview). Owner only."""
    require_owned(profile_id, current_user, profiles_uow)
    return ProfileOut.of(
        unpublish_profile(UnpublishProfile(profile_id, data.version), onboarding_uow, clock), owner=True
    )


@get("/services/{service_id:str}/instant-book", tags=TAGS, sync_to_thread=True)
def read_instant_book(
    service_id: FromPath[str], onboarding_uow: OnboardingUow, thresholds: ThresholdsDep, profiles_uow: ProfilesUow,
    current_user: CurrentUserDep,
) -> EligibilityOut:  # fmt: skip
    """Whether the service may use Instant Book, and what stands in the way (score, verification: the owner's
    business, so owner only)."""
    require_owned_service(service_id, current_user, profiles_uow)
    return EligibilityOut.of(service_id, service_eligibility(service_id, onboarding_uow, thresholds))


@put("/services/{service_id:str}/instant-book", tags=TAGS, sync_to_thread=True)
def change_instant_book(
    service_id: FromPath[str], data: JSONBody[InstantBookIn], onboarding_uow: OnboardingUow, thresholds: ThresholdsDep,
    profiles_uow: ProfilesUow, current_user: CurrentUserDep,
) -> EligibilityOut:  # fmt: skip
    """Turn Instant Book on (409 ``instant-book-not-eligible`` with ``reasons`` unless eligible) or off.
    Owner only."""
    require_owned_service(service_id, current_user, profiles_uow)
    eligibility = set_instant_book(SetInstantBook(service_id, data.enabled), onboarding_uow, thresholds)
    return EligibilityOut.of(service_id, eligibility)


@post("/profiles/{profile_id:str}/verifications", tags=TAGS, sync_to_thread=True)
def submit(
    profile_id: FromPath[str], data: JSONBody[VerificationIn], onboarding_uow: OnboardingUow,
    verification_provider: VerificationProviderDep, clock: ClockDep, ids: IdsDep, profiles_uow: ProfilesUow,
    current_user: CurrentUserDep,
) -> VerificationOut:  # fmt: skip
    """Submit an uploaded document (by its storage key) for review; it is pending until staff decide. Owner only."""
    require_owned(profile_id, current_user, profiles_uow)
    command = SubmitVerification(profile_id, data.kind, data.document_key)
    return VerificationOut.of(submit_verification(command, onboarding_uow, verification_provider, clock, ids))


@get("/profiles/{profile_id:str}/verification", tags=TAGS, sync_to_thread=True)
def read_verification(
    profile_id: FromPath[str], onboarding_uow: OnboardingUow, profiles_uow: ProfilesUow, current_user: CurrentUserDep
) -> VerificationStatusOut:
    """The status banner, whether the profile is verified, and the latest request (its document key and any
    rejection reason). Owner only: the public page shows the verified badge."""
    require_owned(profile_id, current_user, profiles_uow)
    latest, banner, verified = verification_status(profile_id, onboarding_uow)
    return VerificationStatusOut(profile_id, verified, BannerOut.of(banner),
                                 None if latest is None else VerificationOut.of(latest))  # fmt: skip


@get("/verifications", tags=TAGS, sync_to_thread=True)
def staff_queue(
    onboarding_uow: OnboardingUow, current_user: CurrentUserDep,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> QueueOut:  # fmt: skip
    """Staff: pending requests, oldest first."""
    require_staff(current_user)
    return QueueOut([VerificationOut.of(r) for r in verification_queue(limit, onboarding_uow)])


@post("/verifications/{request_id:str}/approve", tags=TAGS, sync_to_thread=True, status_code=200)
def approve(
    request_id: FromPath[str], data: JSONBody[StaffDecisionIn], onboarding_uow: OnboardingUow, clock: ClockDep,
    current_user: CurrentUserDep,
) -> VerificationOut:  # fmt: skip
    """Staff: approve a pending request (409 ``verification-not-pending`` once decided)."""
    command = ApproveVerification(request_id, require_staff(current_user).user_id)
    return VerificationOut.of(approve_verification(command, onboarding_uow, clock))


@post("/verifications/{request_id:str}/reject", tags=TAGS, sync_to_thread=True, status_code=200)
def reject(
    request_id: FromPath[str], data: JSONBody[StaffDecisionIn], onboarding_uow: OnboardingUow, clock: ClockDep,
    current_user: CurrentUserDep,
) -> VerificationOut:  # fmt: skip
    """Staff: reject a pending request with the ``reason`` the owner will read."""
    command = RejectVerification(request_id, require_staff(current_user).user_id, data.reason)
    return VerificationOut.of(reject_verification(command, onboarding_uow, clock))


router = Router(
    "/api",
    route_handlers=[read_onboarding, move_to_step, publish, unpublish, read_instant_book, change_instant_book,
                    submit, read_verification, staff_queue, approve, reject],
)  # fmt: skip
