"""Outbox: outbound events written with the change that caused them, and the consumers' inbox.

Revision ID: 0009_outbox
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0009_outbox"
down_revision = "0001"
branch_labels = ("outbox",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("topic", sa.String(100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("occurred_at", UtcDateTime(), nullable=False),
        sa.Column("due_at", UtcDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lease_until", UtcDateTime(), nullable=True),
        sa.Column("dead_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.UniqueConstraint("event_id", name="uq_outbox_event_id"),
    )
    op.create_index("ix_outbox_dead_at_due_at", "outbox", ["dead_at", "due_at"])
    op.create_table(
        "outbox_inbox",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(40), primary_key=True),
        sa.Column("processed_at", UtcDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("outbox_inbox")
    op.drop_index("ix_outbox_dead_at_due_at", table_name="outbox")
    op.drop_table("outbox")
