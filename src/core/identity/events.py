"""Identity events: what happened, for logs, notifications and other contexts."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.shared.events import Event
from core.shared.outbox import outbound


@attrs.frozen
class UserSignedUp(Event):
    user_id: str
    at: datetime


@attrs.frozen
class SignupAttemptedForExistingEmail(Event):
    """Someone tried to register a taken email: tell its owner, tell the requester nothing new."""

    user_id: str
    ip: str
    at: datetime


@attrs.frozen
class EmailVerified(Event):
    user_id: str
    at: datetime


@attrs.frozen
class SignInSucceeded(Event):
    user_id: str
    session_id: str
    device_id: str
    ip: str
    risk: int
    at: datetime


@attrs.frozen
class SignInFailed(Event):
    """A refused sign-in; ``login_key`` is the normalised email, which may name no account."""

    login_key: str
    ip: str
    locked: bool
    at: datetime


@attrs.frozen
class AccountLocked(Event):
    login_key: str
    until: datetime


@attrs.frozen
class NewDeviceSeen(Event):
    """A sign-in from a device not seen before: logged, and the user is notified."""

    user_id: str
    device_id: str
    ua_family: str
    ip_prefix: str
    at: datetime


@attrs.frozen
class PasswordRehashed(Event):
    user_id: str
    at: datetime


@attrs.frozen
class PasswordReset(Event):
    """The password was reset by code: every session was revoked; the user must be notified."""

    user_id: str
    at: datetime


@attrs.frozen
class BreachCheckDegraded(Event):
    """The breach source was unreachable and the policy let the password through (fail-open)."""

    user_id: str
    at: datetime


@attrs.frozen
class SessionsRevoked(Event):
    user_id: str
    session_ids: tuple[str, ...]
    reason: str
    at: datetime


@attrs.frozen
class TotpEnrolled(Event):
    user_id: str
    at: datetime


@attrs.frozen
class SecondFactorVerified(Event):
    user_id: str
    session_id: str
    method: str  # "totp" or "recovery-code"
    at: datetime


@attrs.frozen
class RecoveryCodeUsed(Event):
    user_id: str
    remaining: int
    at: datetime


@outbound("identity.account_deleted")
@attrs.frozen
class AccountDeleted(Event):
    """The account and everything identity held about it are gone; other contexts (search, media,
    messaging) erase or anonymise what they hold for ``user_id``. Outbound: delivered from the outbox, so
    a crash after the deletion's commit does not lose the clean-up."""

    user_id: str
    at: datetime


@outbound("identity.password_reset_requested", after_answer=True)
@attrs.frozen
class PasswordResetRequested(Event):
    """Someone asked for a reset code for ``email`` (normalised), which may or may not have an account. The
    request only records this, so its answer costs the same either way; the ``password-reset-code`` consumer
    looks the account up and sends the code after the answer (``send_reset_code``)."""

    email: str
    at: datetime


@attrs.frozen
class AccountExported(Event):
    user_id: str
    at: datetime


@attrs.frozen
class AccountLockedByStaff(Event):
    user_id: str
    actor_id: str
    until: datetime


@attrs.frozen
class PasswordChanged(Event):
    """The user changed the password from a stepped-up session; every other session was revoked."""

    user_id: str
    at: datetime


@attrs.frozen
class EmailChanged(Event):
    """The login email changed; the previous address is told (it may be the only one the owner reads)."""

    user_id: str
    previous_email: str
    at: datetime


@attrs.frozen
class PayoutDestinationChanged(Event):
    """Where the user's payouts go changed; the owner is notified (a hijacked account's first move)."""

    user_id: str
    at: datetime


@attrs.frozen
class PhoneVerified(Event):
    """A phone number was verified: SMS sign-in codes now serve as a second factor."""

    user_id: str
    at: datetime
