"""Reviews: a partial index of the public reviews' stars by subject, so that reputation (of one subject, a batch,
or every subject in a full recomputation) is read from an index-only scan in subject order instead of a scan of the
table with a sort or a hash that spills to disk.

On the reviews line, after 0021c_takedown_dual_control. The predicates are those the queries render.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021c_reviews_public_index"
down_revision = "0021c_takedown_dual_control"

_NAME = "ix_reviews_public_subject_id_overall"


def upgrade() -> None:
    op.create_index(
        _NAME,
        "reviews",
        ["subject_id", "overall"],
        postgresql_where=sa.text("published_at IS NOT NULL AND hidden IS false"),
        sqlite_where=sa.text("published_at IS NOT NULL AND hidden IS 0"),
    )


def downgrade() -> None:
    op.drop_index(_NAME, table_name="reviews")
