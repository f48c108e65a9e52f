"""Review reminders: when each review window is next due a reminder, and the (side, day) reminders it has had.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0017f_review_reminders"
down_revision = "0017c2_takedowns"
branch_labels = None


def upgrade() -> None:
    with op.batch_alter_table("review_windows") as table:
        table.add_column(shapes.instant("next_reminder_at", nullable=True))
    shapes.create_index("review_windows", "next_reminder_at")
    shapes.create_table(
        "review_reminders",
        *shapes.owned_by("review_reminders", "booking_id", "review_windows.booking_id"),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        primary_key=("booking_id", "side", "day"),
    )


def downgrade() -> None:
    op.drop_table("review_reminders")
    shapes.drop_index("review_windows", "next_reminder_at")
    with op.batch_alter_table("review_windows") as table:
        table.drop_column("next_reminder_at")
