"""Ledger entries: an index on (kind, booking_id), so the payout run and /metrics find the bookings whose ledger paid
the provider (``kind = 'payout'``) in booking order without reading every entry.

Create Date: 2026-12-04
"""

from __future__ import annotations

from adapters.sqlalchemy.migrations import shapes

revision = "0020h_ledger_kind_index"
down_revision = "0012_ledger"
branch_labels = None


def upgrade() -> None:
    shapes.create_index("ledger_entries", "kind", "booking_id")


def downgrade() -> None:
    shapes.drop_index("ledger_entries", "kind", "booking_id")
