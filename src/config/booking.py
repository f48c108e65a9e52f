"""What follows a booking command outside the booking context: the calendar's availability index.

A booking that starts or stops holding its slot changes its owners' busy time, so their index rows (what search
filters and ranks on) must be recomputed. Edges ``publish`` a command's unit of work once it has committed, which
marks the owners; ``refresh_pending`` recomputes each marked owner once. The HTTP service refreshes from its
periodic booking sweep (every ``BOOKING_EXPIRY_INTERVAL_S``), off the request path: a busy owner's many bookings
cost one refresh per sweep, not one per checkout (refreshing inline took checkout p95 from 125 to 183 ms). The
CLI refreshes at once. Marks live in the process: a crash loses them, and the rows catch up at the owner's next
change or ``rastup calendar reindex``. A refresh that fails is logged, never turned into a failed booking.
"""

from __future__ import annotations

import threading
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


@attrs.define
class BookingEdge:
    new_calendar_uow: Callable[[], CalendarUnitOfWork]
    clock: Clock
    _pending: dict[str, None] = attrs.field(factory=dict, init=False)  # insertion-ordered set
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def publish(self, uow: UnitOfWork) -> list[str]:
        """Mark the owners whose busy time the committed work of ``uow`` changed; returns them."""
        owners = owners_to_refresh(uow.collect_events())
        with self._lock:
            self._pending.update(dict.fromkeys(owners))
        return owners

    def publish_now(self, uow: UnitOfWork) -> list[str]:
        """``publish`` then ``refresh_pending``: for edges with no sweep of their own (the CLI, the sweep itself)."""
        self.publish(uow)
        return self.refresh_pending()

    def refresh_pending(self) -> list[str]:
        """Recompute the index row of every marked owner, once each; returns them."""
        with self._lock:
            owners, self._pending = list(self._pending), {}
        for owner_id in owners:
            try:
                refresh_availability(owner_id, self.new_calendar_uow(), self.clock)
            except Exception as error:  # the booking stands; the row catches up at the next change or reindex
                log.error("availability_refresh_failed", owner_id=owner_id, error=repr(error))
        return owners
