"""Reports: the account answering for the reported target when the report was filed (``responsible_id``), indexed
with ``created_at`` so a user's history finds every report about them, open ones too, without reading every report.

Rows filed before this revision are filled in from the targets as they stand (a profile's or a media item's owner,
a review's author, a message's sender); a target gone since leaves ``NULL``. The tables read belong to other
branches of the history: a source not there yet (an empty database migrating branch by branch, where there is no
report to fill either) is skipped rather than made a dependency, so the heads stay what they were.

Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0022b_report_responsible"
down_revision = "0021d_report_lookups"
branch_labels = None

# each kind's owner, and the (table, column) pairs the query reads
OWNER_OF = {
    "profile": (
        "SELECT p.owner_user_id FROM profiles p WHERE p.id = moderation_reports.target_id",
        (("profiles", "owner_user_id"),),
    ),
    "media": (
        "SELECT p.owner_user_id FROM media_assets m JOIN profiles p ON p.id = m.profile_id"
        " WHERE m.id = moderation_reports.target_id",
        (("media_assets", "profile_id"), ("profiles", "owner_user_id")),
    ),
    "review": (
        "SELECT r.author_id FROM reviews r WHERE r.id = moderation_reports.target_id",
        (("reviews", "author_id"),),
    ),
    "message": (
        "SELECT m.sender_id FROM messaging_messages m WHERE m.id = moderation_reports.target_id",
        (("messaging_messages", "sender_id"),),
    ),
}


def upgrade() -> None:
    with op.batch_alter_table("moderation_reports") as batch:
        batch.add_column(shapes.key("responsible_id", nullable=True))
    shapes.create_index("moderation_reports", "responsible_id", "created_at")
    inspector = sa.inspect(op.get_bind())
    for kind, (owner, reads) in OWNER_OF.items():
        if all(_has(inspector, table, column) for table, column in reads):
            op.execute(
                f"UPDATE moderation_reports SET responsible_id = ({owner}) "  # noqa: S608 - constants only
                f"WHERE target_kind = '{kind}' AND responsible_id IS NULL"
            )


def _has(inspector: sa.Inspector, table: str, column: str) -> bool:
    return inspector.has_table(table) and column in {c["name"] for c in inspector.get_columns(table)}


def downgrade() -> None:
    shapes.drop_index("moderation_reports", "responsible_id", "created_at")
    with op.batch_alter_table("moderation_reports") as batch:
        batch.drop_column("responsible_id")
