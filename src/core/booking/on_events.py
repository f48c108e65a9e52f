"""Booking's handlers: what its events change in the contexts it reads (the calendar's availability index)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from core.booking.events import BookingEvent
from core.calendar.on_events import PendingAvailability
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


def booking_handlers(availability: PendingAvailability) -> Handlers:
    """Booking's handler map for the message bus."""
    return {BookingEvent: [BusyTimeMarks(availability).mark_owners]}
