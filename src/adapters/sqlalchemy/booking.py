"""Bookings in SQL: optimistic versions, no double booking enforced by the database, and the booking unit of work.

On PostgreSQL the exclusion constraint on ``booking_occupancy`` (migration 0003) is the guard: a losing
concurrent insert fails with SQLSTATE 23P01 and becomes ``SlotUnavailable``. On SQLite, which has no
such constraint, the repository checks for an overlap before writing; every SQLite transaction begins
IMMEDIATE, so no other writer can slip in between the check and the write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, Select, String, any_, bindparam, insert, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.booking_quote_rows import quote_from, quote_json
from adapters.sqlalchemy.booking_rows import booking_from, booking_row, occupancy_rows
from adapters.sqlalchemy.calendar import SqlAlchemyScheduleRepository
from adapters.sqlalchemy.calendar_feeds import SqlAlchemyCalendarFeedRepository
from adapters.sqlalchemy.identity_security import SqlAlchemyAuditLog
from adapters.sqlalchemy.keyed_rows import OnConnection, insert_unless_taken, one
from adapters.sqlalchemy.ledger import SqlAlchemyDisputeRecords, SqlAlchemyGatewayEventLog, SqlAlchemyLedgerStore
from adapters.sqlalchemy.payouts import SqlAlchemyPayoutRecords, SqlAlchemyStaffRefunds
from adapters.sqlalchemy.profiles import SqlAlchemyProfileDraftRepository
from adapters.sqlalchemy.tables.booking import booking_occupancy, booking_quotes, bookings
from adapters.sqlalchemy.types import instants_as_read
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from core.booking.capacity import blocked_window
from core.booking.errors import SlotUnavailable
from core.booking.model import Booking
from core.booking.money_ports import InTransaction
from core.booking.pricing import CheckoutQuote
from core.booking.states import BLOCKING_STATES, BookingState
from core.calendar.model import BusyInterval, Interval
from core.shared.errors import AlreadyExists, NotFound, VersionConflict
from core.shared.events import Event

EXCLUSION_VIOLATION = "23P01"  # PostgreSQL's SQLSTATE for a violated exclusion constraint
_BLOCKING = [state.value for state in BLOCKING_STATES]


def _is_exclusion_violation(error: IntegrityError) -> bool:
    return getattr(error.orig, "sqlstate", None) == EXCLUSION_VIOLATION


def _blocking_ids(owners: Sequence[str], start: datetime, end: datetime) -> Any:
    """Ids of held/confirmed bookings occupying any of ``owners`` somewhere in ``[start, end)``."""
    occ = booking_occupancy.c
    return select(occ.booking_id).where(
        occ.owner_id.in_(owners), occ.state.in_(_BLOCKING), occ.blocked_from < end, occ.blocked_until > start
    )


# built once: a booking's save sends its values as parameters (no statement built per call)
_UPDATE_BOOKING = update(bookings).where(
    bookings.c.id == bindparam("where_id"), bookings.c.version == bindparam("where_version")
)
_UPDATE_OCCUPANCY = update(booking_occupancy).where(booking_occupancy.c.booking_id == bindparam("where_id"))


class SqlAlchemyBookingRepository(OnConnection):
    """Bound to one unit's connection. A booking this unit wrote is read back from what it wrote (the money
    postings read the booking just saved), and ``save`` knows the state each booking was read in: a move between
    two states on the same side of the exclusion constraint cannot violate it, and needs no savepoint."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
        self._guarded_by_database = connection.dialect.name == "postgresql"
        self._written: dict[str, dict[str, Any]] = {}  # booking id -> its row as this unit wrote it
        self._read_in: dict[str, BookingState] = {}  # booking id -> the state it was stored in when read

    def add(self, booking: Booking) -> None:
        try:
            with self._connection.begin_nested():
                self._refuse_overlap(booking)
                self._connection.execute(insert(bookings).values({**booking_row(booking), "version": 1}))
                self._connection.execute(insert(booking_occupancy), occupancy_rows(booking))
        except IntegrityError as error:
            if _is_exclusion_violation(error):
                raise SlotUnavailable(booking.id, self._conflicting(booking)) from None
            raise AlreadyExists("booking", booking.id) from None
        booking.version = 1
        self._wrote(booking)

    def get(self, booking_id: str) -> Booking:
        written = self._written.get(booking_id)
        if written is not None:
            return booking_from(SimpleNamespace(**written))  # type: ignore[arg-type]  # the row's columns
        row = one(self._connection, bookings, "booking", booking_id)
        self._read_in[booking_id] = BookingState(row.state)
        return booking_from(row)

    def save(self, booking: Booking) -> None:
        values = {**booking_row(booking), "version": booking.version + 1}
        del values["id"]
        was = self._read_in.get(booking.id)
        if (
            self._guarded_by_database
            and was is not None
            and (was in BLOCKING_STATES) == (booking.state in BLOCKING_STATES)
        ):
            self._update(booking, values)  # the constraint holds the same rows before and after: nothing to catch
        else:
            try:
                with self._connection.begin_nested():
                    self._update(booking, values)
            except IntegrityError as error:
                if not _is_exclusion_violation(error):
                    raise
                raise SlotUnavailable(booking.id, self._conflicting(booking)) from None
        booking.version += 1
        self._wrote(booking)

    def _update(self, booking: Booking, values: dict[str, Any]) -> None:
        where = {"where_id": booking.id, "where_version": booking.version}
        if self._connection.execute(_UPDATE_BOOKING, {**values, **where}).rowcount == 0:
            raise self._stale(booking)
        self._refuse_overlap(booking)
        self._connection.execute(_UPDATE_OCCUPANCY, {"where_id": booking.id, "state": booking.state.value})

    def _wrote(self, booking: Booking) -> None:
        self._written[booking.id] = booking_row(booking)
        self._read_in[booking.id] = booking.state

    def find_overlapping(
        self, provider_id: str, studio_id: str | None, window_start: datetime, window_end: datetime
    ) -> Sequence[Booking]:
        owners = [provider_id] if studio_id is None else [provider_id, studio_id]
        query = select(bookings).where(bookings.c.id.in_(_blocking_ids(owners, window_start, window_end)))
        return [booking_from(row) for row in self._connection.execute(query.order_by(bookings.c.id))]

    def find_due(self, now: datetime, limit: int) -> Sequence[Booking]:
        c = bookings.c
        query = select(bookings).where(
            or_(
                (c.state == BookingState.REQUESTED.value) & (c.respond_by <= now),
                (c.state == BookingState.HELD.value) & (c.hold_expires_at <= now),
            )
        )
        found = [booking_from(row) for row in self._connection.execute(query)]
        found.sort(key=lambda b: (b.respond_by or b.hold_expires_at or now, b.id))
        return found[:limit]

    def find_ended(self, ended_by: datetime, limit: int) -> Sequence[Booking]:
        c = bookings.c
        query = (
            select(bookings)
            .where(c.state == BookingState.CONFIRMED.value, c.end_at <= ended_by)
            .order_by(c.end_at, c.id)
            .limit(limit)
        )
        return [booking_from(row) for row in self._connection.execute(query)]

    def involving(self, client_id: str, owner_ids: Sequence[str]) -> Sequence[Booking]:
        c = bookings.c
        party = c.client_id == client_id
        if owner_ids:
            party = or_(party, c.provider_id.in_(owner_ids), c.studio_id.in_(owner_ids))
        query = select(bookings).where(party).order_by(c.start_at, c.id)
        return [booking_from(row) for row in self._connection.execute(query)]

    def _stale(self, booking: Booking) -> NotFound | VersionConflict:
        current = self._connection.execute(select(bookings.c.version).where(bookings.c.id == booking.id)).scalar()
        if current is None:
            return NotFound("booking", booking.id)
        return VersionConflict("booking", booking.id, booking.version, int(current))

    def _refuse_overlap(self, booking: Booking) -> None:
        """The application-side check, where the database has no exclusion constraint (SQLite)."""
        if self._guarded_by_database or booking.state not in BLOCKING_STATES:
            return
        conflict = self._conflicting(booking)
        if conflict is not None:
            raise SlotUnavailable(booking.id, conflict)

    def _conflicting(self, booking: Booking) -> Any:
        owners = [row["owner_id"] for row in occupancy_rows(booking)]
        query = _blocking_ids(owners, *blocked_window(booking)).where(booking_occupancy.c.booking_id != booking.id)
        return self._connection.execute(query.limit(1)).scalar()


