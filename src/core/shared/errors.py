"""The root of every domain error, and the few kinds every context shares.

Errors are data: they carry attributes, and only entrypoints turn them into text, HTTP statuses or exit
codes. Each subclass names a stable ``code`` that entrypoints use for problem ``type`` URIs.
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """Base of all errors raised by the core. ``code`` is stable and machine-readable."""

    code: ClassVar[str] = "domain-error"

    def __init__(self, detail: str = "", **attributes: object) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.attributes = attributes


class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know that it does)."""

    code = "not-found"

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} was not found", kind=kind, key=key)
        self.kind = kind
        self.key = key


class InvalidInput(DomainError):
    """A value broke a domain rule. ``field`` names the offending input, dotted for nesting."""

    code = "invalid-input"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}", field=field, reason=reason)
        self.field = field
        self.reason = reason


class VersionConflict(DomainError):
    """An optimistic-concurrency check failed: the caller edited a stale version."""

    code = "version-conflict"

    def __init__(self, kind: str, key: str, expected: int, current: int) -> None:
        super().__init__(
            f"{kind} {key!r} is at version {current}, not {expected}",
            kind=kind,
            key=key,
            expected=expected,
            current=current,
        )
        self.kind = kind
        self.key = key
        self.expected = expected
        self.current = current


class AlreadyExists(DomainError):
    """A unique key (an id, a slug) is already taken."""

    code = "already-exists"

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} already exists", kind=kind, key=key)
        self.kind = kind
        self.key = key


class IdempotencyKeyReused(DomainError):
    """The same idempotency key came back with a different request body."""

    code = "idempotency-key-reused"

    def __init__(self, scope: str, key: str) -> None:
        super().__init__(f"idempotency key {key!r} was first used with another request", scope=scope, key=key)
        self.scope = scope
        self.key = key


class RateLimiterUnavailable(DomainError):
    """The rate limiter's store cannot be reached, so no decision was made (the composition root decides
    per use whether that refuses the request, HTTP 503 + Retry-After, or lets it through)."""

    code = "rate-limiter-unavailable"

    def __init__(self, reason: str, retry_after_s: int) -> None:
        super().__init__(f"rate limiter unavailable: {reason}", reason=reason, retry_after_s=retry_after_s)
        self.reason = reason
        self.retry_after_s = retry_after_s
