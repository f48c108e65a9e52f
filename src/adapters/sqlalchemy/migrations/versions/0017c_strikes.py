"""Strikes: what staff decisions add to the account responsible, each counting until it lapses.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0017c_strikes"
down_revision = "0014b_moderation"
branch_labels = None


def upgrade() -> None:
    shapes.create_table(
        "moderation_strikes",
        shapes.key("id"),
        shapes.key("user_id"),
        shapes.key("report_id"),
        sa.Column("action", sa.String(16), nullable=False),
        shapes.instant("issued_at"),
        shapes.instant("expires_at"),
    )
    shapes.create_index("moderation_strikes", "user_id", "issued_at")


def downgrade() -> None:
    shapes.drop_index("moderation_strikes", "user_id", "issued_at")
    op.drop_table("moderation_strikes")