class SqlAlchemyBookingQuotes(OnConnection):
    def add(self, booking_id: str, quote: CheckoutQuote) -> None:
        values = {"booking_id": booking_id, "quote": quote_json(quote)}
        insert_unless_taken(self._connection, booking_quotes, values, "booking quote", booking_id)

    def get(self, booking_id: str) -> CheckoutQuote | None:
        query = select(booking_quotes.c.quote).where(booking_quotes.c.booking_id == booking_id)
        document = self._connection.execute(query).scalar()
        return None if document is None else quote_from(document)


_BUSY_OF_OWNERS: dict[str, Select[Any]] = {}


def _busy_of_owners(dialect: Dialect) -> Select[Any]:
    """The booked-time statement for ``dialect``, built once (an availability read runs it on every request)."""
    occ, c = booking_occupancy.c, bookings.c
    built = _BUSY_OF_OWNERS.get(dialect.name)
    if built is None:  # per dialect: instants are read as stored on PostgreSQL, owners as one array parameter
        owners = (
            occ.owner_id == any_(bindparam("owners", type_=ARRAY(String)))  # not 500 parameters rendered per call
            if dialect.name == "postgresql"
            else occ.owner_id.in_(bindparam("owners", expanding=True))
        )
        built = _BUSY_OF_OWNERS[dialect.name] = (
            select(occ.owner_id, c.id, instants_as_read(c.start_at, dialect), instants_as_read(c.end_at, dialect))
            .join(booking_occupancy, occ.booking_id == c.id)
            .where(owners, occ.state.in_(_BLOCKING))
            .where(c.start_at < bindparam("end"), c.end_at > bindparam("start"))
            .order_by(occ.owner_id, c.start_at, c.end_at, c.id)
        )
    return built


