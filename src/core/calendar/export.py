"""The export feed: confirmed bookings at a revocable token URL, with stable UIDs and SEQUENCE."""

from __future__ import annotations

import enum
import hmac
from datetime import datetime

import attrs

from core.calendar.errors import ExportTokenRevoked
from core.calendar.model import Interval, require_aware_utc
from core.shared.errors import InvalidInput
from core.shared.tokens import sha256_hex

token_digest = sha256_hex  # what is stored instead of a feed URL's token: a leaked table leaks no URL

MIN_TOKEN_LENGTH = 32


class ExportStatus(enum.Enum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@attrs.frozen
class ExportEvent:
    """One VEVENT of the feed. ``uid`` never changes; ``sequence`` grows with every change."""

    uid: str
    booking_id: str
    start: datetime
    end: datetime
    summary: str
    status: ExportStatus
    sequence: int
    updated_at: datetime


def export_uid(booking_id: str) -> str:
    """The stable UID of a booking's event in every export feed."""
    return f"booking-{booking_id}@rastup"


@attrs.define
class ExportFeed:
    """An owner's export feed. The token comes from outside (an unguessable random string)."""

    owner_id: str
    token_digest: str
    issued_at: datetime
    revoked_at: datetime | None = None
    events: dict[str, ExportEvent] = attrs.field(factory=dict)

    @classmethod
    def issue(cls, owner_id: str, token: str, now: datetime) -> ExportFeed:
        """A feed reachable at ``token``; raises ``InvalidInput("token")`` if it is too short."""
        if len(token) < MIN_TOKEN_LENGTH:
            raise InvalidInput("token", f"must be at least {MIN_TOKEN_LENGTH} characters")
        return cls(owner_id, token_digest(token), require_aware_utc("now", now))

    def rotate(self, token: str, now: datetime) -> None:
        """Replace the token: the old URL stops working, the events and their UIDs stay."""
        fresh = ExportFeed.issue(self.owner_id, token, now)
        self.token_digest, self.issued_at, self.revoked_at = fresh.token_digest, fresh.issued_at, None

    def revoke(self, now: datetime) -> None:
        """Stop serving the feed. Idempotent: the first revocation time is kept."""
        if self.revoked_at is None:
            self.revoked_at = now

    def accepts(self, token: str) -> bool:
        """Whether ``token`` opens this feed (constant-time comparison; a revoked feed accepts none)."""
        return self.revoked_at is None and hmac.compare_digest(token_digest(token), self.token_digest)

    def require_active(self) -> None:
        """Raise ``ExportTokenRevoked`` when the feed was revoked."""
        if self.revoked_at is not None:
            raise ExportTokenRevoked(self.owner_id)

    def record_booking(
        self, booking_id: str, when: Interval, summary: str, confirmed: bool, now: datetime
    ) -> ExportEvent | None:
        """Bring the booking's event up to date; returns it, or ``None`` if nothing is exported.

        A booking is exported once confirmed. Any later change of time, summary or status bumps
        SEQUENCE; a cancelled booking stays as STATUS:CANCELLED so subscribers remove it. Idempotent:
        recording the same state twice changes nothing.
        """
        status = ExportStatus.CONFIRMED if confirmed else ExportStatus.CANCELLED
        current = self.events.get(booking_id)
        if current is None:
            if not confirmed:
                return None
            event = ExportEvent(export_uid(booking_id), booking_id, when.start, when.end, summary, status, 0, now)
        elif (current.start, current.end, current.summary, current.status) == (
            when.start,
            when.end,
            summary,
            status,
        ):
            return current
        else:
            event = attrs.evolve(
                current,
                start=when.start,
                end=when.end,
                summary=summary,
                status=status,
                sequence=current.sequence + 1,
                updated_at=now,
            )
        self.events[booking_id] = event
        return event

    def feed_events(self) -> list[ExportEvent]:
        """The events to render, by start time then UID."""
        return sorted(self.events.values(), key=lambda event: (event.start, event.uid))
