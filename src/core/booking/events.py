"""Booking events, past tense; each carries the transition it records and the next action card."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.commands import (
    AcceptBooking,
    BookingCommand,
    CancelBooking,
    CompleteBooking,
    ConfirmBooking,
    DeclineBooking,
    ExpireHold,
    ExpireRequest,
    RequestBooking,
)
from core.booking.refunds import RefundQuote
from core.booking.states import BLOCKING_STATES, ActorRef, BookingState
from core.booking.timeline import ActionCard
from core.shared.events import Event
from core.shared.outbox import outbound


@attrs.frozen(kw_only=True)
class BookingEvent(Event):
    """Something that happened to a booking: ``from_state`` is ``None`` for its creation. ``provider_id`` and
    ``studio_id`` name whose calendars it occupies, so other contexts can react without reading it back."""

    booking_id: str
    from_state: BookingState | None
    to_state: BookingState
    actor: ActorRef
    occurred_at: datetime
    next_action: ActionCard
    provider_id: str
    studio_id: str | None
    client_id: str | None = None  # who booked; None in an event stored before events carried it

    @property
    def changes_busy_time(self) -> bool:
        """Whether the owners' busy time changed: the booking started or stopped holding its slot."""
        return (self.from_state in BLOCKING_STATES) != (self.to_state in BLOCKING_STATES)

    @property
    def owners(self) -> tuple[str, ...]:
        return (self.provider_id,) if self.studio_id is None else (self.provider_id, self.studio_id)


@attrs.frozen(kw_only=True)
class BookingRequested(BookingEvent):
    start: datetime
    end: datetime
    instant_book: bool


@attrs.frozen(kw_only=True)
class BookingAccepted(BookingEvent):
    hold_expires_at: datetime


@attrs.frozen(kw_only=True)
class BookingDeclined(BookingEvent):
    reason: str


@outbound("booking.confirmed", after_answer=True)  # the booking mails consume it (core.booking.mails)
@attrs.frozen(kw_only=True)
class BookingConfirmed(BookingEvent):
    payment_intent_id: str


@attrs.frozen(kw_only=True)
class RequestExpired(BookingEvent):
    pass


@attrs.frozen(kw_only=True)
class HoldExpired(BookingEvent):
    payment_intent_id: str | None = None  # a payment still waiting for the client's authentication: voided


@outbound("booking.cancelled", after_answer=True)  # the booking mails consume it
@attrs.frozen(kw_only=True)
class BookingCancelled(BookingEvent):
    refund: RefundQuote


@attrs.frozen(kw_only=True)
class BookingCompleted(BookingEvent):
    pass


EVENT_FOR_COMMAND: dict[type[BookingCommand], type[BookingEvent]] = {
    RequestBooking: BookingRequested,
    AcceptBooking: BookingAccepted,
    DeclineBooking: BookingDeclined,
    ConfirmBooking: BookingConfirmed,
    ExpireRequest: RequestExpired,
    ExpireHold: HoldExpired,
    CancelBooking: BookingCancelled,
    CompleteBooking: BookingCompleted,
}
