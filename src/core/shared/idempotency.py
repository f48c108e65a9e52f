"""Idempotency keys: a retried command with the same key returns the first result, never a second effect."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

import attrs

from core.shared.errors import IdempotencyKeyReused, InvalidInput

MAX_KEY_LENGTH = 200


@attrs.frozen
class IdempotencyRecord:
    """The first outcome of a command, stored under (scope, key) with the request's fingerprint."""

    scope: str
    key: str
    fingerprint: str
    result: Mapping[str, Any]
    created_at: datetime


def validate_key(key: str) -> str:
    """Return ``key`` if it is usable as an idempotency key, else raise ``InvalidInput``."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput("Idempotency-Key", f"must be 1..{MAX_KEY_LENGTH} printable characters")
    return key


def fingerprint(payload: Mapping[str, Any]) -> str:
    """A stable digest of a request body: key order and whitespace do not change it."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def replay(existing: IdempotencyRecord | None, scope: str, key: str, print_: str) -> Mapping[str, Any] | None:
    """Decide what a command with (scope, key, fingerprint) must do given what was stored before.

    Returns the stored result to replay, or ``None`` when the command has not run yet. Raises
    ``IdempotencyKeyReused`` when the key was first used with a different request.
    """
    if existing is None:
        return None
    if existing.fingerprint != print_:
        raise IdempotencyKeyReused(scope, key)
    return existing.result


class IdempotencyStore(Protocol):
    """Remembers the first result of each idempotent command, inside the caller's unit of work."""

    def get(self, scope: str, key: str) -> IdempotencyRecord | None:
        """Return the record stored under (scope, key), or ``None``. Never raises for a missing key."""
        ...

    def put(self, record: IdempotencyRecord) -> None:
        """Store ``record``. Raises ``AlreadyExists`` if (scope, key) is taken (a concurrent first run)."""
        ...
