"""Identity commands (imperative) and the results handlers return.

Who acts: the signed-in user's own commands carry its ``Actor`` (from the edge's session check); those whose
session itself matters (the age of its second factor, a rotation) carry its token too, which must be the actor's.
Sign-up, sign-in, email verification and password reset carry no actor: the caller is nobody yet, and the
command's own credential (password, emailed code, ID token) is what the handler checks. So do the commands whose
session token is the whole point (log out, the MFA challenge): they serve a session that is not (or no longer)
a signed-in user.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from core.identity.devices import NetworkContext
from core.shared.actor import Actor
from core.shared.commands import Command


@attrs.frozen
class SignUp(Command[None]):
    email: str
    password: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class LoggedIn:
    """``session_token`` goes in the cookie. If ``mfa_required``, it only unlocks the MFA challenge."""

    session_token: str = attrs.field(repr=False)
    session_id: str
    user_id: str
    mfa_required: bool
    new_device: bool


@attrs.frozen
class LogIn(Command[LoggedIn]):
    email: str
    password: str = attrs.field(repr=False)
    context: NetworkContext
    captcha_token: str | None = None
    previous_session_token: str | None = attrs.field(default=None, repr=False)  # revoked: no fixation


@attrs.frozen
class LogOut(Command[None]):
    """End the session behind ``session_token``; a dead or unknown one is fine (idempotent)."""

    session_token: str = attrs.field(repr=False)


@attrs.frozen
class VerifyEmail(Command[None]):
    email: str
    code: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class RequestPasswordReset(Command[None]):
    email: str
    context: NetworkContext


@attrs.frozen
class ResetPassword(Command[None]):
    email: str
    code: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class TotpEnrolment:
    """Shown once: the URI (and its QR PNG) for the authenticator app."""

    provisioning_uri: str = attrs.field(repr=False)
    qr_png: bytes = attrs.field(repr=False)


@attrs.frozen
class EnrolTotp(Command[TotpEnrolment]):
    """The actor starts TOTP enrolment on its account."""

    actor: Actor


@attrs.frozen
class TotpConfirmed:
    """The new session token (privilege change) and the recovery codes, shown once."""

    session_token: str = attrs.field(repr=False)
    recovery_codes: tuple[str, ...] = attrs.field(repr=False)


@attrs.frozen
class ConfirmTotp(Command[TotpConfirmed]):
    """The actor confirms enrolment with a first ``code``; ``session_token`` (its own) is rotated."""

    actor: Actor
    session_token: str = attrs.field(repr=False)
    code: str = attrs.field(repr=False)


@attrs.frozen
class VerifySecondFactor(Command[str]):
    """A TOTP ``code``, a ``recovery_code`` or an ``sms_code``; serves the login challenge and step-up alike.
    Answers the session's rotated token."""

    session_token: str = attrs.field(repr=False)
    code: str | None = attrs.field(default=None, repr=False)
    recovery_code: str | None = attrs.field(default=None, repr=False)
    sms_code: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class SendSignInSms(Command[None]):
    """Text a sign-in code to the verified phone of the account behind ``session_token`` (MFA-pending or not)."""

    session_token: str = attrs.field(repr=False)


@attrs.frozen
class SessionView:
    """One of my sessions, for the sessions page."""

    session_id: str
    device_id: str | None
    authenticated_at: datetime
    last_seen_at: datetime
    current: bool


@attrs.frozen
class RevokeSession(Command[None]):
    """The actor ends one of its sessions (any of them, the current one included)."""

    actor: Actor
    session_id: str


@attrs.frozen
class ChangePassword(Command[None]):
    """From a stepped-up session: the current password again, and the new one."""

    actor: Actor
    session_token: str = attrs.field(repr=False)
    current_password: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class RequestEmailChange(Command[None]):
    actor: Actor
    session_token: str = attrs.field(repr=False)
    new_email: str
    context: NetworkContext


@attrs.frozen
class ConfirmEmailChange(Command[None]):
    actor: Actor
    new_email: str
    code: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class ChangePayoutDestination(Command[None]):
    """``reference`` is the payment provider's opaque id for the destination (e.g. a Stripe account)."""

    actor: Actor
    session_token: str = attrs.field(repr=False)
    reference: str
    context: NetworkContext


@attrs.frozen
class RequestPhoneVerification(Command[None]):
    actor: Actor
    session_token: str = attrs.field(repr=False)
    phone: str
    context: NetworkContext


@attrs.frozen
class VerifyPhone(Command[None]):
    actor: Actor
    phone: str
    code: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class ExportAccount(Command[dict[str, Any]]):
    """The actor's data export, from a stepped-up session of its own."""

    actor: Actor
    session_token: str = attrs.field(repr=False)


@attrs.frozen
class DeleteAccount(Command[None]):
    """The actor deletes its account for good, from a stepped-up session of its own."""

    actor: Actor
    session_token: str = attrs.field(repr=False)
