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


@attrs.define
class IndexUnavailable(DomainError):
    """The index did not answer (down, timed out, refused the request). A query may fall back to another index;
    a write raises it so the outbox retries the event and, in the end, dead-letters it."""

    code = "search-index-unavailable"
    message = "the search index is unavailable: {reason}"
    reason: str


@attrs.define
class IndexWriteRejected(DomainError):
    """The index answered but refused documents (an import's per-line errors): the write did not happen."""

    code = "search-index-write-rejected"
    message = "the search index refused {document_ids}: {reason}"
    document_ids: tuple[str, ...]
    reason: str


@attrs.define
class SearchRateLimited(DomainError):
    """Too many searches or suggestions from one client: 429 with Retry-After (``retry_after_s``)."""

    code = "rate-limited"
    message = "rate limited on {scope}"
    scope: str
    retry_after_s: int
