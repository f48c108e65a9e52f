"""Errors of the search context."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


@attrs.define
class InvalidCursor(DomainError):
    """A cursor that was tampered with, made for another query, or is not one of ours (a 400: the client sent
    something it did not get from us)."""

    code = "search-cursor-invalid"
    message = "cursor: {reason}"
    reason: str
