"""Booking: an index for the completion sweep (confirmed bookings by end).

Create Date: 2026-11-23
"""

from __future__ import annotations

from adapters.sqlalchemy.migrations import shapes

revision = "0003b"
down_revision = "0003"


def upgrade() -> None:
    shapes.create_index("bookings", "state", "end_at")


def downgrade() -> None:
    shapes.drop_index("bookings", "state", "end_at")
