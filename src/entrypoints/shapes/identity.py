"""Request and response bodies of the /api/auth routes (attrs, validated strictly by converter.py)."""

from __future__ import annotations

from datetime import datetime

import attrs

from entrypoints.shapes.bounds import Email, Secret, Token


@attrs.frozen
class SignUpIn:
    email: Email
    password: Secret = attrs.field(repr=False)


@attrs.frozen
class LogInIn:
    """``api_client``: answer with the token in the body (use it as ``Authorization: Bearer``), no cookie."""

    email: Email
    password: Secret = attrs.field(repr=False)
    captcha_token: Token | None = None
    api_client: bool = False


@attrs.frozen
class EmailCodeIn:
    email: Email
    code: Secret = attrs.field(repr=False)


@attrs.frozen
class EmailIn:
    email: Email


@attrs.frozen
class ResetConfirmIn:
    email: Email
    code: Secret = attrs.field(repr=False)
    new_password: Secret = attrs.field(repr=False)


@attrs.frozen
class TotpCodeIn:
    code: Secret = attrs.field(repr=False)


@attrs.frozen
class SecondFactorIn:
    code: Secret | None = attrs.field(default=None, repr=False)
    recovery_code: Secret | None = attrs.field(default=None, repr=False)
    sms_code: Secret | None = attrs.field(default=None, repr=False)


@attrs.frozen
class SessionOut:
    """``session_token`` only for API clients; browsers hold it in the HttpOnly cookie."""

    session_id: str
    user_id: str
    mfa_required: bool
    csrf_token: str
    session_token: str | None = None


@attrs.frozen
class EnrolmentOut:
    provisioning_uri: str
    qr_png_base64: str


@attrs.frozen
class RecoveryCodesOut:
    recovery_codes: list[str]
    csrf_token: str
    session_token: str | None = None


@attrs.frozen
class SteppedUpOut:
    csrf_token: str
    session_token: str | None = None


@attrs.frozen
class SessionItemOut:
    id: str
    device_id: str | None
    authenticated_at: datetime
    last_seen_at: datetime
    current: bool


@attrs.frozen
class DeviceOut:
    id: str
    ua_family: str
    ip_prefix: str
    first_seen_at: datetime
    last_seen_at: datetime
    country: str | None


@attrs.frozen
class OidcCallbackIn:
    id_token: Token = attrs.field(repr=False)


@attrs.frozen
class OidcStartOut:
    """Put ``nonce`` in the provider's authorisation request; the callback checks the ID token carries it."""

    nonce: str


@attrs.frozen
class PasswordChangeIn:
    current_password: Secret = attrs.field(repr=False)
    new_password: Secret = attrs.field(repr=False)


@attrs.frozen
class EmailChangeIn:
    new_email: Email


@attrs.frozen
class EmailChangeConfirmIn:
    new_email: Email
    code: Secret = attrs.field(repr=False)


@attrs.frozen
class PayoutDestinationIn:
    """The payment provider's opaque reference for the destination, never bank details."""

    reference: str


@attrs.frozen
class PhoneIn:
    phone: str


@attrs.frozen
class PhoneCodeIn:
    phone: str
    code: Secret = attrs.field(repr=False)
