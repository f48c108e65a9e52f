"""One-click unsubscribe from the unread-message emails (RFC 8058): a signed link per recipient. Pure.

The token names the user and when it was issued, signed with HMAC-SHA256 under a key of this purpose only; it
turns those emails off without signing in, until ``TOKEN_TTL`` after the email. Anything altered, or an expired
token, is ``UnsubscribeLinkInvalid`` (400)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import attrs

from core.messaging.errors import UnsubscribeLinkInvalid

TOKEN_TTL = timedelta(days=90)
MAX_TOKEN_CHARS = 200
PATH = "/api/messages/unsubscribe"
_PURPOSE = b"rastup:message-notices:unsubscribe:"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _signature(key: bytes, body: str) -> str:
    return _b64(hmac.new(key, _PURPOSE + body.encode(), hashlib.sha256).digest())


def unsubscribe_token(user_id: str, issued_at: datetime, key: bytes) -> str:
    """``user_id``'s token, issued at ``issued_at`` (whole seconds), signed with ``key``."""
    body = _b64(f"{user_id}|{int(issued_at.timestamp())}".encode())
    return f"{body}.{_signature(key, body)}"


def unsubscriber(token: str, key: bytes, now: datetime) -> str:
    """The user a token we signed names. Raises ``UnsubscribeLinkInvalid`` ("tampered" or "expired")."""
    body, _, signature = token.partition(".")
    if len(token) > MAX_TOKEN_CHARS or not hmac.compare_digest(signature.encode(), _signature(key, body).encode()):
        raise UnsubscribeLinkInvalid("tampered")
    try:
        user_id, _, seconds = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode().rpartition("|")
        issued_at = datetime.fromtimestamp(int(seconds), UTC)
    except (ValueError, binascii.Error, UnicodeDecodeError, OverflowError, OSError):
        raise UnsubscribeLinkInvalid("tampered") from None
    if not user_id:
        raise UnsubscribeLinkInvalid("tampered")
    if not issued_at <= now < issued_at + TOKEN_TTL:
        raise UnsubscribeLinkInvalid("expired")
    return user_id


@attrs.frozen
class UnsubscribeLinks:
    """How the emails' links are made: the service's public origin and the signing key (settings)."""

    base_url: str
    key: bytes = attrs.field(repr=False)

    def link(self, user_id: str, now: datetime) -> str:
        return f"{self.base_url.rstrip('/')}{PATH}?token={quote(unsubscribe_token(user_id, now, self.key))}"

    def headers(self, link: str) -> tuple[tuple[str, str], ...]:
        """RFC 8058's pair: where to unsubscribe, and that a POST there is enough (one click)."""
        return (("List-Unsubscribe", f"<{link}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
