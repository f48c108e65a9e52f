"""Tables of the booking context: bookings, the time each blocks per owner, and the quote each was priced with.

No double booking is enforced by the database. ``booking_occupancy`` holds one row per owner a booking
blocks (its provider, and its studio when it has one) over ``[start - buffer_before, end + buffer_after)``,
with the booking's state. On PostgreSQL migration 0003 adds the exclusion constraint
``ex_booking_occupancy_no_overlap``::

    EXCLUDE USING gist (owner_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&)
        WHERE (state IN ('held', 'confirmed'))

(btree_gist supplies ``=`` on text in a GiST index). It is deliberately *not* declared on the Table
below: SQLite cannot express it and Alembic cannot compare it, so declaring it would break the
migration test's "schema == metadata" check on SQLite. On SQLite every transaction begins IMMEDIATE,
so the repository's check-then-insert is serialised and cannot race.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime

BLOCKING_STATES_SQL = "state IN ('held', 'confirmed')"  # the exclusion constraint's predicate (PostgreSQL)

bookings = Table(
    "bookings",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("client_id", String(80), nullable=False),
    Column("provider_id", String(40), nullable=False),
    Column("studio_id", String(40), nullable=True),
    Column("service_profile_id", String(40), nullable=False),
    Column("start_at", UtcDateTime, nullable=False),
    Column("end_at", UtcDateTime, nullable=False),
    Column("buffer_before_s", Integer, nullable=False),
    Column("buffer_after_s", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("subtotal_amount", BigInteger, nullable=False),
    Column("service_fee_amount", BigInteger, nullable=False),
    Column("tax_amount", BigInteger, nullable=False),
    Column("deposit_amount", BigInteger, nullable=False),
    Column("captured_amount", BigInteger, nullable=False),
    Column("refunded_amount", BigInteger, nullable=False),
    Column("policy", JSON, nullable=False),  # name, refund bands, deposit share, fee treatment
    Column("instant_book", Boolean, nullable=False),
    Column("hold_ttl_s", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("respond_by", UtcDateTime, nullable=True),
    Column("hold_expires_at", UtcDateTime, nullable=True),
    Column("payment_intent_id", String(80), nullable=True),
    Column("cancelled_by_kind", String(16), nullable=True),
    Column("cancelled_by_id", String(80), nullable=True),
    Column("decline_reason", Text, nullable=True),
    Column("refund", JSON, nullable=True),  # the refund quote applied by the cancellation
    Column("timeline", JSON, nullable=False),  # the action cards, one per transition
    Column("version", Integer, nullable=False),  # optimistic concurrency: saves check and bump it
    Index("ix_bookings_client_id", "client_id"),
    Index("ix_bookings_respond_by", "respond_by"),
    Index("ix_bookings_hold_expires_at", "hold_expires_at"),
    Index("ix_bookings_state_end_at", "state", "end_at"),  # the completion sweep
)

booking_occupancy = Table(
    "booking_occupancy",
    metadata,
    Column("booking_id", String(40), ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True),
    Column("owner_id", String(40), primary_key=True),
    Column("blocked_from", UtcDateTime, nullable=False),
    Column("blocked_until", UtcDateTime, nullable=False),
    Column("state", String(16), nullable=False),
    Index("ix_booking_occupancy_owner_id_blocked_from", "owner_id", "blocked_from"),
)

booking_quotes = Table(
    "booking_quotes",
    metadata,
    Column("booking_id", String(40), ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True),
    Column("quote", JSON, nullable=False),  # line items, amounts, jurisdiction, policy, expiry
)
