"""Takedowns: copyright notices filed by anyone, staff's steps under the SLA, the owner's counter-notice.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0017c2_takedowns"
down_revision = "0017c_strikes"
branch_labels = None


def upgrade() -> None:
    shapes.create_table(
        "moderation_takedowns",
        shapes.key("id"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("target_kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.String(80), nullable=False),
        shapes.document("notice"),
        shapes.instant("received_at"),
        shapes.instant("acknowledged_at", nullable=True),
        shapes.instant("acted_at", nullable=True),
        shapes.key("staff_id", nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        shapes.document("counter", nullable=True),
        shapes.instant("restorable_at", nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    shapes.create_index("moderation_takedowns", "status", "received_at")


def downgrade() -> None:
    shapes.drop_index("moderation_takedowns", "status", "received_at")
    op.drop_table("moderation_takedowns")
