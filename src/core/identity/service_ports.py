"""Identity ports outside the transaction: hashing, strength, breaches, secrets, TOTP, limits, CAPTCHA."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

import attrs


class PasswordHasher(Protocol):
    """Slow, salted password hashing whose output carries its own parameters."""

    def hash(self, password: str) -> str:
        """Return an encoded hash (e.g. ``$argon2id$v=19$m=...``). Raises ``HasherBusy`` if saturated."""
        ...

    def verify(self, encoded: str, password: str) -> bool:
        """True if ``password`` matches. False for a mismatch or a malformed hash; ``HasherBusy`` as above."""
        ...

    def needs_rehash(self, encoded: str) -> bool:
        """True if ``encoded`` was made with weaker parameters than the configured ones, or cannot be read."""
        ...


@attrs.frozen
class StrengthEstimate:
    """A 0..4 guessability score (zxcvbn's scale) and human hints for a refused password."""

    score: int
    hints: tuple[str, ...] = ()


class StrengthEstimator(Protocol):
    """Estimates how guessable a password is."""

    def estimate(self, password: str, user_inputs: Sequence[str]) -> StrengthEstimate:
        """Score ``password``, penalising words from ``user_inputs`` (email, name). Pure, never raises."""
        ...


class BreachedPasswords(Protocol):
    """Known-breached passwords, asked by k-anonymity (only 5 hex chars of the SHA-1 leave)."""

    def is_breached(self, password: str) -> bool:
        """True if the password appears in the corpus. Raises ``BreachCheckUnavailable`` on failure."""
        ...


class TokenGenerator(Protocol):
    """Cryptographically secure randomness: session tokens, link tokens, codes."""

    def new_token(self, nbytes: int) -> str:
        """Return ``nbytes`` of fresh CSPRNG output, URL-safe base64 without padding. Never repeats."""
        ...

    def new_code(self, alphabet: str, length: int) -> str:
        """Return ``length`` characters drawn uniformly and independently from ``alphabet``."""
        ...


class TotpVerifier(Protocol):
    """RFC 6238 time-based one-time passwords."""

    def new_secret(self) -> str:
        """Return a fresh base32 secret of at least 160 bits."""
        ...

    def provisioning_uri(self, secret: str, account_name: str, issuer: str) -> str:
        """Return the ``otpauth://totp/...`` URI authenticator apps scan."""
        ...

    def matching_step(self, secret: str, code: str, now: datetime, window_steps: int) -> int | None:
        """Return the time step (unix seconds // period) whose code equals ``code`` within
        ``now`` +/- ``window_steps`` steps, or ``None``. Constant-time comparison; never raises."""
        ...


class QrCodeRenderer(Protocol):
    """Renders text as a QR code image."""

    def png(self, data: str) -> bytes:
        """Return a PNG image (bytes starting with the PNG signature) encoding ``data``."""
        ...


class CaptchaVerifier(Protocol):
    """Checks a CAPTCHA response token with its provider (Turnstile, hCaptcha, a test double)."""

    def verify(self, token: str, remote_ip: str) -> bool:
        """True if the provider accepts ``token`` for this client; False otherwise (fail closed)."""
        ...


@attrs.frozen
class IpActivity:
    """What one IP did recently: sign-in attempts and how many distinct login keys they named."""

    attempts: int
    distinct_accounts: int


class LoginTelemetry(Protocol):
    """Recent sign-in attempts per IP, for the risk score."""

    def record_attempt(self, ip: str, login_key: str, now: datetime) -> None:
        """Remember one attempt. Idempotency is not required (each call is one attempt).
        Raises ``LoginTelemetryUnavailable`` when the store cannot be reached."""
        ...

    def ip_activity(self, ip: str, window_s: int, now: datetime) -> IpActivity:
        """Summarise attempts from ``ip`` in the ``window_s`` seconds up to ``now``.
        Raises ``LoginTelemetryUnavailable`` when the store cannot be reached."""
        ...


class AccountNotifier(Protocol):
    """Delivers secrets to the account owner (email or SMS). Notices travel as events instead."""

    def send_code(self, email: str, purpose: str, code: str, expires_at: datetime) -> None:
        """Send a one-time code or link token. May queue; must not reveal the code in logs."""
        ...


class NoticeSender(Protocol):
    """Tells an account owner about a security event (``core.identity.on_events``)."""

    def send_notice(self, email: str, subject: str, text: str) -> None:
        """Send (or durably queue) a notice to ``email``. Raises ``DeliveryFailed`` if it could not be handed over."""
        ...


class SecuritySignals(Protocol):
    """Where identity's security events leave a trace: counted and logged for the operators' alerts (a surge of
    failed sign-ins or lockouts is credential stuffing; breach checks degrading means the source is down)."""

    def observed(self, event: str, fields: Mapping[str, str]) -> None:
        """Count ``event`` (a snake_case name) and log it with ``fields`` (ids and reasons only: never an email,
        a login key or an address)."""
        ...


class PhoneCodeSender(Protocol):
    """Sends a one-time code by SMS (``core.identity.delivery.SmsCodeSender`` over an ``SmsSender``)."""

    def send_code(self, phone_e164: str, code: str) -> None:
        """Text ``code`` to ``phone_e164``. Raises ``DeliveryFailed`` if the gateway refuses."""
        ...


class SecretCipher(Protocol):
    """Authenticated symmetric encryption for secrets kept at rest (the TOTP seed)."""

    def encrypt(self, plaintext: str) -> str:
        """Return an ASCII token carrying ``plaintext`` encrypted and authenticated."""
        ...

    def decrypt(self, token: str) -> str:
        """Return the plaintext. Raises ``ValueError`` for a token forged or made with another key."""
        ...
