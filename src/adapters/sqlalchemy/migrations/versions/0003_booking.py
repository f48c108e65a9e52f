"""Booking: bookings, their occupancy per owner (no double booking), and checkout quotes.

On PostgreSQL the occupancy table gets an exclusion constraint (btree_gist): held and confirmed
bookings of the same owner never overlap, buffers included, whatever the application does. It is not in
the SQLAlchemy metadata (SQLite cannot express it; see adapters/sqlalchemy/tables/booking.py); on SQLite
the serialised (BEGIN IMMEDIATE) transactions make the repository's check-then-insert race-free.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0003"
down_revision = "0001"
branch_labels = ("booking",)
depends_on = None

NO_OVERLAP = "ex_booking_occupancy_no_overlap"


def upgrade() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("client_id", sa.String(80), nullable=False),
        sa.Column("provider_id", sa.String(40), nullable=False),
        sa.Column("studio_id", sa.String(40), nullable=True),
        sa.Column("service_profile_id", sa.String(40), nullable=False),
        sa.Column("start_at", UtcDateTime(), nullable=False),
        sa.Column("end_at", UtcDateTime(), nullable=False),
        sa.Column("buffer_before_s", sa.Integer(), nullable=False),
        sa.Column("buffer_after_s", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        *(
            sa.Column(f"{name}_amount", sa.BigInteger(), nullable=False)
            for name in ("subtotal", "service_fee", "tax", "deposit", "captured", "refunded")
        ),
        sa.Column("policy", sa.JSON(), nullable=False),
        sa.Column("instant_book", sa.Boolean(), nullable=False),
        sa.Column("hold_ttl_s", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("respond_by", UtcDateTime(), nullable=True),
        sa.Column("hold_expires_at", UtcDateTime(), nullable=True),
        sa.Column("payment_intent_id", sa.String(80), nullable=True),
        sa.Column("cancelled_by_kind", sa.String(16), nullable=True),
        sa.Column("cancelled_by_id", sa.String(80), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("refund", sa.JSON(), nullable=True),
        sa.Column("timeline", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bookings"),
    )
    op.create_index("ix_bookings_client_id", "bookings", ["client_id"])
    op.create_index("ix_bookings_respond_by", "bookings", ["respond_by"])
    op.create_index("ix_bookings_hold_expires_at", "bookings", ["hold_expires_at"])
    op.create_table(
        "booking_occupancy",
        sa.Column("booking_id", sa.String(40), nullable=False),
        sa.Column("owner_id", sa.String(40), nullable=False),
        sa.Column("blocked_from", UtcDateTime(), nullable=False),
        sa.Column("blocked_until", UtcDateTime(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name="fk_booking_occupancy_booking_id_bookings", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("booking_id", "owner_id", name="pk_booking_occupancy"),
    )
    op.create_index("ix_booking_occupancy_owner_id_blocked_from", "booking_occupancy", ["owner_id", "blocked_from"])
    op.create_table(
        "booking_quotes",
        sa.Column("booking_id", sa.String(40), nullable=False),
        sa.Column("quote", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name="fk_booking_quotes_booking_id_bookings", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("booking_id", name="pk_booking_quotes"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            f"ALTER TABLE booking_occupancy ADD CONSTRAINT {NO_OVERLAP} EXCLUDE USING gist "
            "(owner_id WITH =, tstzrange(blocked_from, blocked_until, '[)') WITH &&) "
            "WHERE (state IN ('held', 'confirmed'))"
        )


def downgrade() -> None:
    # The extension stays: other schemas in the database may use it, and it holds no data.
    op.drop_table("booking_quotes")
    op.drop_index("ix_booking_occupancy_owner_id_blocked_from", table_name="booking_occupancy")
    op.drop_table("booking_occupancy")  # drops the exclusion constraint with it
    op.drop_index("ix_bookings_hold_expires_at", table_name="bookings")
    op.drop_index("ix_bookings_respond_by", table_name="bookings")
    op.drop_index("ix_bookings_client_id", table_name="bookings")
    op.drop_table("bookings")
