"""Media: portfolio media items (uploads, variants, moderation verdicts, staff reviews).

Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0005"
down_revision = "0001"
branch_labels = ("media",)


def upgrade() -> None:
    shapes.create_table(
        "media_assets",
        shapes.key(),
        *shapes.profile_owned("media_assets"),
        sa.Column("original_key", sa.String(300), nullable=False),
        sa.Column("declared_type", sa.String(40), nullable=False),
        sa.Column("declared_size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_cover", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("original_digest", sa.String(64), nullable=True),
        shapes.document("variants"),
        shapes.document("crop", nullable=True),
        shapes.document("verdict", nullable=True),
        sa.Column("review_approved", sa.Boolean(), nullable=True),
        sa.Column("reviewed_by", sa.String(80), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=True),
        shapes.instant("reviewed_at", nullable=True),
        *shapes.created_and_updated(),
        shapes.instant("upload_expires_at"),
    )
    shapes.create_index("media_assets", "profile_id", "position")
    shapes.create_index("media_assets", "status", "updated_at")


def downgrade() -> None:
    shapes.drop_index("media_assets", "status", "updated_at")
    shapes.drop_index("media_assets", "profile_id", "position")
    op.drop_table("media_assets")
