"""Identity's handlers of its own events: security notices to the account's owner, and security signals.

The message bus runs them in the process that committed (at most once: a notice lost to a crash is not resent).
Every other identity event is a signal: counted and logged for the operators (``SecuritySignals``), with the ids
and reasons it carries but never a login key, an email or an IP address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from core.identity.events import (
    AccountExported,
    AccountLocked,
    AccountLockedByStaff,
    BreachCheckDegraded,
    EmailChanged,
    EmailVerified,
    NewDeviceSeen,
    PasswordChanged,
    PasswordRehashed,
    PasswordReset,
    PayoutDestinationChanged,
    PhoneVerified,
    RecoveryCodeUsed,
    SecondFactorVerified,
    SessionsRevoked,
    SignInFailed,
    SignInSucceeded,
    SignupAttemptedForExistingEmail,
    TotpEnrolled,
    UserSignedUp,
)
from core.identity.ports import IdentityUnitOfWork
from core.identity.service_ports import NoticeSender, SecuritySignals
from core.shared.messagebus import Handlers

_NOT_YOU = "If this was not you, contact support."
# event type -> (subject, text); the subject reaches the mail as "RastUp: <subject>"
_NOTICES: dict[type[Any], tuple[str, Callable[[Any], str]]] = {
    NewDeviceSeen: (
        "new sign-in",
        lambda e: f"A new device signed in: {e.ua_family} from {e.ip_prefix}. Not you? Reset your password.",
    ),
    PasswordReset: ("password reset", lambda _e: f"Your password was reset and every session signed out. {_NOT_YOU}"),
    PasswordChanged: (
        "password changed",
        lambda _e: f"Your password was changed and your other sessions signed out. {_NOT_YOU}",
    ),
    PayoutDestinationChanged: (
        "payout destination changed",
        lambda _e: "Where your payouts go was changed. If this was not you, contact support at once.",
    ),
    PhoneVerified: (
        "phone added",
        lambda _e: f"A phone number was added to your account for sign-in codes. {_NOT_YOU}",
    ),
    SignupAttemptedForExistingEmail: (
        "sign-up attempt",
        lambda _e: "Someone tried to sign up with your address. You can sign in, or reset your password.",
    ),
}
_EMAIL_CHANGED = f"The sign-in email of your account was changed to another address. {_NOT_YOU}"


@attrs.frozen
class SecurityNotices:
    """Emails the owner of the account an event names; ``new_uow`` reads its current address."""

    sender: NoticeSender
    new_uow: Callable[[], IdentityUnitOfWork]

    def notify_owner(self, event: Any) -> str:
        """The notice of ``event``'s type to its account's address; what was done (for the log)."""
        subject, text = _NOTICES[type(event)]
        uow = self.new_uow()
        with uow.reading():
            user = uow.users.get(event.user_id)
        if user is None:  # deleted since: nobody to tell
            return "no-account"
        self.sender.send_notice(user.email, subject, text(event))
        return "notified"

    def notify_previous_address(self, event: EmailChanged) -> str:
        """The address the account no longer uses is told it changed (the new one proved itself by a code)."""
        self.sender.send_notice(event.previous_email, "email changed", _EMAIL_CHANGED)
        return "notified"


SIGNALS = (
    UserSignedUp, EmailVerified, SignInSucceeded, SignInFailed, AccountLocked, AccountLockedByStaff, PasswordRehashed,
    BreachCheckDegraded, SessionsRevoked, TotpEnrolled, SecondFactorVerified, RecoveryCodeUsed, AccountExported,
)  # fmt: skip
# What a signal may carry: pseudonymous ids, counts and reasons. Never the login key, an email or an IP address.
_SIGNAL_FIELDS = ("user_id", "actor_id", "session_id", "reason", "method", "remaining", "locked", "risk")


def signal_of(event: Any) -> tuple[str, dict[str, str]]:
    """``event`` as a signal: its snake_case name and the fields of ``_SIGNAL_FIELDS`` it has, as text (a tuple
    of session ids is counted, not listed)."""
    name = "".join(f"_{c.lower()}" if c.isupper() else c for c in type(event).__name__).lstrip("_")
    fields = {field: str(getattr(event, field)) for field in _SIGNAL_FIELDS if hasattr(event, field)}
    if isinstance(session_ids := getattr(event, "session_ids", None), tuple):
        fields["sessions"] = str(len(session_ids))
    return name, fields


def identity_handlers(
    sender: NoticeSender, new_uow: Callable[[], IdentityUnitOfWork], signals: SecuritySignals
) -> Handlers:
    """Identity's handler map for the message bus."""
    notices = SecurityNotices(sender, new_uow)

    def observe(event: Any) -> str:
        signals.observed(*signal_of(event))
        return "observed"

    owner_notices: Handlers = {event_type: [notices.notify_owner] for event_type in _NOTICES}
    return {
        **owner_notices,
        EmailChanged: [notices.notify_previous_address],
        **{event_type: [observe] for event_type in SIGNALS},
    }
