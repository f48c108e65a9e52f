"""Ports of the booking context: the booking repository and the unit of work that carries it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.booking.model import Booking
from core.shared.idempotency import IdempotencyStore
from core.shared.unit_of_work import UnitOfWork


class BookingRepository(Protocol):
    """Bookings by id, plus the two queries the lifecycle needs: overlaps and due deadlines."""

    def add(self, booking: Booking) -> None:
        """Store a new booking (its ``version`` becomes 1 in the store).

        Raises ``AlreadyExists`` for a taken id, and ``SlotUnavailable`` if the store itself detects that a
        held or confirmed booking would overlap another of the same provider or studio (the database's
        exclusion constraint is the last line of defence behind ``conflicts``).
        """
        ...

    def get(self, booking_id: str) -> Booking:
        """Return the booking as last committed, with its ``version``. Raises ``NotFound``."""
        ...

    def save(self, booking: Booking) -> None:
        """Write back a booking read by ``get``, incrementing its version.

        Raises ``VersionConflict`` when the stored version is no longer ``booking.version`` (someone else
        changed it since), ``SlotUnavailable`` like ``add``, ``NotFound`` for an unknown id.
        """
        ...

    def find_overlapping(
        self, provider_id: str, studio_id: str | None, window_start: datetime, window_end: datetime
    ) -> Sequence[Booking]:
        """Held and confirmed bookings of ``provider_id`` or of ``studio_id`` (when given) whose blocked
        window (buffers included) overlaps ``[window_start, window_end)``. Read-only; may return more
        than strictly overlapping (callers filter with ``conflicts``), never fewer.
        """
        ...

    def find_due(self, now: datetime, limit: int) -> Sequence[Booking]:
        """Up to ``limit`` requests whose ``respond_by`` or holds whose ``hold_expires_at`` is at or
        before ``now``, oldest deadline first. Read-only.
        """
        ...

    def find_ended(self, ended_by: datetime, limit: int) -> Sequence[Booking]:
        """Up to ``limit`` confirmed bookings whose ``end`` is at or before ``ended_by``, earliest end first
        (then by id). Read-only."""
        ...

    def involving(self, client_id: str, owner_ids: Sequence[str]) -> Sequence[Booking]:
        """Every booking whose client is ``client_id`` or whose provider or studio is one of ``owner_ids`` (the
        profiles a user owns), in any state, earliest start first (then by id). Read-only."""
        ...


class BookingUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that exposes the booking repository and the idempotency store of its transaction."""

    @property
    def bookings(self) -> BookingRepository:
        """The repository bound to this unit's transaction."""
        ...

    @property
    def idempotency(self) -> IdempotencyStore:
        """The idempotency store bound to this unit's transaction (same commit, same rollback)."""
        ...
