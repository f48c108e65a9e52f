"""What follows a booking command outside the booking context: the calendar's availability index.

A booking that starts or stops holding its slot changes its owners' busy time, so their index rows (what search
filters and ranks on) are recomputed once the booking's unit of work has committed. Edges call ``publish``
after each command; a refresh that fails is logged and left to the next change or ``rastup calendar reindex``,
never turned into a failed booking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs
import structlog

from core.booking.events import BookingEvent
from core.calendar.index_handlers import refresh_availability
from core.calendar.ports import CalendarUnitOfWork
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.unit_of_work import UnitOfWork

log = structlog.get_logger("rastup.booking")


def owners_to_refresh(events: Iterable[Event]) -> list[str]:
    """The owners whose busy time the committed ``events`` changed, each once, in order."""
    owners = [o for e in events if isinstance(e, BookingEvent) and e.changes_busy_time for o in e.owners]
    return list(dict.fromkeys(owners))


@attrs.frozen
class BookingEdge:
    new_calendar_uow: Callable[[], CalendarUnitOfWork]
    clock: Clock

    def publish(self, uow: UnitOfWork) -> list[str]:
        """Refresh the index rows of the owners the committed work of ``uow`` touched; returns them."""
        owners = owners_to_refresh(uow.collect_events())
        for owner_id in owners:
            try:
                refresh_availability(owner_id, self.new_calendar_uow(), self.clock)
            except Exception as error:  # the booking stands; the index catches up at the next change or reindex
                log.error("availability_refresh_failed", owner_id=owner_id, error=repr(error))
        return owners
