"""Sweep leases: one row per periodic job a worker holds, so that one worker at a time sweeps.

A line of its own (any context's sweep may use it).

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0021a_sweep_leases"
down_revision = "0001"
branch_labels = ("sweep_leases",)


def upgrade() -> None:
    shapes.create_table(
        "sweep_leases",
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("holder", sa.String(80), nullable=False),
        shapes.instant("expires_at"),
        primary_key=("name",),
    )


def downgrade() -> None:
    op.drop_table("sweep_leases")
