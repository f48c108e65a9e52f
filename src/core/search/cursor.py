"""Opaque, HMAC-signed page cursors: where the next page starts, bound to its query and ranking instant. Pure.

A cursor carries the offset into the ranked, fairness-cut list, the instant the first page was ranked at (so
freshness does not shift under the reader between pages) and a digest of the query. Anything altered, or a
cursor replayed on another query, is ``InvalidCursor`` (400).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import UTC, datetime

import attrs

from core.search.errors import InvalidCursor

MAX_CURSOR_CHARS = 400


@attrs.frozen
class PagePosition:
    offset: int
    as_of: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _digest(fingerprint: str) -> str:
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


def _signature(key: bytes, body: str) -> str:
    return _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())


def encode_cursor(position: PagePosition, fingerprint: str, key: bytes) -> str:
    """The cursor of ``position`` for the query with ``fingerprint``, signed with ``key``."""
    payload = {"o": position.offset, "t": int(position.as_of.timestamp() * 1000), "q": _digest(fingerprint)}
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    return f"{body}.{_signature(key, body)}"


def decode_cursor(cursor: str, fingerprint: str, key: bytes) -> PagePosition:
    """The position a cursor we signed for this query holds. Raises ``InvalidCursor``."""
    body, _, signature = cursor.partition(".")
    if len(cursor) > MAX_CURSOR_CHARS or not hmac.compare_digest(signature.encode(), _signature(key, body).encode()):
        raise InvalidCursor("not a cursor this service issued")
    try:
        payload = json.loads(_unb64(body))
        offset, millis, digest = int(payload["o"]), int(payload["t"]), str(payload["q"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidCursor("unreadable") from None
    if digest != _digest(fingerprint):
        raise InvalidCursor("made for another query")
    if offset < 0:
        raise InvalidCursor("unreadable")
    return PagePosition(offset, datetime.fromtimestamp(millis / 1000, UTC))
