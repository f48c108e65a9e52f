"""The account aggregate: email, password hash, TOTP enrolment and hashed recovery codes."""

from __future__ import annotations

import hmac
import unicodedata
from datetime import datetime

import attrs

from core.shared.errors import InvalidInput
from core.shared.text import refusal

MAX_EMAIL_LENGTH = 254
MAX_PAYOUT_REFERENCE_LENGTH = 200


def normalise_email(email: str) -> str:
    """The login key: NFC, trimmed and case-folded, so ``Ann@X.com`` and ``ann@x.com`` are one account."""
    return unicodedata.normalize("NFC", email).strip().casefold()


def validated_email(email: str) -> str:
    """Return the normalised email or raise ``InvalidInput("email", ...)``. Deliverability is proven
    by the verification code, not by a regex."""
    normalised = normalise_email(email)
    local, at, domain = normalised.rpartition("@")
    if not at or not local or "." not in domain or len(normalised) > MAX_EMAIL_LENGTH:
        raise InvalidInput("email", "is not an email address")
    if any(ch.isspace() for ch in normalised):
        raise InvalidInput("email", "must not contain spaces")
    if (reason := refusal(normalised)) is not None:  # NUL, controls, bidi overrides: never a login key
        raise InvalidInput("email", reason)
    return normalised


@attrs.define
class User:
    """A RastUp account."""

    id: str
    email: str
    password_hash: str
    created_at: datetime
    email_verified_at: datetime | None = None
    password_changed_at: datetime | None = None
    totp_secret: str | None = None  # encrypt at rest in the persistence adapter
    totp_confirmed_at: datetime | None = None
    recovery_code_hashes: tuple[str, ...] = ()
    staff_roles: tuple[str, ...] = ()  # StaffRole values; empty for every customer
    disabled_at: datetime | None = None  # locked by staff: sign-in refused (as a wrong password) until unlocked
    payout_destination_ref: str | None = None  # opaque reference held by the payment provider
    phone_e164: str | None = None  # only ever set once verified by an SMS code
    phone_verified_at: datetime | None = None
    payout_destination_changed_at: datetime | None = None  # a payout to a destination this new waits for review

    @classmethod
    def sign_up(cls, user_id: str, email: str, password_hash: str, now: datetime) -> User:
        return cls(user_id, validated_email(email), password_hash, now, password_changed_at=now)

    @property
    def has_totp(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def has_second_factor(self) -> bool:
        """TOTP, or a verified phone for SMS sign-in codes."""
        return self.has_totp or self.phone_verified_at is not None

    def verify_phone(self, phone_e164: str, now: datetime) -> None:
        """A code sent to ``phone_e164`` came back: it receives SMS sign-in codes from now on."""
        self.phone_e164 = phone_e164
        self.phone_verified_at = now

    def verify_email(self, now: datetime) -> None:
        if self.email_verified_at is None:
            self.email_verified_at = now

    def change_password_hash(self, password_hash: str, now: datetime) -> None:
        self.password_hash = password_hash
        self.password_changed_at = now

    def change_email(self, new_email: str, now: datetime) -> None:
        """A new, code-proven address: it becomes the login key and counts as verified."""
        self.email = validated_email(new_email)
        self.email_verified_at = now

    def set_payout_destination(self, reference: str, now: datetime) -> None:
        """Store the payment provider's opaque reference (never account numbers) and, if it changed, when."""
        reference = reference.strip()
        if not reference or len(reference) > MAX_PAYOUT_REFERENCE_LENGTH or not reference.isprintable():
            raise InvalidInput("reference", f"must be 1-{MAX_PAYOUT_REFERENCE_LENGTH} printable characters")
        if reference != self.payout_destination_ref:
            self.payout_destination_ref = reference
            self.payout_destination_changed_at = now

    def rehash_password(self, password_hash: str) -> None:
        """Same password, stronger parameters: not a password change."""
        self.password_hash = password_hash

    def start_totp(self, secret: str) -> None:
        """Keep an unconfirmed secret until a first code proves the app holds it."""
        self.totp_secret = secret
        self.totp_confirmed_at = None

    def confirm_totp(self, now: datetime, recovery_code_hashes: tuple[str, ...]) -> None:
        self.totp_confirmed_at = now
        self.recovery_code_hashes = recovery_code_hashes

    def use_recovery_code(self, code_hash: str) -> bool:
        """Spend a recovery code: True once per code, False for unknown or already used codes."""
        match = next((h for h in self.recovery_code_hashes if hmac.compare_digest(h, code_hash)), None)
        if match is None:
            return False
        self.recovery_code_hashes = tuple(h for h in self.recovery_code_hashes if h != match)
        return True

    def grant_role(self, role: str) -> None:
        if role not in self.staff_roles:
            self.staff_roles = tuple(sorted((*self.staff_roles, role)))

    def disable(self, now: datetime) -> None:
        if self.disabled_at is None:
            self.disabled_at = now

    def enable(self) -> None:
        self.disabled_at = None
