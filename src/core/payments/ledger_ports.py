"""Ports of the ledger: where postings, delivered gateway events and disputes are kept (one transaction each unit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from core.payments.ledger import Entry, Posting
from core.payments.webhooks import DisputeRecord


class LedgerStore(Protocol):
    """The ledger's entries, bound to a unit of work's transaction."""

    def post(self, posting: Posting) -> bool:
        """Store every line of ``posting`` atomically; return False, changing nothing, when its booking already has a
        posting with its key (a concurrent writer's included: the store's unique key decides). Idempotent."""
        ...

    def entries(self, booking_id: str) -> Sequence[Entry]:
        """The booking's entries in the order they were posted (empty for a booking with none). Read-only."""
        ...

    def booking_of_intent(self, intent_id: str) -> str | None:
        """The booking whose entries name ``intent_id``, or ``None``. Read-only."""
        ...

    def open_intents(self) -> Sequence[tuple[str, str]]:
        """(booking id, intent id) of every intent that still holds funds on the ledger (not final). Read-only."""
        ...

    def intents_since(self, since: datetime) -> Sequence[tuple[str, str]]:
        """(booking id, intent id) of every intent with an entry at or after ``since``. Read-only."""
        ...

    def entries_between(self, start: datetime, end: datetime) -> Sequence[Entry]:
        """Every entry that occurred in ``[start, end)``, in posting order. Read-only."""
        ...


class GatewayEventLog(Protocol):
    """The gateway events this service has applied: a unique event id, written in the transaction of its effect."""

    def claim(self, event_id: str, event_type: str, received_at: datetime) -> bool:
        """Record ``event_id``; return False, changing nothing, if it was recorded before (a duplicate delivery).
        A concurrent claim of the same id waits for, or loses to, the first (the store's unique key decides)."""
        ...


class DisputeRecords(Protocol):
    """Disputes raised against bookings' charges, with the evidence pack assembled when each opened."""

    def save(self, dispute: DisputeRecord) -> None:
        """Insert ``dispute`` or replace the stored one with its id."""
        ...

    def of_booking(self, booking_id: str) -> Sequence[DisputeRecord]:
        """The booking's disputes, oldest first. Read-only."""
        ...
