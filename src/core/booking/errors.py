"""Booking errors: illegal transitions, failed guards, taken slots, expired quotes, refused staff refunds."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.shared.errors import PRIVATE, DomainError
from core.shared.money import Money


class BookingError(DomainError):
    """Root of the booking context's errors."""

    code = "booking-error"


@attrs.define
class IllegalTransition(BookingError):
    """No row of the transition table lets ``actor`` issue ``command`` in ``state``."""

    code = "illegal-transition"
    state: str | None
    command: str
    actor: str

    def describe(self) -> str:
        return f"{self.actor} cannot {self.command} a booking that is {self.state or 'new'}"


@attrs.define
class GuardRejected(BookingError):
    """A row matched but its guard said no (e.g. ``hold_is_live`` after the hold deadline)."""

    code = "guard-rejected"
    message = "{actor} cannot {command} now: {guards} not met"
    state: str | None
    command: str
    actor: str
    guards: tuple[str, ...]


@attrs.define
class NotBookingParty(BookingError):
    """The client or provider issuing the command is not this booking's client or provider."""

    code = "not-booking-party"
    message = "{actor_kind} {actor_id!r} is not a party to booking {booking_id!r}"
    booking_id: str
    actor_kind: str
    actor_id: str


@attrs.define
class SlotUnavailable(BookingError):
    """Holding this booking would overlap a held or confirmed booking of the same provider or studio.

    ``conflicting_id`` names the booking in the way for code and operators only: it is usually another client's,
    so it is in neither the detail nor the attributes a problem answer is made of."""

    code = "slot-unavailable"
    message = "booking {booking_id!r} overlaps another booking of the same calendar"
    booking_id: str
    conflicting_id: str = attrs.field(metadata=PRIVATE)


@attrs.define
class QuoteExpired(BookingError):
    """A checkout quote was used after its expiry; the client must ask for a fresh one."""

    code = "quote-expired"
    quote_id: str
    expired_at: datetime

    def describe(self) -> str:
        return f"quote {self.quote_id!r} expired at {self.expired_at.isoformat()}"


@attrs.define
class SlotNotOffered(BookingError):
    """The provider's calendar does not offer ``[start, end)``: ``reasons`` are the calendar's reason codes
    (``outside-hours``, ``min-notice``, ``imported-event``, ...; ``no-schedule`` when there is no calendar)."""

    code = "slot-not-offered"
    message = "{owner_id!r} cannot be booked then: {reasons}"
    owner_id: str
    reasons: tuple[str, ...]


@attrs.define
class RefundExceedsCapture(BookingError):
    """A staff refund of ``requested`` is more than is still refundable on the booking (``available``: captured
    minus what was refunded, charged back or is on its way back)."""

    code = "refund-exceeds-capture"
    booking_id: str
    requested: Money
    available: Money

    def describe(self) -> str:
        return (
            f"cannot refund {self.requested.format()} on booking {self.booking_id!r}: "
            f"only {self.available.format()} is refundable"
        )


@attrs.define
class RefundApproval(BookingError):
    """Refund ``seq`` of the booking cannot be approved: ``problem`` says why (not awaiting approval, or the
    approver is the staff member who asked for it: a second one must)."""

    code = "refund-approval"
    message = "refund {seq} of booking {booking_id!r}: {problem}"
    booking_id: str
    seq: int
    problem: str
