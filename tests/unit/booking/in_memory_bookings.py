"""Test doubles for the booking ports: a repository and unit of work over dicts, a clock, an id source."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Self

from core.booking.capacity import blocked_window
from core.booking.model import Booking
from core.booking.states import BLOCKING_STATES, BookingState
from core.shared.errors import AlreadyExists, NotFound, VersionConflict
from core.shared.events import Event
from core.shared.idempotency import IdempotencyRecord


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class CountingIds:
    def __init__(self) -> None:
        self.issued = 0

    def new_id(self, prefix: str) -> str:
        self.issued += 1
        return f"{prefix}_{self.issued:05d}"


class InMemoryBookingRepository:
    """Stores copies, as a database would: changes count only once saved, versions are checked."""

    def __init__(self, rows: dict[str, Booking]) -> None:
        self.rows = rows

    def add(self, booking: Booking) -> None:
        if booking.id in self.rows:
            raise AlreadyExists("booking", booking.id)
        booking.version = 1
        self.rows[booking.id] = copy.deepcopy(booking)

    def get(self, booking_id: str) -> Booking:
        if booking_id not in self.rows:
            raise NotFound("booking", booking_id)
        return copy.deepcopy(self.rows[booking_id])

    def save(self, booking: Booking) -> None:
        stored = self.rows.get(booking.id)
        if stored is None:
            raise NotFound("booking", booking.id)
        if stored.version != booking.version:
            raise VersionConflict("booking", booking.id, booking.version, stored.version)
        booking.version += 1
        self.rows[booking.id] = copy.deepcopy(booking)

    def find_overlapping(
        self, provider_id: str, studio_id: str | None, window_start: datetime, window_end: datetime
    ) -> Sequence[Booking]:
        found = []
        for booking in self.rows.values():
            same = booking.provider_id == provider_id or (studio_id is not None and booking.studio_id == studio_id)
            start, end = blocked_window(booking)
            if booking.state in BLOCKING_STATES and same and start < window_end and window_start < end:
                found.append(copy.deepcopy(booking))
        return found

    def find_due(self, now: datetime, limit: int) -> Sequence[Booking]:
        def deadline(booking: Booking) -> datetime | None:
            if booking.state is BookingState.REQUESTED:
                return booking.respond_by
            return booking.hold_expires_at if booking.state is BookingState.HELD else None

        due = [b for b in self.rows.values() if (d := deadline(b)) is not None and d <= now]
        due.sort(key=lambda b: (deadline(b), b.id))
        return [copy.deepcopy(b) for b in due[:limit]]


class InMemoryIdempotencyStore:
    def __init__(self, rows: dict[tuple[str, str], IdempotencyRecord]) -> None:
        self.rows = rows

    def get(self, scope: str, key: str) -> IdempotencyRecord | None:
        return self.rows.get((scope, key))

    def put(self, record: IdempotencyRecord) -> None:
        if (record.scope, record.key) in self.rows:
            raise AlreadyExists("idempotency key", record.key)
        self.rows[(record.scope, record.key)] = record


class InMemoryBookingUnitOfWork:
    """Works on a copy of the committed tables; ``commit`` publishes the copy, leaving rolls it back."""

    def __init__(self) -> None:
        self.committed_bookings: dict[str, Booking] = {}
        self.committed_keys: dict[tuple[str, str], IdempotencyRecord] = {}
        self.published: list[Event] = []
        self._begin()

    def _begin(self) -> None:
        self.bookings = InMemoryBookingRepository(copy.deepcopy(self.committed_bookings))
        self.idempotency = InMemoryIdempotencyStore(dict(self.committed_keys))
        self._pending: list[Event] = []

    def __enter__(self) -> Self:
        self._begin()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self.committed_bookings = copy.deepcopy(self.bookings.rows)
        self.committed_keys = dict(self.idempotency.rows)
        self.published.extend(self._pending)
        self._pending = []

    def rollback(self) -> None:
        self._begin()

    def record(self, event: Event) -> None:
        self._pending.append(event)

    def collect_events(self) -> list[Event]:
        events, self.published = self.published, []
        return events

    def committed(self, booking_id: str) -> Booking:
        return self.committed_bookings[booking_id]
