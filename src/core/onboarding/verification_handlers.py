"""Verification handlers: submit a document, staff approve or reject with a reason, queue and banners."""

from __future__ import annotations

from core.onboarding.commands import ApproveVerification, RejectVerification, SubmitVerification
from core.onboarding.events import VerificationDecided
from core.onboarding.ports import OnboardingUnitOfWork, VerificationProvider
from core.onboarding.verification import Banner, VerificationKind, VerificationRequest, banner
from core.profiles.model import ProfileKind
from core.profiles.visibility import changed_by
from core.shared.actor import Actor, require_staff
from core.shared.clock import Clock, IdGenerator
from core.shared.errors import InvalidInput

MAX_QUEUE = 200


def submit_verification(
    cmd: SubmitVerification, uow: OnboardingUnitOfWork, provider: VerificationProvider, clock: Clock, ids: IdGenerator
) -> VerificationRequest:
    """Record an uploaded document as pending and hand it to the provider (staff, for the manual one). Only the
    profile's owner (or the operator) submits: ``NotFound`` for anyone else, as for an unknown id."""
    with uow:
        profile = changed_by(uow.profiles.get(cmd.profile_id), cmd.actor)
        if cmd.kind is VerificationKind.BUSINESS and profile.kind is not ProfileKind.STUDIO:
            raise InvalidInput("kind", "business documents verify studios; providers verify their identity")
        request = VerificationRequest.submit(request_id=ids.new_id("ver"), profile_id=profile.id, kind=cmd.kind,
                                             document_key=cmd.document_key, now=clock.now())  # fmt: skip
        request.provider_reference = provider.begin(request)
        decision = provider.automatic_decision(request)
        if decision is not None:
            approved, reason = decision
            _decide(request, approved, provider_staff(request), reason, clock)
        uow.verifications.add(request)
        uow.commit()
        return request


def provider_staff(request: VerificationRequest) -> str:
    return f"provider:{request.provider_reference or 'automatic'}"


def _decide(request: VerificationRequest, approved: bool, staff: str, reason: str, clock: Clock) -> None:
    if approved:
        request.approve(staff, clock.now())
    else:
        request.reject(staff, reason, clock.now())


def approve_verification(cmd: ApproveVerification, uow: OnboardingUnitOfWork, clock: Clock) -> VerificationRequest:
    """Staff approve a pending request. Raises ``StaffOnly``, ``NotFound`` or ``VerificationStateError`` if
    decided."""
    return _staff_decision(cmd.request_id, True, cmd.actor, cmd.staff, "", uow, clock)


def reject_verification(cmd: RejectVerification, uow: OnboardingUnitOfWork, clock: Clock) -> VerificationRequest:
    """Staff reject a pending request with a reason the owner sees in their banner."""
    return _staff_decision(cmd.request_id, False, cmd.actor, cmd.staff, cmd.reason, uow, clock)


def decided_by(actor: Actor, named: str | None) -> str:
    """Who is recorded as deciding: a staff member's user id; the operator, who has none, names the person (the
    request refuses a decision nobody is named for). Raises ``StaffOnly`` for anyone without a staff role."""
    require_staff(actor)
    return actor.user_id if actor.user_id is not None else named or ""


def _staff_decision(
    request_id: str, approved: bool, actor: Actor, named: str | None, reason: str, uow: OnboardingUnitOfWork,
    clock: Clock,
) -> VerificationRequest:  # fmt: skip
    with uow:
        staff = decided_by(actor, named)
        request = uow.verifications.get(request_id)
        _decide(request, approved, staff, reason, clock)
        uow.verifications.save(request)
        uow.record(VerificationDecided(request.id, request.profile_id, approved))
        uow.commit()
        return request


def verification_queue(limit: int, actor: Actor, uow: OnboardingUnitOfWork) -> list[VerificationRequest]:
    """Pending requests, oldest first: the review queue, staff's only (``StaffOnly``)."""
    require_staff(actor)
    if not 1 <= limit <= MAX_QUEUE:
        raise InvalidInput("limit", f"must be 1..{MAX_QUEUE}")
    with uow.reading():
        return uow.verifications.pending(limit)


def verification_status(
    profile_id: str, actor: Actor, uow: OnboardingUnitOfWork
) -> tuple[VerificationRequest | None, Banner, bool]:
    """The latest request (its document key, any rejection reason), its banner and whether the profile is
    verified: the owner's (or the operator's) to read, the ``NotFound`` an unknown id gets for anyone else."""
    with uow.reading():
        changed_by(uow.profiles.get(profile_id), actor)
        requests = uow.verifications.of_profile(profile_id)
        latest = requests[-1] if requests else None
        return latest, banner(latest), uow.facts.facts_of(profile_id).identity_verified is True
