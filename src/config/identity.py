"""Identity wiring: secrets (from the environment, or generated on first start), settings, services."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import attrs

from adapters.crypto.fernet_cipher import FernetSecretCipher, key_file_secret
from adapters.oidc.jwks_verifier import JwksIdTokenVerifier, OidcProvider
from config.settings import Settings
from core.identity.oidc import IdTokenVerifier
from core.identity.passwords import PasswordPolicy
from core.identity.ports import ExportSource, OpenCommitments
from core.identity.services import IdentitySettings
from core.identity.signin import SignInSettings


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
    """What the HTTP and CLI edges need beside the services: the OIDC verifier, the cookie policy, and the other
    contexts' export sources and deletion checks."""

    oidc: IdTokenVerifier
    cookie_secure: bool
    export_sources: list[ExportSource] = attrs.field(factory=list)
    commitments: list[OpenCommitments] = attrs.field(factory=list)


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
