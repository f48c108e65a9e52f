"""Payments ledger: entries, applied gateway (webhook) events with a unique event id, disputes and evidence.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0012_ledger"
down_revision = "0001"
branch_labels = ("ledger",)

VENDOR_ID = 255


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        shapes.key("booking_id"),
        sa.Column("posting_key", sa.String(300), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("account", sa.String(30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("intent_id", sa.String(VENDOR_ID), nullable=True),
        shapes.instant("occurred_at"),
        sa.UniqueConstraint("booking_id", "posting_key", "line", name="uq_ledger_entries_booking_id_posting_key_line"),
    )
    shapes.create_index("ledger_entries", "intent_id")
    shapes.create_index("ledger_entries", "occurred_at")
    op.create_table(
        "payment_webhook_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(VENDOR_ID), nullable=False),
        sa.Column("type", sa.String(80), nullable=False),
        shapes.instant("received_at"),
        shapes.unique("payment_webhook_events", "event_id"),
    )
    shapes.create_table(
        "payment_disputes",
        sa.Column("dispute_id", sa.String(VENDOR_ID), nullable=False),
        shapes.key("booking_id"),
        sa.Column("intent_id", sa.String(VENDOR_ID), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reason", sa.String(80), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        shapes.instant("opened_at"),
        shapes.document("evidence"),
        primary_key=("dispute_id",),
    )
    shapes.create_index("payment_disputes", "booking_id")


def downgrade() -> None:
    shapes.drop_index("payment_disputes", "booking_id")
    op.drop_table("payment_disputes")
    op.drop_table("payment_webhook_events")
    shapes.drop_index("ledger_entries", "occurred_at")
    shapes.drop_index("ledger_entries", "intent_id")
    op.drop_table("ledger_entries")
