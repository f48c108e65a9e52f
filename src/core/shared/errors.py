"""The root of every domain error, and the few kinds every context shares.

Errors are data: they carry attributes, and only entrypoints turn them into text, HTTP statuses or exit
codes. Each subclass names a stable ``code`` that entrypoints use for problem ``type`` URIs.

A subclass with attributes is an attrs class (``@attrs.define``): its fields are its attributes and the
problem's members, and ``describe()`` says in words what happened, so no subclass repeats an ``__init__``.
Most say it with a ``message``, a ``str.format`` template over the fields (``"{kind} {key!r} was not found"``),
where a tuple is said as its items joined by ", "; a subclass whose words need more than its fields' values
(a formatted amount, another separator) overrides ``describe()`` instead.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

PRIVATE = {"member": False}  # field metadata: an attribute kept off the problem (callers learn nothing more)


class DomainError(Exception):
    """Base of all errors raised by the core. ``code`` is stable and machine-readable."""

    code: ClassVar[str] = "domain-error"
    message: ClassVar[str] = ""  # what happened, with ``{field}`` for each field it names (see the module)

    def __init__(self, detail: str = "", **attributes: object) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.attributes = attributes

    def describe(self) -> str:
        """What happened, in words: ``message`` filled in from the fields, or the code when there is none."""
        if not self.message:
            return self.code
        return self.message.format_map({field.name: _said(getattr(self, field.name)) for field in _fields(self)})

    def members(self) -> dict[str, object]:
        """The attributes a problem carries: the fields not marked ``PRIVATE``, tuples as lists."""
        return {
            field.name: _member(getattr(self, field.name))
            for field in _fields(self)
            if field.metadata.get("member", True)
        }

    def __attrs_post_init__(self) -> None:
        DomainError.__init__(self, self.describe(), **self.members())

    def __str__(self) -> str:  # attrs sets ``args`` to the fields after __attrs_post_init__: say the detail
        return self.detail or self.code


def _fields(error: DomainError) -> tuple[attrs.Attribute[Any], ...]:
    return getattr(type(error), "__attrs_attrs__", ())


def _said(value: Any) -> Any:
    return ", ".join(map(str, value)) if isinstance(value, tuple) else value


def _member(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@attrs.define
class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know that it does)."""

    code = "not-found"
    message = "{kind} {key!r} was not found"
    kind: str
    key: str


@attrs.define
class InvalidInput(DomainError):
    """A value broke a domain rule. ``field`` names the offending input, dotted for nesting."""

    code = "invalid-input"
    message = "{field}: {reason}"
    field: str
    reason: str


@attrs.define
class VersionConflict(DomainError):
    """An optimistic-concurrency check failed: the caller edited a stale version."""

    code = "version-conflict"
    message = "{kind} {key!r} is at version {current}, not {expected}"
    kind: str
    key: str
    expected: int
    current: int


@attrs.define
class AlreadyExists(DomainError):
    """A unique key (an id, a slug) is already taken."""

    code = "already-exists"
    message = "{kind} {key!r} already exists"
    kind: str
    key: str


@attrs.define
class IdempotencyKeyReused(DomainError):
    """The same idempotency key came back with a different request body."""

    code = "idempotency-key-reused"
    message = "idempotency key {key!r} was first used with another request"
    scope: str
    key: str


@attrs.define
class RateLimiterUnavailable(DomainError):
    """The rate limiter's store cannot be reached, so no decision was made (the composition root decides
    per use whether that refuses the request, HTTP 503 + Retry-After, or lets it through)."""

    code = "rate-limiter-unavailable"
    message = "rate limiter unavailable: {reason}"
    reason: str
    retry_after_s: int


@attrs.define
class DatabaseUnavailable(DomainError):
    """The database did not answer (connection lost or refused, no answer in time, every connection busy).
    A write cut off at its commit may or may not have been applied: the caller retries with the same
    idempotency key (which answers the first result if it was), or re-reads before a versioned edit."""

    code = "database-unavailable"
    message = "the database is unavailable ({reason}); retry"
    reason: str
    retry_after_s: int
