"""Search synonyms operators edit (`rastup search synonyms ...`): a term and the phrases it also finds.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0015_search_synonyms"
down_revision = "0001"
branch_labels = ("search_synonyms",)


def upgrade() -> None:
    op.create_table(
        "search_synonyms",
        sa.Column("term", sa.String(40), primary_key=True),
        shapes.document("expansions"),
        shapes.instant("updated_at"),
    )


def downgrade() -> None:
    op.drop_table("search_synonyms")
