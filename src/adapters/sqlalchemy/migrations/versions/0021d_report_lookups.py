"""Reports: indexes on (target_kind, target_id) and (reporter_id, created_at), so the staff console finds the
earlier reports of a target and the reports a user filed without reading every report.

Create Date: 2026-12-04
"""

from __future__ import annotations

from adapters.sqlalchemy.migrations import shapes

revision = "0021d_report_lookups"
down_revision = "0017f_review_reminders"
branch_labels = None


def upgrade() -> None:
    shapes.create_index("moderation_reports", "target_kind", "target_id")
    shapes.create_index("moderation_reports", "reporter_id", "created_at")


def downgrade() -> None:
    shapes.drop_index("moderation_reports", "reporter_id", "created_at")
    shapes.drop_index("moderation_reports", "target_kind", "target_id")
