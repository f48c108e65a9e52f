"""The onboarding context's commands and their handlers, for the command bus (``core.shared.commands``)."""

from __future__ import annotations

from core.onboarding.commands import (
    ApproveVerification,
    AutosaveEdit,
    PublishProfile,
    RecordStep,
    RejectVerification,
    SendWeeklyDigests,
    SetDigestPreferences,
    SetInstantBook,
    SetReminderPreferences,
    SubmitVerification,
    UnpublishProfile,
    ViewReminderPreferences,
)
from core.onboarding.digest_handlers import send_weekly_digests, set_preferences
from core.onboarding.handlers import autosave, publish_profile, record_step, set_instant_book, unpublish_profile
from core.onboarding.reminder_settings import set_reminder_preferences, view_reminder_preferences
from core.onboarding.verification_handlers import approve_verification, reject_verification, submit_verification
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    RecordStep: record_step,
    AutosaveEdit: autosave,
    PublishProfile: publish_profile,
    UnpublishProfile: unpublish_profile,
    SetInstantBook: set_instant_book,
    SubmitVerification: submit_verification,
    ApproveVerification: approve_verification,
    RejectVerification: reject_verification,
    SetDigestPreferences: set_preferences,
    SendWeeklyDigests: send_weekly_digests,
    ViewReminderPreferences: view_reminder_preferences,
    SetReminderPreferences: set_reminder_preferences,
}
