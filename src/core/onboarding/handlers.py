"""Onboarding handlers: wizard state, autosave with the resume point, publish gates, Instant Book."""

from __future__ import annotations

import attrs

from core.onboarding.commands import AutosaveEdit, PublishProfile, RecordStep, SetInstantBook, UnpublishProfile
from core.onboarding.completeness import Score, completeness
from core.onboarding.eligibility import Eligibility, Thresholds, instant_book_eligibility, require_publishable
from core.onboarding.errors import ListingsRestricted, NotEligibleForInstantBook, StepBlocked
from core.onboarding.events import InstantBookChanged, ProfilePublished, ProfileUnpublished
from core.onboarding.nudges import Nudge, nudges
from core.onboarding.ports import ListingRestrictions, OnboardingUnitOfWork
from core.onboarding.verification import Banner, banner
from core.onboarding.weights import Wizard, page_wizard, wizards_of
from core.onboarding.wizard import StepStatus, WizardState, wizard_state
from core.profiles.events import ProfileDraftEdited
from core.profiles.handlers import apply_edit
from core.profiles.model import ProfileDraft, ProfileKind, ServiceProfile
from core.profiles.visibility import changed_by, service_changed_by
from core.shared.actor import Actor
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
    profile_id: str, wizard: Wizard | None, actor: Actor, uow: OnboardingUnitOfWork, thresholds: Thresholds
) -> OnboardingOverview:
    """The wizard's steps (done/open/blocked and why), the resume step, score, nudges: the owner's (or the
    operator's) to read. Raises ``NotFound`` for an unknown profile and for anyone else's."""
    with uow.reading():
        profile = changed_by(uow.profiles.get(profile_id), actor)
        wizard = wizard or wizards_of(profile)[0]
        _check_wizard(profile, wizard)
        state = _state(uow, profile, wizard, thresholds)
        facts = uow.facts.facts_of(profile.id)
        requests = uow.verifications.of_profile(profile.id)
        hints = nudges(state.score, facts, thresholds, published=profile.is_published)
        return OnboardingOverview(state, tuple(hints), banner(requests[-1] if requests else None),
                                  profile.is_published)  # fmt: skip


def record_step(cmd: RecordStep, uow: OnboardingUnitOfWork, clock: Clock, thresholds: Thresholds) -> WizardState:
    """Move the owner to ``cmd.step``; a blocked step raises ``StepBlocked`` naming its blockers, a profile the
    actor may not change the ``NotFound`` an unknown id gets."""
    with uow:
        profile = changed_by(uow.profiles.get(cmd.profile_id), cmd.actor)
        _check_wizard(profile, cmd.wizard)
        state = _state(uow, profile, cmd.wizard, thresholds)
        wanted = state.step(cmd.step)
        if wanted.status is StepStatus.BLOCKED:
            reasons = tuple(h for d in wanted.blocked_by for h in state.step(d).missing)
            raise StepBlocked(cmd.step.value, tuple(d.value for d in wanted.blocked_by), reasons)
        uow.progress.record(profile.id, cmd.wizard, cmd.step, clock.now())
        uow.commit()
        return attrs.evolve(state, resume_at=cmd.step)


def autosave(cmd: AutosaveEdit, uow: OnboardingUnitOfWork, clock: Clock) -> ProfileDraft:
    """Save a wizard edit with its version and, in the same transaction, the step it was made on.

    A profile the actor may not change raises the ``NotFound`` an unknown id gets; a stale version raises
    ``VersionConflict`` and records nothing.
    """
    with uow:
        edit = cmd.edit
        profile = changed_by(uow.profiles.get(edit.profile_id), cmd.actor)
        if cmd.wizard is None:
            raise InvalidInput("wizard", "name the wizard the step belongs to")
        apply_edit(profile, edit, clock.now())
        uow.profiles.save(profile, expected_version=edit.expected_version)
        _check_wizard(profile, cmd.wizard)
        uow.progress.record(profile.id, cmd.wizard, cmd.step, clock.now())
        uow.record(ProfileDraftEdited(profile.id, profile.version))
        uow.commit()
        return profile


def page_score(profile_id: str, uow: OnboardingUnitOfWork) -> Score:
    """The score that gates publishing the profile page. Raises ``NotFound``."""
    with uow.reading():
        profile = uow.profiles.get(profile_id)
        return completeness(profile, uow.facts.facts_of(profile.id), page_wizard(profile))


def publish_profile(
    cmd: PublishProfile, uow: OnboardingUnitOfWork, clock: Clock, thresholds: Thresholds,
    listings: ListingRestrictions,
) -> ProfileDraft:  # fmt: skip
    """Publish when the page score reaches the minimum, else ``ProfileIncomplete`` with the missing items. The
    owner's (or the operator's) to do: ``NotFound`` for anyone else, as for an unknown id; ``ListingsRestricted``
    while moderation hides the owner's listings (the operator may still publish)."""
    with uow:
        profile = changed_by(uow.profiles.get(cmd.profile_id), cmd.actor)
        owner = profile.owner_user_id
        if owner is not None and not cmd.actor.is_operator and listings.listings_hidden(owner):
            raise ListingsRestricted(profile.id)
        score = completeness(profile, uow.facts.facts_of(profile.id), page_wizard(profile))
        require_publishable(profile.id, score, thresholds)
        profile.publish(clock.now())
        uow.profiles.save(profile, expected_version=cmd.expected_version)
        uow.record(ProfilePublished(profile.id, score.total))
        uow.commit()
        return profile


def unpublish_profile(cmd: UnpublishProfile, uow: OnboardingUnitOfWork, clock: Clock) -> ProfileDraft:
    """Take the page down (``noindex``, no longer listed); always allowed to its owner and the operator, the
    ``NotFound`` an unknown id gets for anyone else."""
    with uow:
        profile = changed_by(uow.profiles.get(cmd.profile_id), cmd.actor)
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


def _service_changed_by(uow: OnboardingUnitOfWork, service_id: str, actor: Actor) -> ServiceProfile:
    """The service if ``actor`` may change its profile; ``NotFound`` naming the service alone otherwise."""
    service = uow.profiles.get_service(service_id)
    return service_changed_by(service, uow.profiles.get(service.profile_id), actor)


def service_eligibility(
    service_id: str, actor: Actor, uow: OnboardingUnitOfWork, thresholds: Thresholds
) -> Eligibility:
    """Whether the service may use Instant Book, scored with its role's wizard (studios: ``studio``). Its
    owner's business (score, verification): ``NotFound`` naming the service for anyone else."""
    with uow.reading():
        return _eligibility(uow, _service_changed_by(uow, service_id, actor), thresholds)


def set_instant_book(cmd: SetInstantBook, uow: OnboardingUnitOfWork, thresholds: Thresholds) -> Eligibility:
    """Turn Instant Book on only when eligible (``NotEligibleForInstantBook`` otherwise); off always works.
    The owner of the service's profile (or the operator) switches it: ``NotFound`` naming the service else."""
    with uow:
        service = _service_changed_by(uow, cmd.service_id, cmd.actor)
        eligibility = _eligibility(uow, service, thresholds)
        if cmd.enabled and not eligibility.eligible:
            raise NotEligibleForInstantBook(cmd.service_id, eligibility.reasons)
        if service.instant_book != cmd.enabled:
            uow.profiles.save_service(attrs.evolve(service, instant_book=cmd.enabled))
            uow.record(InstantBookChanged(service.id, cmd.enabled))
            uow.commit()
        return eligibility
