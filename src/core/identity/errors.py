"""Identity errors: data that entrypoints map to problem+json types, never formatted messages."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import attrs

from core.shared.errors import PRIVATE, DomainError


class RefusalReason(Enum):
    """Why a password was refused; stable values for API clients and translations."""

    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"
    TOO_WEAK = "too-weak"
    CONTAINS_EMAIL = "contains-email"
    BREACHED = "breached"
    BREACH_CHECK_UNAVAILABLE = "breach-check-unavailable"


@attrs.frozen
class PasswordRefusal:
    """One reason a password was refused. ``limit``/``actual`` carry the numbers behind it."""

    reason: RefusalReason
    limit: int | None = None
    actual: int | None = None
    hints: tuple[str, ...] = ()


class PasswordRefused(DomainError):
    """The password broke the policy; ``refusals`` lists every reason, so the user can fix them all."""

    code = "password-refused"

    def __init__(self, refusals: Sequence[PasswordRefusal]) -> None:
        reasons = [
            {"reason": r.reason.value, "limit": r.limit, "actual": r.actual, "hints": list(r.hints)} for r in refusals
        ]
        super().__init__("password refused", refusals=reasons)
        self.refusals = tuple(refusals)


@attrs.define
class InvalidCredentials(DomainError):
    """Unknown account, wrong password or locked account: one answer for all three (no enumeration)."""

    code = "invalid-credentials"
    message = "invalid credentials"
    captcha_required: bool


class CaptchaRequired(DomainError):
    """The attempt needs a solved CAPTCHA first; the password was not checked."""

    code = "captcha-required"


@attrs.define
class RateLimited(DomainError):
    """Too many requests for ``scope``; retry after ``retry_after_s`` seconds (HTTP 429 + Retry-After)."""

    code = "rate-limited"
    message = "rate limited on {scope}"
    scope: str
    retry_after_s: int


@attrs.define
class HasherBusy(DomainError):
    """Every password-hashing slot stayed busy past the wait: answer 429/503, never queue unbounded."""

    code = "hasher-busy"
    message = "password hasher saturated"
    retry_after_s: int = 1


@attrs.define
class BreachCheckUnavailable(DomainError):
    """The breached-password source could not be asked (network, missing range file)."""

    code = "breach-check-unavailable"
    message = "{reason}"
    reason: str


class InvalidCode(DomainError):
    """A one-time code, link token, TOTP or recovery code was wrong, used, expired or exhausted.

    One type for every cause (and for unknown accounts) so a caller learns nothing about the account.
    """

    code = "invalid-code"


class SessionInvalid(DomainError):
    """No live session for this token: unknown, revoked, idle-expired or past its absolute lifetime."""

    code = "session-invalid"


@attrs.define
class StepUpRequired(DomainError):
    """``action`` needs a second factor within the last few minutes (HTTP 401, step-up problem type)."""

    code = "step-up-required"
    message = "{action} needs a recent second factor"
    action: str


class MfaNotEnrolled(DomainError):
    """The operation needs a confirmed second factor and the account has none."""

    code = "mfa-not-enrolled"


class MfaAlreadyEnrolled(DomainError):
    """TOTP is already confirmed on this account; remove it before enrolling again."""

    code = "mfa-already-enrolled"


@attrs.define
class NotPermitted(DomainError):
    """The acting staff member has no role that grants ``action`` (or is not staff at all)."""

    code = "not-permitted"
    message = "not permitted to {action}"
    action: str


@attrs.define
class OpenCommitments(DomainError):
    """The account cannot be deleted yet: ``items`` name what is still open (bookings, payouts)."""

    code = "open-commitments"
    items: tuple[str, ...]

    def describe(self) -> str:
        return f"the account has open commitments: {'; '.join(self.items)}"


class DeletionUnconfirmed(DomainError):
    """Deleting an account is final, so it must be confirmed explicitly, after the data export was offered.

    Carries the deletion preview's members (``open_items``, ``step_up_required``, ``can_delete``) and
    ``export``, where the entrypoint says the export lives."""

    code = "deletion-unconfirmed"

    def __init__(self, preview: dict[str, object], export: str) -> None:
        super().__init__("Deleting is final: offer the data export first, then confirm.", **preview, export=export)


@attrs.define
class DeliveryFailed(DomainError):
    """An email or SMS could not be handed to its gateway; ``channel`` is "email" or "sms".

    ``permanent`` is set by an adapter that knows a retry cannot help (the gateway refused this message
    or this recipient); otherwise the failure may be transient (network, throttling, a 4xx SMTP reply).
    """

    code = "delivery-failed"
    message = "{channel} delivery failed: {reason}"
    channel: str
    reason: str
    permanent: bool = attrs.field(default=False, kw_only=True, metadata=PRIVATE)  # callers learn nothing more


@attrs.define
class LoginTelemetryUnavailable(DomainError):
    """The store of recent sign-in attempts per IP cannot be reached (the risk score's IP velocity)."""

    code = "login-telemetry-unavailable"
    message = "login telemetry unavailable: {reason}"
    reason: str
