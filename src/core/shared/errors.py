"""The root of every domain error, and the few kinds every context shares.

Errors are data: they carry attributes, and only entrypoints turn them into text, HTTP statuses or exit
codes. Each subclass names a stable ``code`` that entrypoints use for problem ``type`` URIs.

A subclass with attributes is an attrs class (``@attrs.define``): its fields are its attributes and the
problem's members, and ``describe()`` says in words what happened, so no subclass repeats an ``__init__``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

PRIVATE = {"member": False}  # field metadata: an attribute kept off the problem (callers learn nothing more)


class DomainError(Exception):
    """Base of all errors raised by the core. ``code`` is stable and machine-readable."""

    code: ClassVar[str] = "domain-error"

    def __init__(self, detail: str = "", **attributes: object) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.attributes = attributes

    def describe(self) -> str:
        """What happened, in words (an attrs subclass says it from its fields)."""
        return self.code

    def members(self) -> dict[str, object]:
        """The attributes a problem carries: the fields not marked ``PRIVATE``, tuples as lists."""
        return {
            field.name: _member(getattr(self, field.name))
            for field in getattr(type(self), "__attrs_attrs__", ())
            if field.metadata.get("member", True)
        }

    def __attrs_post_init__(self) -> None:
        DomainError.__init__(self, self.describe(), **self.members())

    def __str__(self) -> str:  # attrs sets ``args`` to the fields after __attrs_post_init__: say the detail
        return self.detail or self.code


def _member(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@attrs.define
class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know that it does)."""

    code = "not-found"
    kind: str
    key: str

    def describe(self) -> str:
        return f"{self.kind} {self.key!r} was not found"


@attrs.define
class InvalidInput(DomainError):
    """A value broke a domain rule. ``field`` names the offending input, dotted for nesting."""

    code = "invalid-input"
    field: str
    reason: str

    def describe(self) -> str:
        return f"{self.field}: {self.reason}"


@attrs.define
class VersionConflict(DomainError):
    """An optimistic-concurrency check failed: the caller edited a stale version."""

    code = "version-conflict"
    kind: str
    key: str
    expected: int
    current: int

    def describe(self) -> str:
        return f"{self.kind} {self.key!r} is at version {self.current}, not {self.expected}"


@attrs.define
class AlreadyExists(DomainError):
    """A unique key (an id, a slug) is already taken."""

    code = "already-exists"
    kind: str
    key: str

    def describe(self) -> str:
        return f"{self.kind} {self.key!r} already exists"


@attrs.define
class IdempotencyKeyReused(DomainError):
    """The same idempotency key came back with a different request body."""

    code = "idempotency-key-reused"
    scope: str
    key: str

    def describe(self) -> str:
        return f"idempotency key {self.key!r} was first used with another request"


@attrs.define
class RateLimiterUnavailable(DomainError):
    """The rate limiter's store cannot be reached, so no decision was made (the composition root decides
    per use whether that refuses the request, HTTP 503 + Retry-After, or lets it through)."""

    code = "rate-limiter-unavailable"
    reason: str
    retry_after_s: int

    def describe(self) -> str:
        return f"rate limiter unavailable: {self.reason}"
