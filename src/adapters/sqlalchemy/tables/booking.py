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

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import amounts, document, instant, key, owned_by, ref, span, version

BLOCKING_STATES_SQL = "state IN ('held', 'confirmed')"  # the exclusion constraint's predicate (PostgreSQL)

bookings = Table(
    "bookings",
    metadata,
    key(),
    Column("client_id", String(80), nullable=False),
    ref("provider_id"),
    ref("studio_id", nullable=True),
    ref("service_profile_id"),
    *span(),
    Column("buffer_before_s", Integer, nullable=False),
    Column("buffer_after_s", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    *amounts("subtotal", "service_fee", "tax", "deposit", "captured", "refunded"),
    document("policy"),  # name, refund bands, deposit share, fee treatment
    Column("instant_book", Boolean, nullable=False),
    Column("hold_ttl_s", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    instant("created_at"),
    instant("respond_by", nullable=True),
    instant("hold_expires_at", nullable=True),
    Column("payment_intent_id", String(80), nullable=True),
    Column("cancelled_by_kind", String(16), nullable=True),
    Column("cancelled_by_id", String(80), nullable=True),
    Column("decline_reason", Text, nullable=True),
    document("refund", nullable=True),  # the refund quote applied by the cancellation
    document("timeline"),  # the action cards, one per transition
    version(),
    Index("ix_bookings_client_id", "client_id"),
    Index("ix_bookings_respond_by", "respond_by"),
    Index("ix_bookings_hold_expires_at", "hold_expires_at"),
    Index("ix_bookings_state_end_at", "state", "end_at"),  # the completion sweep
)

booking_occupancy = Table(
    "booking_occupancy",
    metadata,
    owned_by("booking_id", "bookings.id", primary_key=True),
    key("owner_id"),
    instant("blocked_from"),
    instant("blocked_until"),
    Column("state", String(16), nullable=False),
    Index("ix_booking_occupancy_owner_id_blocked_from", "owner_id", "blocked_from"),
)

booking_quotes = Table(
    "booking_quotes",
    metadata,
    owned_by("booking_id", "bookings.id", primary_key=True),
    document("quote"),  # line items, amounts, jurisdiction, policy, expiry
)
