"""Kill switches: current states and the append-only history of changes.

Revision ID: 0010_flags
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0010_flags"
down_revision = "0001"
branch_labels = ("flags",)
depends_on = None


def _state() -> list[sa.Column[object]]:
    return [
        sa.Column("is_on", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table("flags", sa.Column("name", sa.String(40), primary_key=True), *_state())
    op.create_table("flag_changes", sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
                    sa.Column("name", sa.String(40), nullable=False), *_state())  # fmt: skip


def downgrade() -> None:
    op.drop_table("flag_changes")
    op.drop_table("flags")
