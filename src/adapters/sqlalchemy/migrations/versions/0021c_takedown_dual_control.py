"""Takedowns under dual control: who proposed a removal and when (a second staff member approves it).

On the moderation line, after 0017f. Removals acted on before this migration stay as they were (no proposer).

Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0021c_takedown_dual_control"
down_revision = "0017f_review_reminders"


def upgrade() -> None:
    with op.batch_alter_table("moderation_takedowns") as batch:
        batch.add_column(shapes.key("proposed_by", nullable=True))
        batch.add_column(shapes.instant("proposed_at", nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("moderation_takedowns") as batch:
        batch.drop_column("proposed_at")
        batch.drop_column("proposed_by")
