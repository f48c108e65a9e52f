"""Onboarding handlers: wizard state, autosave with the resume point, publish gates, Instant Book."""

from __future__ import annotations

import attrs

from core.onboarding.commands import PublishProfile, RecordStep, SetInstantBook, UnpublishProfile
from core.onboarding.completeness import Score, completeness
from core.onboarding.eligibility import Eligibility, Thresholds, instant_book_eligibility, require_publishable
from core.onboarding.errors import NotEligibleForInstantBook, StepBlocked
from core.onboarding.events import InstantBookChanged, ProfilePublished, ProfileUnpublished
from core.onboarding.nudges import Nudge, nudges
from core.onboarding.ports import OnboardingUnitOfWork
from core.onboarding.verification import Banner, banner
from core.onboarding.weights import Wizard, page_wizard, wizards_of
from core.onboarding.wizard import StepStatus, WizardState, wizard_state
from core.profiles.commands import UpdateProfileDraft
from core.profiles.events import ProfileDraftEdited
from core.profiles.handlers import apply_edit
from core.profiles.model import ProfileDraft, ProfileKind, ServiceProfile
from core.shared.clock import Clock
from core.shared.errors import InvalidInput


def _check_wizard(profile: ProfileDraft, wizard: Wizard) -> None:
    allowed = (Wizard.STUDIO,) if profile.kind is ProfileKind.STUDIO else (Wizard.PROVIDER, *wizards_of(profile))
    if wizard not in allowed:
        raise InvalidInput("wizard", f"this profile's wizards are {', '.join(w.value for w in allowed)}")


def _state(uow: OnboardingUnitOfWork, profile: ProfileDraft, wizard: Wizard, thresholds: Thresholds) -> WizardState:
    score = completeness(profile, uow.facts.facts_of(profile.id), wizard)
    return wizard_state(score, published=profile.is_published, publish_min=thresholds.publish_min,
                        last_step=uow.progress.last_step(profile.id, wizard))  # fmt: skip


@attrs.frozen
class OnboardingOverview:
    """What the wizard screen shows: the steps, the nudges and the verification banner."""

    state: WizardState
    nudges: tuple[Nudge, ...]
    banner: Banner
    published: bool


def onboarding_state(
    profile_id: str, wizard: Wizard | None, uow: OnboardingUnitOfWork, thresholds: Thresholds
) -> OnboardingOverview:
    """The wizard's steps (done/open/blocked and why), the resume step, score, nudges. Raises ``NotFound``."""
    with uow.reading():
        profile = uow.profiles.get(profile_id)
        wizard = wizard or wizards_of(profile)[0]
        _check_wizard(profile, wizard)
        state = _state(uow, profile, wizard, thresholds)
        facts = uow.facts.facts_of(profile.id)
        requests = uow.verifications.of_profile(profile.id)
        hints = nudges(state.score, facts, thresholds, published=profile.is_published)
        return OnboardingOverview(state, tuple(hints), banner(requests[-1] if requests else None),
                                  profile.is_published)  # fmt: skip


def record_step(cmd: RecordStep, uow: OnboardingUnitOfWork, clock: Clock, thresholds: Thresholds) -> WizardState:
    """Move the owner to ``cmd.step``; a blocked step raises ``StepBlocked`` naming its blockers."""
    with uow:
        profile = uow.profiles.get(cmd.profile_id)
        _check_wizard(profile, cmd.wizard)
        state = _state(uow, profile, cmd.wizard, thresholds)
        wanted = state.step(cmd.step)
        if wanted.status is StepStatus.BLOCKED:
            reasons = tuple(h for d in wanted.blocked_by for h in state.step(d).missing)
            raise StepBlocked(cmd.step.value, tuple(d.value for d in wanted.blocked_by), reasons)
        uow.progress.record(profile.id, cmd.wizard, cmd.step, clock.now())
        uow.commit()
        return attrs.evolve(state, resume_at=cmd.step)


def autosave(cmd: UpdateProfileDraft, at: RecordStep | None, uow: OnboardingUnitOfWork, clock: Clock) -> ProfileDraft:
    """Save a wizard edit with its version and, in the same transaction, the step it was made on.

    A stale version raises ``VersionConflict`` and records nothing.
    """
    with uow:
        profile = uow.profiles.get(cmd.profile_id)
        apply_edit(profile, cmd, clock.now())
        uow.profiles.save(profile, expected_version=cmd.expected_version)
        if at is not None:
            _check_wizard(profile, at.wizard)
            uow.progress.record(profile.id, at.wizard, at.step, clock.now())
        uow.record(ProfileDraftEdited(profile.id, profile.version))
        uow.commit()
        return profile


def page_score(profile_id: str, uow: OnboardingUnitOfWork) -> Score:
    """The score that gates publishing the profile page. Raises ``NotFound``."""
    with uow.reading():
        profile = uow.profiles.get(profile_id)
        return completeness(profile, uow.facts.facts_of(profile.id), page_wizard(profile))


def publish_profile(
    cmd: PublishProfile, uow: OnboardingUnitOfWork, clock: Clock, thresholds: Thresholds
) -> ProfileDraft:
    """Publish when the page score reaches the minimum, else ``ProfileIncomplete`` with the missing items."""
    with uow:
        profile = uow.profiles.get(cmd.profile_id)
        score = completeness(profile, uow.facts.facts_of(profile.id), page_wizard(profile))
        require_publishable(profile.id, score, thresholds)
        profile.publish(clock.now())
        uow.profiles.save(profile, expected_version=cmd.expected_version)
        uow.record(ProfilePublished(profile.id, score.total))
        uow.commit()
        return profile


def unpublish_profile(cmd: UnpublishProfile, uow: OnboardingUnitOfWork, clock: Clock) -> ProfileDraft:
    """Take the page down (``noindex``, no longer listed); always allowed."""
    with uow:
        profile = uow.profiles.get(cmd.profile_id)
        profile.unpublish(clock.now())
        uow.profiles.save(profile, expected_version=cmd.expected_version)
        uow.record(ProfileUnpublished(profile.id))
        uow.commit()
        return profile


def _eligibility(uow: OnboardingUnitOfWork, service: ServiceProfile, thresholds: Thresholds) -> Eligibility:
    profile = uow.profiles.get(service.profile_id)
    facts = uow.facts.facts_of(profile.id)
    wizard = Wizard.of_role(service.role) if service.role else page_wizard(profile)
    return instant_book_eligibility(completeness(profile, facts, wizard), facts, thresholds)


def service_eligibility(service_id: str, uow: OnboardingUnitOfWork, thresholds: Thresholds) -> Eligibility:
    """Whether the service may use Instant Book, scored with its role's wizard (studios: ``studio``)."""
    with uow.reading():
        return _eligibility(uow, uow.profiles.get_service(service_id), thresholds)


def set_instant_book(cmd: SetInstantBook, uow: OnboardingUnitOfWork, thresholds: Thresholds) -> Eligibility:
    """Turn Instant Book on only when eligible (``NotEligibleForInstantBook`` otherwise); off always works."""
    with uow:
        service = uow.profiles.get_service(cmd.service_id)
        eligibility = _eligibility(uow, service, thresholds)
        if cmd.enabled and not eligibility.eligible:
            raise NotEligibleForInstantBook(cmd.service_id, eligibility.reasons)
        if service.instant_book != cmd.enabled:
            uow.profiles.save_service(attrs.evolve(service, instant_book=cmd.enabled))
            uow.record(InstantBookChanged(service.id, cmd.enabled))
            uow.commit()
        return eligibility
