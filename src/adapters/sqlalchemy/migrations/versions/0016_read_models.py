"""Read models: the public profile views (one row per profile, rebuilt by events).

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0016_read_models"
down_revision = "0001"
branch_labels = ("read_models",)


def upgrade() -> None:
    shapes.create_table(
        "public_views",
        shapes.key("profile_id"),
        sa.Column("slug", sa.String(80), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("built_generation", sa.Integer(), nullable=True),
        sa.Column("version", sa.String(40), nullable=True),
        shapes.document("document", nullable=True),
        primary_key=("profile_id",),
    )
    shapes.create_index("public_views", "slug")


def downgrade() -> None:
    shapes.drop_index("public_views", "slug")
    op.drop_table("public_views")
