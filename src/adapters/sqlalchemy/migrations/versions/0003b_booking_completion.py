"""Booking: an index for the completion sweep (confirmed bookings by end).

Revision ID: 0003b
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0003b"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_bookings_state_end_at", "bookings", ["state", "end_at"])


def downgrade() -> None:
    op.drop_index("ix_bookings_state_end_at", table_name="bookings")
