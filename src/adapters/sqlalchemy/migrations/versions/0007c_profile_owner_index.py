"""Profiles: an index on the owner, for a user's data export and account deletion.

Revision ID: 0007c
Revises: 0007b
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0007c"
down_revision = "0007b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_profiles_owner_user_id", "profiles", ["owner_user_id"])


def downgrade() -> None:
    op.drop_index("ix_profiles_owner_user_id", table_name="profiles")
