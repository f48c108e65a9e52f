"""Provider payouts: one row per booking ever (its primary key), pending, held for review, released or sent.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0017d_payouts"
down_revision = "0001"
branch_labels = ("payouts",)


def upgrade() -> None:
    shapes.create_table(
        "payouts",
        shapes.key("booking_id"),
        shapes.key("provider_id"),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("destination", sa.String(200), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("held_reason", sa.String(40), nullable=True),
        sa.Column("method", sa.String(20), nullable=True),
        sa.Column("reference", sa.String(255), nullable=True),
        shapes.instant("created_at"),
        shapes.instant("sent_at", nullable=True),
        primary_key=("booking_id",),
    )
    shapes.create_index("payouts", "status")
    shapes.create_index("payouts", "sent_at")


def downgrade() -> None:
    shapes.drop_index("payouts", "sent_at")
    shapes.drop_index("payouts", "status")
    op.drop_table("payouts")
