"""Booking's handlers: what its events change in the contexts it reads (the calendar's availability index)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from core.booking.checkout_payment import release
from core.booking.events import BookingEvent, HoldExpired
from core.calendar.on_events import PendingAvailability
from core.payments.ports import PaymentGateway
from core.shared.events import Event
from core.shared.messagebus import Handlers


def owners_to_refresh(events: Iterable[Event]) -> list[str]:
    """The owners whose busy time ``events`` changed (a booking started or stopped holding its slot), each once,
    in order."""
    owners = [o for e in events if isinstance(e, BookingEvent) and e.changes_busy_time for o in e.owners]
    return list(dict.fromkeys(owners))


@attrs.frozen
class BusyTimeMarks:
    """Marks the owners of a booking that took or freed a slot; their rows are refreshed by the booking sweep,
    off the checkout's request path (see ``core.calendar.on_events``)."""

    availability: PendingAvailability

    def mark_owners(self, event: BookingEvent) -> list[str]:
        return self.availability.mark(owners_to_refresh([event]))


@attrs.frozen
class LapsedHolds:
    """Voids the authorization of a hold that expired while its client was still authenticating, so the
    money is released at once rather than when the card issuer drops it."""

    gateway: PaymentGateway

    def release_payment(self, event: HoldExpired) -> None:
        if event.payment_intent_id is not None:
            release(self.gateway, event.booking_id, event.payment_intent_id)


def booking_handlers(availability: PendingAvailability, gateway: PaymentGateway) -> Handlers:
    """Booking's handler map for the message bus."""
    return {
        BookingEvent: [BusyTimeMarks(availability).mark_owners],
        HoldExpired: [LapsedHolds(gateway).release_payment],
    }
