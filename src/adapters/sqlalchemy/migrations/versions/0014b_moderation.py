"""Moderation: the reports of profiles, media, reviews and messages that staff decide.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0014b_moderation"
down_revision = "0014_reviews"
branch_labels = None


def upgrade() -> None:
    shapes.create_table(
        "moderation_reports",
        shapes.key("id"),
        shapes.key("reporter_id"),
        sa.Column("target_kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.String(80), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        shapes.key("assignee_id", nullable=True),
        shapes.document("decision", nullable=True),
        *shapes.created_and_updated(),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    shapes.create_index("moderation_reports", "status", "created_at")


def downgrade() -> None:
    shapes.drop_index("moderation_reports", "status", "created_at")
    op.drop_table("moderation_reports")
