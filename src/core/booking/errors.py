"""Booking errors: illegal transitions, failed guards, taken slots, expired quotes."""

from __future__ import annotations

from datetime import datetime

from core.shared.errors import DomainError


class BookingError(DomainError):
    """Root of the booking context's errors."""

    code = "booking-error"


class IllegalTransition(BookingError):
    """No row of the transition table lets ``actor`` issue ``command`` in ``state``."""

    code = "illegal-transition"

    def __init__(self, state: str | None, command: str, actor: str) -> None:
        super().__init__(
            f"{actor} cannot {command} a booking that is {state or 'new'}",
            state=state,
            command=command,
            actor=actor,
        )
        self.state = state
        self.command = command
        self.actor = actor


class GuardRejected(BookingError):
    """A row matched but its guard said no (e.g. ``hold_is_live`` after the hold deadline)."""

    code = "guard-rejected"

    def __init__(self, state: str | None, command: str, actor: str, guards: tuple[str, ...]) -> None:
        super().__init__(
            f"{actor} cannot {command} now: {', '.join(guards)} not met",
            state=state,
            command=command,
            actor=actor,
            guards=guards,
        )
        self.state = state
        self.command = command
        self.actor = actor
        self.guards = guards


class NotBookingParty(BookingError):
    """The client or provider issuing the command is not this booking's client or provider."""

    code = "not-booking-party"

    def __init__(self, booking_id: str, actor_kind: str, actor_id: str) -> None:
        super().__init__(
            f"{actor_kind} {actor_id!r} is not a party to booking {booking_id!r}",
            booking_id=booking_id,
            actor_kind=actor_kind,
            actor_id=actor_id,
        )
        self.booking_id = booking_id
        self.actor_kind = actor_kind
        self.actor_id = actor_id


class SlotUnavailable(BookingError):
    """Holding this booking would overlap a held or confirmed booking of the same provider or studio.

    ``conflicting_id`` names the booking in the way for code and operators only: it is usually another client's,
    so it is in neither the detail nor the attributes a problem answer is made of."""

    code = "slot-unavailable"

    def __init__(self, booking_id: str, conflicting_id: str) -> None:
        super().__init__(f"booking {booking_id!r} overlaps another booking of the same calendar", booking_id=booking_id)
        self.booking_id = booking_id
        self.conflicting_id = conflicting_id


class QuoteExpired(BookingError):
    """A checkout quote was used after its expiry; the client must ask for a fresh one."""

    code = "quote-expired"

    def __init__(self, quote_id: str, expired_at: datetime) -> None:
        super().__init__(
            f"quote {quote_id!r} expired at {expired_at.isoformat()}",
            quote_id=quote_id,
            expired_at=expired_at,
        )
        self.quote_id = quote_id
        self.expired_at = expired_at


class SlotNotOffered(BookingError):
    """The provider's calendar does not offer ``[start, end)``: ``reasons`` are the calendar's reason codes
    (``outside-hours``, ``min-notice``, ``imported-event``, ...; ``no-schedule`` when there is no calendar)."""

    code = "slot-not-offered"

    def __init__(self, owner_id: str, reasons: tuple[str, ...]) -> None:
        super().__init__(
            f"{owner_id!r} cannot be booked then: {', '.join(reasons)}", owner_id=owner_id, reasons=list(reasons)
        )
        self.owner_id = owner_id
        self.reasons = reasons
