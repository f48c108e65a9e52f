"""Profiles, their roles and service profiles, and idempotency keys.

Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0001"
down_revision = None


def upgrade() -> None:
    shapes.create_table(
        "profiles",
        shapes.key(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("headline", sa.String(160), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("city", sa.String(80), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *shapes.created_and_updated(),
        shapes.unique("profiles", "slug"),
    )
    shapes.create_index("profiles", "city")
    shapes.create_table(
        "profile_roles",
        *shapes.profile_owned("profile_roles"),
        sa.Column("role", sa.String(32), nullable=False),
        primary_key=("profile_id", "role"),
    )
    shapes.create_index("profile_roles", "role")
    shapes.create_table(
        "service_profiles",
        shapes.key(),
        *shapes.profile_owned("service_profiles"),
        sa.Column("role", sa.String(32), nullable=True),
        sa.Column("title", sa.String(160), nullable=False),
        sa.Column("hourly_rate_amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("min_duration_minutes", sa.Integer(), nullable=False),
        sa.Column("instant_book", sa.Boolean(), nullable=False),
    )
    shapes.create_index("service_profiles", "profile_id")
    shapes.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        shapes.document("result"),
        shapes.instant("created_at"),
        primary_key=("scope", "key"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    shapes.drop_index("service_profiles", "profile_id")
    op.drop_table("service_profiles")
    shapes.drop_index("profile_roles", "role")
    op.drop_table("profile_roles")
    shapes.drop_index("profiles", "city")
    op.drop_table("profiles")
