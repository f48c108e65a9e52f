"""Profiles: an index on the owner, for a user's data export and account deletion.

Create Date: 2026-11-23
"""

from __future__ import annotations

from adapters.sqlalchemy.migrations import shapes

revision = "0007c"
down_revision = "0007b"


def upgrade() -> None:
    shapes.create_index("profiles", "owner_user_id")


def downgrade() -> None:
    shapes.drop_index("profiles", "owner_user_id")
