"""Step-up: sensitive actions need a second factor proven within the last few minutes."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from core.identity.errors import StepUpRequired
from core.identity.sessions import Session

STEP_UP_WINDOW = timedelta(minutes=5)
# The staff console's pages and decisions: a second factor proven within 15 minutes, so that reviewing a queue is
# not interrupted every five minutes while a borrowed or stolen session still lapses soon.
STAFF_CONSOLE_WINDOW = timedelta(minutes=15)


class SensitiveAction(Enum):
    """Actions that need a recent second factor (NTB-AUTH-007)."""

    PAYOUT_DESTINATION_CHANGE = "payout-destination-change"
    EMAIL_CHANGE = "email-change"
    PASSWORD_CHANGE = "password-change"  # noqa: S105 -- a label, not a secret
    DATA_EXPORT_VIEW = "data-export-view"
    ACCOUNT_DELETION = "account-deletion"
    PHONE_CHANGE = "phone-change"  # only once the account has a second factor: the phone becomes one
    STAFF_CONSOLE = "staff-console"  # the /staff pages and their decisions (within STAFF_CONSOLE_WINDOW)


def requires_step_up(
    session: Session, action: SensitiveAction, now: datetime, window: timedelta = STEP_UP_WINDOW
) -> bool:
    """True unless the session proved a second factor within ``window`` before ``now``.

    Every ``SensitiveAction`` is gated; an account without a second factor always needs to step up
    (the API then says to enrol one first).
    """
    if not isinstance(action, SensitiveAction):
        raise TypeError(f"not a sensitive action: {action!r}")
    proved_at = session.second_factor_at
    return proved_at is None or not (now - window <= proved_at <= now)


def ensure_stepped_up(session: Session, action: SensitiveAction, now: datetime) -> None:
    """Raise ``StepUpRequired`` (HTTP 401, step-up problem type) when ``requires_step_up`` says so."""
    if requires_step_up(session, action, now):
        raise StepUpRequired(action.value)
