"""Booking: bookings, their occupancy per owner (no double booking), and checkout quotes.

On PostgreSQL the occupancy table gets an exclusion constraint (btree_gist): held and confirmed
bookings of the same owner never overlap, buffers included, whatever the application does. It is not in
the SQLAlchemy metadata (SQLite cannot express it; see adapters/sqlalchemy/tables/booking.py); on SQLite
the serialised (BEGIN IMMEDIATE) transactions make the repository's check-then-insert race-free.

Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0003"
down_revision = "0001"
branch_labels = ("booking",)

NO_OVERLAP = "ex_booking_occupancy_no_overlap"


def upgrade() -> None:
    shapes.create_table(
        "bookings",
        shapes.key(),
        sa.Column("client_id", sa.String(80), nullable=False),
        shapes.key("provider_id"),
        shapes.key("studio_id", nullable=True),
        shapes.key("service_profile_id"),
        shapes.instant("start_at"),
        shapes.instant("end_at"),
        sa.Column("buffer_before_s", sa.Integer(), nullable=False),
        sa.Column("buffer_after_s", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        *(
            sa.Column(f"{name}_amount", sa.BigInteger(), nullable=False)
            for name in ("subtotal", "service_fee", "tax", "deposit", "captured", "refunded")
        ),
        shapes.document("policy"),
        sa.Column("instant_book", sa.Boolean(), nullable=False),
        sa.Column("hold_ttl_s", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        shapes.instant("created_at"),
        shapes.instant("respond_by", nullable=True),
        shapes.instant("hold_expires_at", nullable=True),
        sa.Column("payment_intent_id", sa.String(80), nullable=True),
        sa.Column("cancelled_by_kind", sa.String(16), nullable=True),
        sa.Column("cancelled_by_id", sa.String(80), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        shapes.document("refund", nullable=True),
        shapes.document("timeline"),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    shapes.create_index("bookings", "client_id")
    shapes.create_index("bookings", "respond_by")
    shapes.create_index("bookings", "hold_expires_at")
    shapes.create_table(
        "booking_occupancy",
        *shapes.owned_by("booking_occupancy", "booking_id", "bookings.id"),
        shapes.key("owner_id"),
        shapes.instant("blocked_from"),
        shapes.instant("blocked_until"),
        sa.Column("state", sa.String(16), nullable=False),
        primary_key=("booking_id", "owner_id"),
    )
    shapes.create_index("booking_occupancy", "owner_id", "blocked_from")
    shapes.create_table(
        "booking_quotes",
        *shapes.owned_by("booking_quotes", "booking_id", "bookings.id"),
        shapes.document("quote"),
        primary_key=("booking_id",),
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
    shapes.drop_index("booking_occupancy", "owner_id", "blocked_from")
    op.drop_table("booking_occupancy")  # drops the exclusion constraint with it
    shapes.drop_index("bookings", "hold_expires_at")
    shapes.drop_index("bookings", "respond_by")
    shapes.drop_index("bookings", "client_id")
    op.drop_table("bookings")
