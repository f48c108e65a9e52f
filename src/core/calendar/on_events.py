"""The calendar's handlers: keep the availability index (what search filters and ranks on) true after events.

A feed subscribed, imported, synced or removed changes its owner's imported busy time: the owner's row is
recomputed as soon as the feed's unit of work has committed. A booking that takes or frees a slot changes its
owners' busy time too, but checkouts are many and hot: ``core.booking.on_events`` only ``mark``s those owners,
and ``refresh_pending`` recomputes each marked owner once, from the service's periodic booking sweep (every
``BOOKING_EXPIRY_INTERVAL_S``) or right after a CLI command. A busy owner's many bookings then cost one refresh
per sweep, and none is on the checkout's request path (refreshing inline took checkout p95 from 125 to 183 ms).
Marks live in the process: a crash loses them, and the rows catch up at the owner's next change or
``rastup calendar reindex``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import attrs

from core.calendar.events import FeedImported, FeedRemoved, FeedSynced
from core.calendar.index_handlers import PAGE, refresh_after, refresh_availability, refresh_rows
from core.calendar.ports import CalendarUnitOfWork
from core.shared.clock import Clock
from core.shared.events import Event
from core.shared.messagebus import Handlers

RefreshFailure = Callable[[str, Exception], None]  # told the owner whose row could not be recomputed, and why


@attrs.define
class PendingAvailability:
    """Owners whose index row must be recomputed, each once (thread-safe: marked by requests, swept by a thread).
    A refresh that fails goes to ``on_failure`` (logged by the composition root), never to the booking."""

    new_uow: Callable[[], CalendarUnitOfWork]
    clock: Clock
    on_failure: RefreshFailure
    _pending: dict[str, None] = attrs.field(factory=dict, init=False)  # insertion-ordered set
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)

    def mark(self, owners: Iterable[str]) -> list[str]:
        """Remember ``owners`` for the next ``refresh_pending``; returns them."""
        marked = list(owners)
        with self._lock:
            self._pending.update(dict.fromkeys(marked))
        return marked

    def refresh_pending(self) -> list[str]:
        """Recompute the row of every marked owner, once each, and forget the marks; returns the owners.

        Owners are refreshed a page at a time, in one unit of work each (``refresh_rows``). A page whose unit
        fails is refreshed again one owner at a time, so one owner's failure never holds back another's row."""
        with self._lock:
            owners, self._pending = list(self._pending), {}
        for first in range(0, len(owners), PAGE):
            page = owners[first : first + PAGE]
            try:
                failed = refresh_rows(page, self.new_uow(), self.clock).failed
            except Exception:  # the page's unit failed as a whole: each owner on its own
                failed = self._one_at_a_time(page)
            for owner_id, error in failed.items():  # the booking stands; the row catches up at the next change
                self.on_failure(owner_id, error)
        return owners

    def _one_at_a_time(self, owners: list[str]) -> dict[str, Exception]:
        failed: dict[str, Exception] = {}
        for owner_id in owners:
            try:
                refresh_availability(owner_id, self.new_uow(), self.clock)
            except Exception as error:
                failed[owner_id] = error
        return failed


@attrs.frozen
class FeedRefresh:
    """Recomputes the row of a feed's owner once the feed's change has committed."""

    new_uow: Callable[[], CalendarUnitOfWork]
    clock: Clock

    def refresh_owner(self, event: Event) -> list[str]:
        """The owner's row (not for a failed sync, which kept the busy set); the owners refreshed."""
        return refresh_after([event], self.new_uow(), self.clock)


def calendar_handlers(new_uow: Callable[[], CalendarUnitOfWork], clock: Clock) -> Handlers:
    """The calendar's handler map for the message bus."""
    feeds = FeedRefresh(new_uow, clock)
    return {FeedImported: [feeds.refresh_owner], FeedRemoved: [feeds.refresh_owner], FeedSynced: [feeds.refresh_owner]}