class SqlAlchemyBookedTime(OnConnection):
    """The calendar's ``BookedTime`` port: held and confirmed bookings of an owner, own time only."""

    def busy_for(self, owner_id: str, window: Interval) -> list[BusyInterval]:
        return self.busy_of_owners([owner_id], window).get(owner_id, [])

    def busy_of_owners(self, owner_ids: Sequence[str], window: Interval) -> dict[str, list[BusyInterval]]:
        """Held and confirmed bookings of many owners in one query (the availability index refresh)."""
        query = _busy_of_owners(self._connection.dialect)
        values = {"owners": list(owner_ids), "start": window.start, "end": window.end}
        busy: dict[str, list[BusyInterval]] = {}
        for row in self._connection.execute(query, values):
            busy.setdefault(row.owner_id, []).append(BusyInterval.booking(row.start_at, row.end_at, row.id))
        return busy


class SqlAlchemyBookingUnitOfWork(SqlAlchemyUnitOfWork):
    """Bookings and quotes, with read access to service profiles, schedules and imported busy time, so a
    checkout checks feasibility and places its hold in one transaction; and the payments ledger, so a money event
    and its postings commit together (``in_transaction`` runs on each event recorded, before the commit)."""

    bookings: SqlAlchemyBookingRepository
    quotes: SqlAlchemyBookingQuotes
    services: SqlAlchemyProfileDraftRepository
    schedules: SqlAlchemyScheduleRepository
    imported: SqlAlchemyCalendarFeedRepository
    booked: SqlAlchemyBookedTime
    ledger: SqlAlchemyLedgerStore
    payment_events: SqlAlchemyGatewayEventLog
    disputes: SqlAlchemyDisputeRecords
    payouts: SqlAlchemyPayoutRecords
    staff_refunds: SqlAlchemyStaffRefunds
    audit: SqlAlchemyAuditLog

    def __init__(self, engine: Engine, *, in_transaction: InTransaction | None = None, **options: Any) -> None:
        super().__init__(engine, **options)
        self._in_transaction = in_transaction

    def record(self, event: Event) -> None:
        super().record(event)
        if self._in_transaction is not None:
            self._in_transaction(self, event)

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.bookings = SqlAlchemyBookingRepository(connection)
        self.quotes = SqlAlchemyBookingQuotes(connection)
        self.services = SqlAlchemyProfileDraftRepository(connection)
        self.schedules = SqlAlchemyScheduleRepository(connection)
        self.imported = SqlAlchemyCalendarFeedRepository(connection)
        self.booked = SqlAlchemyBookedTime(connection)
        self.ledger = SqlAlchemyLedgerStore(connection)
        self.payment_events = SqlAlchemyGatewayEventLog(connection)
        self.disputes = SqlAlchemyDisputeRecords(connection)
        self.payouts = SqlAlchemyPayoutRecords(connection)
        self.staff_refunds = SqlAlchemyStaffRefunds(connection)
        self.audit = SqlAlchemyAuditLog(connection)
