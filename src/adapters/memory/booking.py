"""In-memory bookings, checkout quotes, booked time, and the booking unit of work over them (copies in and out)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime

from adapters.memory.calendar import InMemoryCalendarFeedRepository, InMemoryScheduleRepository
from adapters.memory.identity import InMemoryAuditLog
from adapters.memory.ledger import InMemoryDisputeRecords, InMemoryGatewayEventLog, InMemoryLedgerStore
from adapters.memory.payouts import InMemoryPayoutRecords, InMemoryStaffRefunds
from adapters.memory.profiles import InMemoryProfileDraftRepository
from adapters.memory.tables import KeyedRepository, OnTables
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.booking.capacity import blocked_window, first_conflict
from core.booking.errors import SlotUnavailable
from core.booking.model import Booking
from core.booking.money_ports import InTransaction
from core.booking.pricing import CheckoutQuote
from core.booking.states import BLOCKING_STATES, BookingState
from core.calendar.model import BusyInterval, Interval
from core.shared.errors import AlreadyExists
from core.shared.events import Event
from core.shared.unit_of_work import AfterCommit


class InMemoryBookingRepository(KeyedRepository[Booking]):
    """Stores copies, as a database would: changes count only once saved, versions are checked.

    Like the SQL store it refuses a held or confirmed booking that overlaps another of the same provider
    or studio (``SlotUnavailable``); units of work are serialised, so that check cannot race.
    """

    table_name = "bookings"
    kind = "booking"

    def add(self, booking: Booking) -> None:
        self._require_absent(booking.id)
        self._refuse_overlap(booking)
        booking.version = 1
        self._put(booking.id, booking)

    def save(self, booking: Booking) -> None:
        self._require_present(booking.id, booking.version)
        self._refuse_overlap(booking)
        booking.version += 1
        self._put(booking.id, booking)

    def find_overlapping(
        self, provider_id: str, studio_id: str | None, window_start: datetime, window_end: datetime
    ) -> Sequence[Booking]:
        owners = {provider_id} if studio_id is None else {provider_id, studio_id}
        found = []
        for booking in self._rows.values():
            start, end = blocked_window(booking)
            if (
                booking.state in BLOCKING_STATES
                and owners & _owners(booking)
                and start < window_end
                and window_start < end
            ):
                found.append(copy.deepcopy(booking))
        return found

    def find_due(self, now: datetime, limit: int) -> Sequence[Booking]:
        due = [b for b in self._rows.values() if (d := _deadline(b)) is not None and d <= now]
        due.sort(key=lambda b: (_deadline(b), b.id))
        return [copy.deepcopy(b) for b in due[:limit]]

    def find_ended(self, ended_by: datetime, limit: int) -> Sequence[Booking]:
        ended = [b for b in self._rows.values() if b.state is BookingState.CONFIRMED and b.end <= ended_by]
        ended.sort(key=lambda b: (b.end, b.id))
        return [copy.deepcopy(b) for b in ended[:limit]]

    def involving(self, client_id: str, owner_ids: Sequence[str]) -> Sequence[Booking]:
        owners = set(owner_ids)
        found = [b for b in self._rows.values() if b.client_id == client_id or _owners(b) & owners]
        found.sort(key=lambda b: (b.start, b.id))
        return [copy.deepcopy(b) for b in found]

    def _refuse_overlap(self, booking: Booking) -> None:
        if booking.state not in BLOCKING_STATES:
            return
        conflict = first_conflict(self._rows.values(), booking)
        if conflict is not None:
            raise SlotUnavailable(booking.id, conflict.id)


def _owners(booking: Booking) -> set[str]:
    return {booking.provider_id} if booking.studio_id is None else {booking.provider_id, booking.studio_id}


def _deadline(booking: Booking) -> datetime | None:
    if booking.state is BookingState.REQUESTED:
        return booking.respond_by
    return booking.hold_expires_at if booking.state is BookingState.HELD else None


class InMemoryBookingQuotes(OnTables):
    """The checkout quote each booking was priced with."""

    def add(self, booking_id: str, quote: CheckoutQuote) -> None:
        rows = self._table("booking_quotes")
        if booking_id in rows:
            raise AlreadyExists("booking quote", booking_id)
        rows[booking_id] = quote

    def get(self, booking_id: str) -> CheckoutQuote | None:
        quote: CheckoutQuote | None = self._table("booking_quotes").get(booking_id)
        return quote


class InMemoryBookedTime(OnTables):
    """The calendar's ``BookedTime`` port over the in-memory bookings: held and confirmed ones, own time only."""

    def busy_for(self, owner_id: str, window: Interval) -> list[BusyInterval]:
        found = [
            BusyInterval.booking(b.start, b.end, b.id)
            for b in self._table("bookings").values()
            if b.state in BLOCKING_STATES and owner_id in _owners(b) and b.start < window.end and window.start < b.end
        ]
        return sorted(found, key=lambda busy: (busy.start, busy.end, busy.reference))

    def busy_of_owners(self, owner_ids: Sequence[str], window: Interval) -> dict[str, list[BusyInterval]]:
        return {owner: busy for owner in owner_ids if (busy := self.busy_for(owner, window))}


class InMemoryBookingUnitOfWork(InMemoryUnitOfWork):
    """Bookings and quotes, plus read access to service profiles, schedules and imported busy time.

    ``committed_bookings`` and ``committed`` are for tests: the table as last committed (outside a unit).
    """

    def __init__(
        self,
        database: InMemoryDatabase | None = None,
        *,
        after_commit: AfterCommit | None = None,
        in_transaction: InTransaction | None = None,
    ) -> None:
        super().__init__(database, after_commit=after_commit)
        self._in_transaction = in_transaction
        self.ledger = InMemoryLedgerStore(self.database.table)
        self.payment_events = InMemoryGatewayEventLog(self.database.table)
        self.disputes = InMemoryDisputeRecords(self.database.table)
        self.payouts = InMemoryPayoutRecords(self.database.table)
        self.staff_refunds = InMemoryStaffRefunds(self.database.table)
        self.audit = InMemoryAuditLog(self.database.table)
        self.bookings = InMemoryBookingRepository(self.database.table)
        self.quotes = InMemoryBookingQuotes(self.database.table)
        self.services = InMemoryProfileDraftRepository(self.database.table)
        self.schedules = InMemoryScheduleRepository(self.database.table)
        self.imported = InMemoryCalendarFeedRepository(self.database.table)
        self.booked = InMemoryBookedTime(self.database.table)

    def record(self, event: Event) -> None:
        super().record(event)
        if self._in_transaction is not None:
            self._in_transaction(self, event)

    @property
    def committed_bookings(self) -> dict[str, Booking]:
        bookings: dict[str, Booking] = self.database.table("bookings")
        return bookings

    def committed(self, booking_id: str) -> Booking:
        return self.committed_bookings[booking_id]
