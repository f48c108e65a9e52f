"""Kill switches: current states and the append-only history of changes.

Create Date: 2026-12-03
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0010_flags"
down_revision = "0001"
branch_labels = ("flags",)


def _state() -> list[sa.Column[Any]]:
    return [
        sa.Column("is_on", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        shapes.instant("changed_at"),
    ]


def upgrade() -> None:
    op.create_table("flags", sa.Column("name", sa.String(40), primary_key=True), *_state())
    op.create_table("flag_changes", sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
                    sa.Column("name", sa.String(40), nullable=False), *_state())  # fmt: skip


def downgrade() -> None:
    op.drop_table("flag_changes")
    op.drop_table("flags")
