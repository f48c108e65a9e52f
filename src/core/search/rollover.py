"""The day's rollover: every availability row recomputed from now, then the availability part of every document.

A document's days start at the owner's local today; as days roll over (at each owner's own midnight) and hours
pass, what a row and a document say goes stale without any event. The job runs on a schedule (the service's
``SEARCH_ROLLOVER_INTERVAL_S``, `rastup search rollover`), page by page: the calendar writes a page of rows, then
search rewrites the days of the documents whose days moved (the rest of each document is left as it is).
"""

from __future__ import annotations

import attrs

from core.calendar.index_handlers import IndexFailure, refresh_all_availability
from core.calendar.ports import CalendarUnitOfWork
from core.calendar.records import IndexedAvailability
from core.search.documents import days_from
from core.search.ports import SearchIndex
from core.shared.clock import Clock


@attrs.frozen
class RolledOver:
    calendar_rows: int  # availability rows recomputed
    documents: int  # documents whose days moved
    failed: tuple[IndexFailure, ...] = ()  # schedules the calendar could not compute (their rows removed)


def roll_over_availability(calendar_uow: CalendarUnitOfWork, index: SearchIndex, clock: Clock) -> RolledOver:
    """Recompute every availability row as of now and move every listed document's days to match. Idempotent:
    a second run with nothing changed rewrites no document."""
    moved = 0

    def to_index(rows: list[IndexedAvailability]) -> None:
        nonlocal moved
        moved += index.refresh_days({row.profile_id: days_from(row.from_date, row.bookable_minutes) for row in rows})

    done = refresh_all_availability(calendar_uow, clock, written=to_index)
    return RolledOver(done.indexed, moved, done.failed)
