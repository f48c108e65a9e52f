"""Search: the people index (documents and tombstones), bookable minutes per day, suggestion terms, and the
full-text index of the dialect: an FTS5 table on SQLite; a GIN index over ``to_tsvector('simple', body)`` on
PostgreSQL, and a trigram index for typos when the ``pg_trgm`` extension can be had.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0010_search"
down_revision = "0001"
branch_labels = ("search",)

# The full-text structures of each dialect, which the metadata cannot express, and how to drop them.
_FULL_TEXT = {
    "postgresql": (
        "CREATE INDEX ix_search_people_tsv ON search_people USING gin (to_tsvector('simple'::regconfig, body))",
        "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; "
        "EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'pg_trgm unavailable: search has no typo tolerance'; END $$",
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN "
        "CREATE INDEX ix_search_people_trgm ON search_people USING gin (body gin_trgm_ops); END IF; END $$",
    ),
    "sqlite": (
        "CREATE VIRTUAL TABLE search_people_fts"
        " USING fts5(id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')",
    ),
}
_FULL_TEXT_DROPS = {
    "postgresql": ("DROP INDEX IF EXISTS ix_search_people_trgm", "DROP INDEX IF EXISTS ix_search_people_tsv"),
    "sqlite": ("DROP TABLE IF EXISTS search_people_fts",),
}


def upgrade() -> None:
    op.create_table(
        "search_people",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("source_version", sa.BigInteger(), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("document", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False, server_default=""),
        sa.Column("city", sa.String(80), nullable=False, server_default=""),
        sa.Column("roles", sa.String(200), nullable=False, server_default=""),
        sa.Column("tags", sa.Text(), nullable=False, server_default=""),
        sa.Column("languages", sa.String(200), nullable=False, server_default=""),
        sa.Column("price_low", sa.BigInteger(), nullable=True),
        sa.Column("price_high", sa.BigInteger(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("instant_book", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("safe", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("static_score", sa.Float(), nullable=False, server_default="0"),
        shapes.instant("created_at", nullable=True),
    )
    shapes.create_index("search_people", "listed", "city")
    op.create_table(
        "search_people_days",
        sa.Column("profile_id", sa.String(40), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
    )
    op.create_table(
        "search_terms",
        sa.Column("profile_id", sa.String(40), primary_key=True),
        sa.Column("normal", sa.String(200), primary_key=True),
        sa.Column("term", sa.String(200), nullable=False),
    )
    shapes.create_index("search_terms", "normal")
    for statement in _FULL_TEXT[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in _FULL_TEXT_DROPS[op.get_bind().dialect.name]:
        op.execute(statement)
    shapes.drop_index("search_terms", "normal")
    op.drop_table("search_terms")
    op.drop_table("search_people_days")
    shapes.drop_index("search_people", "listed", "city")
    op.drop_table("search_people")
