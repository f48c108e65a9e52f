"""Media: portfolio media items (uploads, variants, moderation verdicts, staff reviews).

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0005"
down_revision = "0001"
branch_labels = ("media",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media_assets",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("profile_id", sa.String(40), nullable=False),
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
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("crop", sa.JSON(), nullable=True),
        sa.Column("verdict", sa.JSON(), nullable=True),
        sa.Column("review_approved", sa.Boolean(), nullable=True),
        sa.Column("reviewed_by", sa.String(80), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.Column("reviewed_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("upload_expires_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name="fk_media_assets_profile_id_profiles", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_media_assets"),
    )
    op.create_index("ix_media_assets_profile_id_position", "media_assets", ["profile_id", "position"])
    op.create_index("ix_media_assets_status_updated_at", "media_assets", ["status", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_media_assets_status_updated_at", table_name="media_assets")
    op.drop_index("ix_media_assets_profile_id_position", table_name="media_assets")
    op.drop_table("media_assets")
