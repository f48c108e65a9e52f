"""Delivery: a durable queue of outbound emails and texts (a crash no longer loses what was queued).

Revision ID: 0008
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0008"
down_revision = "0001"
branch_labels = ("delivery",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.Column("dead_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
    )
    op.create_index("ix_delivery_outbox_dead_at_due_at", "delivery_outbox", ["dead_at", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_delivery_outbox_dead_at_due_at", table_name="delivery_outbox")
    op.drop_table("delivery_outbox")
