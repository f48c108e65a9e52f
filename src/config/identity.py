"""Identity wiring: secrets (from the environment, or generated on first start), settings, services."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs

from adapters.crypto.fernet_cipher import FernetSecretCipher, key_file_secret
from adapters.oidc.jwks_verifier import JwksIdTokenVerifier, OidcProvider
from config.settings import Settings
from core.identity.delivery import MailingAccountNotifier
from core.identity.events import (
    AccountDeleted,
    EmailChanged,
    NewDeviceSeen,
    PasswordChanged,
    PasswordReset,
    PayoutDestinationChanged,
    PhoneVerified,
    SignupAttemptedForExistingEmail,
)
from core.identity.oidc import IdTokenVerifier
from core.identity.passwords import PasswordPolicy
from core.identity.ports import ExportSource, IdentityUnitOfWork, OpenCommitments
from core.identity.services import IdentitySettings
from core.identity.signin import SignInSettings
from core.shared.events import EventBus
from core.shared.outbox import OutboxMessage, delivered_after_answer
from core.shared.unit_of_work import UnitOfWork

log = logging.getLogger("rastup.identity")


def encryption_cipher(settings: Settings) -> FernetSecretCipher:
    """IDENTITY_ENCRYPTION_KEY (comma-separated Fernet keys, newest first), else ./var's generated key."""
    raw = settings.identity_encryption_key or key_file_secret(
        Path(settings.identity_key_dir) / "identity-encryption.key", what="IDENTITY_ENCRYPTION_KEY"
    )
    return FernetSecretCipher([key.strip() for key in raw.split(",") if key.strip()])


def code_pepper(settings: Settings) -> bytes:
    """IDENTITY_PEPPER (>= 32 bytes), else ./var's generated one."""
    raw = settings.identity_pepper or key_file_secret(
        Path(settings.identity_key_dir) / "identity-pepper.key", what="IDENTITY_PEPPER"
    )
    if len(raw.encode()) < 32:
        raise ValueError("IDENTITY_PEPPER must be at least 32 bytes")
    return raw.encode()


def identity_settings(settings: Settings) -> IdentitySettings:
    """The policy numbers that are settings (lockout, CAPTCHA, password length); the rest keep their defaults."""
    return IdentitySettings(
        password=PasswordPolicy(min_length_without_second_factor=settings.password_min_length),
        sign_in=SignInSettings(
            max_failures=settings.login_max_failures,
            failure_window=timedelta(minutes=settings.login_lockout_minutes),
            lockout=timedelta(minutes=settings.login_lockout_minutes),
            captcha_after_failures=settings.captcha_after_failures,
            captcha_risk_threshold=settings.captcha_risk_threshold,
        ),
    )


def dummy_password_hash(hasher: object) -> str:
    """Hashed once at start-up with the real hasher: unknown and locked accounts cost a real verify."""
    return str(hasher.hash("dummy-password-that-never-matches-anything"))  # type: ignore[attr-defined]  # a PasswordHasher


@attrs.frozen
class IdentityEdge:
    """What the HTTP and CLI edges need beside the services: cookie policy, the event bus with its
    notices, the outbox's fast path, and the other contexts' export sources and deletion checks."""

    oidc: IdTokenVerifier
    cookie_secure: bool
    bus: EventBus
    export_sources: list[ExportSource] = attrs.field(factory=list)
    commitments: list[OpenCommitments] = attrs.field(factory=list)
    deliver_now: Callable[[Sequence[OutboxMessage]], object] = lambda _messages: None

    def publish(self, uow: UnitOfWork) -> None:
        """In-process handlers, then this unit's outbound events (``AccountDeleted``) to their consumers at once;
        the outbox relay delivers whatever fails here, or is lost to a crash."""
        self.bus.publish(uow.collect_events())
        self.deliver_now([message for message in uow.collect_outbound() if not delivered_after_answer(message)])


_RESET_TEXT = "Your password was reset and every session signed out. If this was not you, contact support."
_SIGNUP_TEXT = "Someone tried to sign up with your address. You can sign in, or reset your password."
_CHANGED_TEXT = "Your password was changed and your other sessions signed out. If this was not you, contact support."
_EMAIL_TEXT = "The sign-in email of your account was changed to another address. If this was not you, contact support."
_PHONE_TEXT = "A phone number was added to your account for sign-in codes. If this was not you, contact support."
_PAYOUT_TEXT = "Where your payouts go was changed. If this was not you, contact support at once."


def _new_device_text(event: NewDeviceSeen) -> str:
    return f"A new device signed in: {event.ua_family} from {event.ip_prefix}. Not you? Reset your password."


def identity_event_bus(notifier: MailingAccountNotifier, new_uow: Callable[[], IdentityUnitOfWork]) -> EventBus:
    """A bus on which identity's security notices are subscribed (logged, and emailed to the owner). The other
    contexts' clean-up of a deleted account is an outbox consumer (``config.accounts.cleanup_consumer``)."""
    bus = EventBus()

    def email_of(user_id: str) -> str | None:
        with new_uow() as uow:
            user = uow.users.get(user_id)
        return None if user is None else user.email

    def notice(subject: str, text: Callable[[Any], str]) -> Callable[[Any], None]:
        def send(event: Any) -> None:
            log.info("identity event %s for %s", type(event).__name__, event.user_id)
            address = email_of(event.user_id)
            if address is not None:
                notifier.send_notice(address, subject, text(event))

        return send

    bus.subscribe(NewDeviceSeen, notice("new sign-in", _new_device_text))
    bus.subscribe(PasswordReset, notice("password reset", lambda _e: _RESET_TEXT))
    bus.subscribe(PasswordChanged, notice("password changed", lambda _e: _CHANGED_TEXT))
    bus.subscribe(PayoutDestinationChanged, notice("payout destination changed", lambda _e: _PAYOUT_TEXT))
    bus.subscribe(PhoneVerified, notice("phone added", lambda _e: _PHONE_TEXT))
    bus.subscribe(EmailChanged, lambda e: notifier.send_notice(e.previous_email, "email changed", _EMAIL_TEXT))
    bus.subscribe(SignupAttemptedForExistingEmail, notice("sign-up attempt", lambda _e: _SIGNUP_TEXT))
    bus.subscribe(AccountDeleted, lambda e: log.info("account deleted: %s", e.user_id))
    return bus


def oidc_verifier(settings: Settings) -> JwksIdTokenVerifier:
    """Google and Apple, each on only when its client ids are set."""

    def ids(raw: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in raw.split(",") if part.strip())

    return JwksIdTokenVerifier(
        [
            OidcProvider("google", settings.google_issuer, settings.google_jwks_url, ids(settings.google_client_ids)),
            OidcProvider("apple", settings.apple_issuer, settings.apple_jwks_url, ids(settings.apple_client_ids)),
        ]
    )
