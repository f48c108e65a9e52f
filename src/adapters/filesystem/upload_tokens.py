"""HMAC-signed, expiring upload tokens: what a pre-signed PUT URL is for the local object store."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

import attrs

from core.media.errors import UploadRejected


@attrs.frozen
class UploadGrant:
    """What one token allows: a PUT of exactly ``length`` bytes of ``content_type`` at ``key`` until ``expires``."""

    key: str
    content_type: str
    length: int
    expires: datetime


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(grant: UploadGrant, secret: bytes) -> str:
    payload = json.dumps(
        {"k": grant.key, "t": grant.content_type, "n": grant.length, "e": int(grant.expires.timestamp())},
        separators=(",", ":"),
    ).encode()
    mac = hmac.new(secret, payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(mac)}"


def verify(token: str, secret: bytes, now: datetime) -> UploadGrant:
    """The grant in ``token``. Raises ``UploadRejected`` for a forged, malformed or expired token."""
    try:
        payload_text, mac_text = token.split(".")
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except ValueError:
        raise UploadRejected("malformed upload token") from None
    if not hmac.compare_digest(mac, hmac.new(secret, payload, hashlib.sha256).digest()):
        raise UploadRejected("bad signature")
    fields = json.loads(payload)
    grant = UploadGrant(fields["k"], fields["t"], int(fields["n"]), datetime.fromtimestamp(fields["e"], UTC))
    if now >= grant.expires:
        raise UploadRejected("the upload URL has expired; start the upload again")
    return grant
