"""Errors of the calendar context: malformed or unreachable feeds, revoked export tokens."""

from __future__ import annotations

from core.shared.errors import DomainError


class FeedMalformed(DomainError):
    """An ICS document could not be read as a calendar (``reason`` says what was wrong)."""

    code = "calendar-feed-malformed"

    def __init__(self, reason: str) -> None:
        super().__init__(f"calendar feed is malformed: {reason}", reason=reason)
        self.reason = reason


class FeedTooLarge(FeedMalformed):
    """A feed expands to more occurrences (or bytes) than the importer accepts."""

    code = "calendar-feed-too-large"

    def __init__(self, limit: int, unit: str) -> None:
        DomainError.__init__(self, f"calendar feed exceeds {limit} {unit}", limit=limit, unit=unit)
        self.reason = f"more than {limit} {unit}"
        self.limit = limit
        self.unit = unit


class ExportTokenRevoked(DomainError):
    """The export feed behind a token was revoked; subscribers must be told it is gone."""

    code = "calendar-export-revoked"

    def __init__(self, owner_id: str) -> None:
        super().__init__(f"export feed of {owner_id!r} was revoked", owner_id=owner_id)
        self.owner_id = owner_id


class ScheduleUnreadable(DomainError):
    """A stored schedule breaks today's rules (saved before a range existed, or written around them).

    Adapters raise it instead of handing out a value the engine cannot use; the owner replaces the
    schedule (``version`` is the one to send) and every reader answers it as a conflict meanwhile.
    """

    code = "calendar-schedule-unreadable"

    def __init__(self, owner_id: str, version: int, reason: str) -> None:
        detail = f"the stored schedule of {owner_id!r} is out of range; its owner must save it again"
        super().__init__(detail, owner_id=owner_id, version=version, reason=reason)
        self.owner_id = owner_id
        self.version = version
        self.reason = reason
