"""Errors of the calendar context: malformed or unreachable feeds, revoked export tokens."""

from __future__ import annotations

import attrs

from core.shared.errors import PRIVATE, DomainError


@attrs.define
class FeedMalformed(DomainError):
    """An ICS document could not be read as a calendar (``reason`` says what was wrong)."""

    code = "calendar-feed-malformed"
    reason: str

    def describe(self) -> str:
        return f"calendar feed is malformed: {self.reason}"


@attrs.define
class FeedTooLarge(FeedMalformed):
    """A feed expands to more occurrences (or bytes) than the importer accepts."""

    code = "calendar-feed-too-large"
    reason: str = attrs.field(init=False, metadata=PRIVATE)
    limit: int
    unit: str

    def __attrs_post_init__(self) -> None:
        self.reason = f"more than {self.limit} {self.unit}"
        super().__attrs_post_init__()

    def describe(self) -> str:
        return f"calendar feed exceeds {self.limit} {self.unit}"


@attrs.define
class ExportTokenRevoked(DomainError):
    """The export feed behind a token was revoked; subscribers must be told it is gone."""

    code = "calendar-export-revoked"
    owner_id: str

    def describe(self) -> str:
        return f"export feed of {self.owner_id!r} was revoked"


@attrs.define
class ScheduleUnreadable(DomainError):
    """A stored schedule breaks today's rules (saved before a range existed, or written around them).

    Adapters raise it instead of handing out a value the engine cannot use; the owner replaces the
    schedule (``version`` is the one to send) and every reader answers it as a conflict meanwhile.
    """

    code = "calendar-schedule-unreadable"
    owner_id: str
    version: int
    reason: str

    def describe(self) -> str:
        return f"the stored schedule of {self.owner_id!r} is out of range; its owner must save it again"
