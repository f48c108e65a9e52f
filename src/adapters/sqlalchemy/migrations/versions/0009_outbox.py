"""Outbox: outbound events written with the change that caused them, and the consumers' inbox.

Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0009_outbox"
down_revision = "0001"
branch_labels = ("outbox",)


def upgrade() -> None:
    shapes.create_leased_queue(
        "outbox",
        shapes.key("event_id"),
        sa.Column("topic", sa.String(100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        shapes.instant("occurred_at"),
        shapes.unique("outbox", "event_id"),
    )
    op.create_table(
        "outbox_inbox",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(40), primary_key=True),
        shapes.instant("processed_at"),
    )


def downgrade() -> None:
    op.drop_table("outbox_inbox")
    shapes.drop_leased_queue("outbox")
