"""Profiles, their roles and service profiles, and idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("headline", sa.String(160), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("city", sa.String(80), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_profiles"),
        sa.UniqueConstraint("slug", name="uq_profiles_slug"),
    )
    op.create_index("ix_profiles_city", "profiles", ["city"])
    op.create_table(
        "profile_roles",
        sa.Column("profile_id", sa.String(40), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name="fk_profile_roles_profile_id_profiles", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("profile_id", "role", name="pk_profile_roles"),
    )
    op.create_index("ix_profile_roles_role", "profile_roles", ["role"])
    op.create_table(
        "service_profiles",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("profile_id", sa.String(40), nullable=False),
        sa.Column("role", sa.String(32), nullable=True),
        sa.Column("title", sa.String(160), nullable=False),
        sa.Column("hourly_rate_amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("min_duration_minutes", sa.Integer(), nullable=False),
        sa.Column("instant_book", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name="fk_service_profiles_profile_id_profiles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_service_profiles"),
    )
    op.create_index("ix_service_profiles_profile_id", "service_profiles", ["profile_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name="pk_idempotency_keys"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    op.drop_index("ix_service_profiles_profile_id", table_name="service_profiles")
    op.drop_table("service_profiles")
    op.drop_index("ix_profile_roles_role", table_name="profile_roles")
    op.drop_table("profile_roles")
    op.drop_index("ix_profiles_city", table_name="profiles")
    op.drop_table("profiles")
