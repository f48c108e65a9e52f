"""Sign-in with an OpenID Connect provider (Google, Apple): the verified identity and its port."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import attrs

from core.identity.commands import LoggedIn
from core.identity.devices import NetworkContext
from core.shared.commands import Command
from core.shared.errors import DomainError


@attrs.define
class InvalidIdToken(DomainError):
    """The ID token failed verification (signature, issuer, audience, expiry, nonce) or the provider is off."""

    code = "invalid-id-token"
    message = "ID token refused: {reason}"
    reason: str


class UnverifiedEmailLink(DomainError):
    """An account has this email but the provider has not verified it: we never link on that."""

    code = "oidc-email-unverified"


@attrs.frozen
class OidcIdentity:
    provider: str  # "google" | "apple"
    subject: str  # the provider's stable user id (``sub``)
    email: str | None
    email_verified: bool


@attrs.frozen
class SignInWithOidc(Command[LoggedIn]):
    """Sign in (no actor: the caller is nobody yet) with the provider's ID token, from ``context``."""

    provider: str
    id_token: str = attrs.field(repr=False)
    nonce: str = attrs.field(repr=False)  # what we put in the authorisation request (kept in a cookie)
    context: NetworkContext


class IdTokenVerifier(Protocol):
    """Verifies provider ID tokens against the provider's JWKS."""

    def verify(self, provider: str, id_token: str, nonce: str, now: datetime) -> OidcIdentity:
        """Check signature (keys cached; refetched once on an unknown ``kid``), ``iss``, ``aud``, ``exp``
        and ``nonce``. Raises ``InvalidIdToken``; never returns an unverified identity."""
        ...


class OidcLinkRepository(Protocol):
    """Which account a provider identity signs in to."""

    def find(self, provider: str, subject: str) -> str | None:
        """The linked user id, or ``None``."""
        ...

    def link(self, provider: str, subject: str, user_id: str, now: datetime) -> None:
        """Link the identity to the user. Raises ``AlreadyExists`` if the identity is linked already."""
        ...

    def list_for_user(self, user_id: str) -> list[tuple[str, str]]:
        """(provider, subject) pairs linked to the user."""
        ...
