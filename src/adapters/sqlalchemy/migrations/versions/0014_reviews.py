"""Reviews: one review window per completed booking and the double-blind reviews written in it.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0014_reviews"
down_revision = "0001"
branch_labels = ("reviews",)


def upgrade() -> None:
    shapes.create_table(
        "review_windows",
        shapes.key("booking_id"),
        sa.Column("client_id", sa.String(80), nullable=False),
        shapes.key("provider_id"),
        shapes.instant("closes_at"),
        shapes.instant("published_at", nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        primary_key=("booking_id",),
    )
    shapes.create_index("review_windows", "published_at", "closes_at")
    shapes.create_table(
        "reviews",
        shapes.key("id"),
        *shapes.owned_by("reviews", "booking_id", "review_windows.booking_id"),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("author_id", sa.String(80), nullable=False),
        sa.Column("subject_id", sa.String(80), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=False),
        shapes.document("aspects"),
        sa.Column("would_work_again", sa.Boolean(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        shapes.instant("submitted_at"),
        shapes.instant("updated_at"),
        shapes.instant("published_at", nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        shapes.instant("responded_at", nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("booking_id", "side", name="uq_reviews_booking_id_side"),
    )
    shapes.create_index("reviews", "subject_id", "published_at")


def downgrade() -> None:
    shapes.drop_index("reviews", "subject_id", "published_at")
    op.drop_table("reviews")
    shapes.drop_index("review_windows", "published_at", "closes_at")
    op.drop_table("review_windows")
