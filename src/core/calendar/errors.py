"""Errors of the calendar context: malformed or unreachable feeds, revoked export tokens."""

from __future__ import annotations

import attrs

from core.shared.errors import PRIVATE, DomainError


@attrs.define
class FeedMalformed(DomainError):
    """An ICS document could not be read as a calendar (``reason`` says what was wrong)."""

    code = "calendar-feed-malformed"
    message = "calendar feed is malformed: {reason}"
    reason: str


@attrs.define
class FeedTooLarge(FeedMalformed):
    """A feed expands to more occurrences (or bytes) than the importer accepts."""

    code = "calendar-feed-too-large"
    message = "calendar feed exceeds {limit} {unit}"
    reason: str = attrs.field(init=False, metadata=PRIVATE)
    limit: int
    unit: str

    def __attrs_post_init__(self) -> None:
        self.reason = f"more than {self.limit} {self.unit}"
        super().__attrs_post_init__()


@attrs.define
class ExportTokenRevoked(DomainError):
    """The export feed behind a token was revoked; subscribers must be told it is gone."""

    code = "calendar-export-revoked"
    message = "export feed of {owner_id!r} was revoked"
    owner_id: str


@attrs.define
class ScheduleUnreadable(DomainError):
    """A stored schedule breaks today's rules (saved before a range existed, or written around them).

    Adapters raise it instead of handing out a value the engine cannot use; the owner replaces the
    schedule (``version`` is the one to send) and every reader answers it as a conflict meanwhile.
    """

    code = "calendar-schedule-unreadable"
    message = "the stored schedule of {owner_id!r} is out of range; its owner must save it again"
    owner_id: str
    version: int
    reason: str
