"""Commands of the onboarding context. Each carries its ``actor``: a profile's owner (or the operator) moves
through its wizard, publishes it, submits its documents and switches its services' Instant Book; staff decide
verifications and send the digests."""

from __future__ import annotations

import attrs

from core.onboarding.digests import DigestRun, Preferences
from core.onboarding.eligibility import Eligibility
from core.onboarding.reminder_preferences import ReminderPreferences
from core.onboarding.verification import VerificationKind, VerificationRequest
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step, WizardState
from core.profiles.commands import UpdateProfileDraft
from core.profiles.model import ProfileDraft
from core.shared.actor import Actor
from core.shared.commands import Command


@attrs.frozen
class RecordStep(Command[WizardState]):
    """The owner moved to ``step`` of ``wizard``: remember it so they resume there."""

    actor: Actor
    profile_id: str
    wizard: Wizard
    step: Step


@attrs.frozen
class AutosaveEdit(Command[ProfileDraft]):
    """A wizard's edit and the step it was made on, saved together; who acts is the edit's actor. Without a
    ``wizard`` the step cannot be placed (``InvalidInput``)."""

    edit: UpdateProfileDraft
    wizard: Wizard | None
    step: Step

    @property
    def actor(self) -> Actor:
        return self.edit.actor


@attrs.frozen
class PublishProfile(Command[ProfileDraft]):
    actor: Actor
    profile_id: str
    expected_version: int


@attrs.frozen
class UnpublishProfile(Command[ProfileDraft]):
    actor: Actor
    profile_id: str
    expected_version: int


@attrs.frozen
class SetInstantBook(Command[Eligibility]):
    actor: Actor
    service_id: str
    enabled: bool


@attrs.frozen
class SubmitVerification(Command[VerificationRequest]):
    actor: Actor
    profile_id: str
    kind: VerificationKind
    document_key: str


@attrs.frozen
class ApproveVerification(Command[VerificationRequest]):
    """Staff approve a request. A staff member is recorded by user id; the operator names who decided."""

    actor: Actor
    request_id: str
    staff: str | None = None


@attrs.frozen
class RejectVerification(Command[VerificationRequest]):
    """Staff reject a request with the ``reason`` its owner reads (recorded as ``ApproveVerification`` is)."""

    actor: Actor
    request_id: str
    reason: str
    staff: str | None = None


@attrs.frozen
class SetDigestPreferences(Command[None]):
    """The owner of the recipient profile (or the operator) records its digest consent and limits."""

    actor: Actor
    preferences: Preferences


@attrs.frozen
class SendWeeklyDigests(Command[DigestRun]):
    """Staff (the scheduled job: the operator) send ``week``'s digests."""

    actor: Actor
    week: str


@attrs.frozen(kw_only=True)
class ViewReminderPreferences(Command[ReminderPreferences]):
    """The actor's reminder preferences (the defaults until set); the operator names the user."""

    actor: Actor
    user_id: str | None = None


@attrs.frozen(kw_only=True)
class SetReminderPreferences(Command[ReminderPreferences]):
    """The actor gives or withdraws consent to reminders and sets their zone and quiet hours (minutes of the day);
    the operator names the user."""

    actor: Actor
    reminder_consent: bool
    time_zone: str = "UTC"
    quiet_start_minute: int = 22 * 60
    quiet_end_minute: int = 8 * 60
    user_id: str | None = None
