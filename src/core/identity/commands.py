"""Identity commands (imperative) and the results handlers return."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.identity.devices import NetworkContext


@attrs.frozen
class SignUp:
    email: str
    password: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class LogIn:
    email: str
    password: str = attrs.field(repr=False)
    context: NetworkContext
    captcha_token: str | None = None
    previous_session_token: str | None = attrs.field(default=None, repr=False)  # revoked: no fixation


@attrs.frozen
class LoggedIn:
    """``session_token`` goes in the cookie. If ``mfa_required``, it only unlocks the MFA challenge."""

    session_token: str = attrs.field(repr=False)
    session_id: str
    user_id: str
    mfa_required: bool
    new_device: bool


@attrs.frozen
class VerifyEmail:
    email: str
    code: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class RequestPasswordReset:
    email: str
    context: NetworkContext


@attrs.frozen
class ResetPassword:
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
class TotpConfirmed:
    """The new session token (privilege change) and the recovery codes, shown once."""

    session_token: str = attrs.field(repr=False)
    recovery_codes: tuple[str, ...] = attrs.field(repr=False)


@attrs.frozen
class VerifySecondFactor:
    """A TOTP ``code``, a ``recovery_code`` or an ``sms_code``; serves the login challenge and step-up alike."""

    session_token: str = attrs.field(repr=False)
    code: str | None = attrs.field(default=None, repr=False)
    recovery_code: str | None = attrs.field(default=None, repr=False)
    sms_code: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class SessionView:
    """One of my sessions, for the sessions page."""

    session_id: str
    device_id: str | None
    authenticated_at: datetime
    last_seen_at: datetime
    current: bool


@attrs.frozen
class ChangePassword:
    """From a stepped-up session: the current password again, and the new one."""

    session_token: str = attrs.field(repr=False)
    current_password: str = attrs.field(repr=False)
    new_password: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class RequestEmailChange:
    session_token: str = attrs.field(repr=False)
    new_email: str
    context: NetworkContext


@attrs.frozen
class ConfirmEmailChange:
    session_token: str = attrs.field(repr=False)
    new_email: str
    code: str = attrs.field(repr=False)
    context: NetworkContext


@attrs.frozen
class ChangePayoutDestination:
    """``reference`` is the payment provider's opaque id for the destination (e.g. a Stripe account)."""

    session_token: str = attrs.field(repr=False)
    reference: str
    context: NetworkContext


@attrs.frozen
class RequestPhoneVerification:
    session_token: str = attrs.field(repr=False)
    phone: str
    context: NetworkContext


@attrs.frozen
class VerifyPhone:
    session_token: str = attrs.field(repr=False)
    phone: str
    code: str = attrs.field(repr=False)
    context: NetworkContext
