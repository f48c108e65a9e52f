"""One-time codes for email verification and password reset: hashed, single use, short-lived."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from enum import Enum

import attrs

DIGITS = "0123456789"


class CodePurpose(Enum):
    VERIFY_EMAIL = "verify-email"
    RESET_PASSWORD = "reset-password"  # noqa: S105 -- a label, not a secret
    CHANGE_EMAIL = "change-email"  # sent to the new address; bound to it
    VERIFY_PHONE = "verify-phone"  # by SMS; bound to the number
    SIGN_IN_SMS = "sign-in-sms"  # a second factor by SMS to the verified number


class CodeFormat(Enum):
    DIGITS = "digits"  # typed from an email or SMS
    LINK_TOKEN = "link-token"  # noqa: S105 -- a label; a 128-bit token carried in a link


@attrs.frozen
class CodeSettings:
    """Defaults: 6 digits (or a 16-byte link token), valid 10 minutes, 5 attempts."""

    format: CodeFormat = CodeFormat.DIGITS
    digits: int = 6
    link_token_bytes: int = 16
    lifetime: timedelta = timedelta(minutes=10)
    max_attempts: int = 5


def hash_code(code: str, *, pepper: bytes, user_id: str, purpose: CodePurpose, binding: str = "") -> str:
    """HMAC-SHA256 keyed by a server pepper: a leaked table cannot be brute-forced over 10^6 codes
    without the pepper. Binding user and purpose stops a code being replayed elsewhere; ``binding``
    (e.g. the new email of an email change) ties the code to the value it proves."""
    subject = f"{user_id}\x00{binding}" if binding else user_id
    message = f"{purpose.value}\x00{subject}\x00{code.strip()}".encode()
    return hmac.new(pepper, message, hashlib.sha256).hexdigest()


@attrs.define
class OneTimeCode:
    """The stored side of a code: its hash, expiry and remaining attempts. Never the code itself."""

    user_id: str
    purpose: CodePurpose
    code_hash: str
    expires_at: datetime
    attempts_left: int
    used_at: datetime | None = None

    @classmethod
    def issue(
        cls, user_id: str, purpose: CodePurpose, code_hash: str, now: datetime, settings: CodeSettings
    ) -> OneTimeCode:
        return cls(user_id, purpose, code_hash, now + settings.lifetime, settings.max_attempts)

    def is_spent(self, now: datetime) -> bool:
        return self.used_at is not None or now >= self.expires_at or self.attempts_left <= 0

    def matches(self, candidate_hash: str, now: datetime) -> bool:
        """True if live and equal (constant time). A mismatch uses up one attempt."""
        if self.is_spent(now):
            return False
        if hmac.compare_digest(self.code_hash, candidate_hash):
            return True
        self.attempts_left -= 1
        return False

    def consume(self, now: datetime) -> None:
        """Mark used: single use, even if the caller's later steps fail."""
        self.used_at = now
