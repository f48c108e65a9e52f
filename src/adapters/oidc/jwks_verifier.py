"""ID tokens from Google and Apple: signature by the provider's JWKS (cached), then iss/aud/exp/nonce."""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

import attrs
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from core.identity.oidc import InvalidIdToken, OidcIdentity

ALGORITHMS = ["RS256", "ES256"]


@attrs.frozen
class OidcProvider:
    """A provider's issuer, JWKS URL and the client ids (audiences) we accept."""

    name: str
    issuer: str
    jwks_url: str
    client_ids: tuple[str, ...]


GOOGLE_ISSUER, GOOGLE_JWKS = "https://accounts.google.com", "https://www.googleapis.com/oauth2/v3/certs"
APPLE_ISSUER, APPLE_JWKS = "https://appleid.apple.com", "https://appleid.apple.com/auth/keys"


class JwksIdTokenVerifier:
    """Keys are cached per provider for ``cache_s``; an unknown ``kid`` refetches at once (key
    rotation), at most every ``min_refetch_s`` so junk tokens cannot hammer the provider."""

    def __init__(self, providers: list[OidcProvider], *, cache_s: int = 3600, min_refetch_s: int = 60,
                 leeway_s: int = 60, timeout_s: float = 5.0) -> None:  # fmt: skip
        self._providers = {p.name: p for p in providers if p.client_ids}
        self._cache_s, self._min_refetch_s, self._leeway_s, self._timeout_s = (
            cache_s,
            min_refetch_s,
            leeway_s,
            timeout_s,
        )
        self._keys: dict[str, tuple[float, KeySet]] = {}
        self._lock = threading.Lock()
        self.fetches = 0

    def verify(self, provider: str, id_token: str, nonce: str, now: datetime) -> OidcIdentity:
        config = self._providers.get(provider)
        if config is None:
            raise InvalidIdToken("provider not configured")
        kid = _header(id_token).get("kid")
        keys = self._key_set(config, now.timestamp(), kid)
        try:
            token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
            claims = token.claims
            jwt.JWTClaimsRegistry(
                now=int(now.timestamp()),
                leeway=self._leeway_s,
                iss={"essential": True, "value": config.issuer},
                aud={"essential": True, "values": list(config.client_ids)},
                exp={"essential": True},
                sub={"essential": True},
                nonce={"essential": True, "value": nonce},
            ).validate(claims)
        except (JoseError, ValueError) as error:
            raise InvalidIdToken(type(error).__name__) from None
        verified = claims.get("email_verified") in (True, "true")  # Apple sends a string
        email = claims.get("email")
        return OidcIdentity(provider, str(claims["sub"]), str(email) if email else None, verified)

    def _key_set(self, config: OidcProvider, t: float, kid: Any) -> KeySet:
        with self._lock:
            cached = self._keys.get(config.name)
            fresh = cached is not None and t - cached[0] < self._cache_s
            known = cached is not None and any(k.kid == kid for k in cached[1].keys)
            may_refetch = cached is None or t - cached[0] >= self._min_refetch_s
            if cached is not None and fresh and (known or not may_refetch):
                return cached[1]
            keys = self._fetch(config.jwks_url)
            self._keys[config.name] = (t, keys)
            return keys

    def _fetch(self, url: str) -> KeySet:
        self.fetches += 1
        try:
            with urllib.request.urlopen(url, timeout=self._timeout_s) as response:  # noqa: S310 -- https URL from settings
                return KeySet.import_key_set(json.loads(response.read(1_000_000)))
        except (urllib.error.URLError, OSError, ValueError, JoseError) as error:
            raise InvalidIdToken(f"jwks unavailable: {type(error).__name__}") from None


def _header(token: str) -> dict[str, Any]:
    try:
        segment = token.split(".", 1)[0]
        decoded = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, IndexError):
        raise InvalidIdToken("malformed token") from None
    if not isinstance(decoded, dict):
        raise InvalidIdToken("malformed token")
    return decoded
