"""Search: studios beside people in the SQL index: each row's kind (studios come from the document already
stored), a studio's amenities and capacity. Documents get their amenities and capacity at their next write;
`rastup search reindex` writes them all.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015b_search_studios"
down_revision = ("0015_search_synonyms", "0010_search")  # joins the synonyms branch and the search branch
branch_labels = None


def upgrade() -> None:
    with op.batch_alter_table("search_people") as table:
        table.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="provider"))
        table.add_column(sa.Column("amenities", sa.Text(), nullable=False, server_default=""))
        table.add_column(sa.Column("capacity", sa.Integer(), nullable=True))
    # documents are stored as compact JSON with sorted keys (adapters/sqlalchemy/search_rows.py)
    op.execute("UPDATE search_people SET kind = 'studio' WHERE document LIKE '%\"kind\":\"studio\"%'")


def downgrade() -> None:
    with op.batch_alter_table("search_people") as table:
        table.drop_column("capacity")
        table.drop_column("amenities")
        table.drop_column("kind")
