"""Delivery: a durable queue of outbound emails and texts (a crash no longer loses what was queued).

Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa

from adapters.sqlalchemy.migrations import shapes

revision = "0008"
down_revision = "0001"
branch_labels = ("delivery",)


def upgrade() -> None:
    shapes.create_leased_queue(
        "delivery_outbox",
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        shapes.instant("created_at"),
    )


def downgrade() -> None:
    shapes.drop_leased_queue("delivery_outbox")
