"""Onboarding: profile details (tags, languages, links, packages, geo, price band, studio), wizard positions,
verification requests, notification preferences, the sent log and the outbox.

Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0006"
down_revision = "0001"
branch_labels = ("onboarding",)

_LISTS = ("tags", "languages", "links", "packages")


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        for name in _LISTS:
            batch.add_column(sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch.add_column(sa.Column("geo_lat", sa.Float(), nullable=True))
        batch.add_column(sa.Column("geo_lon", sa.Float(), nullable=True))
        batch.add_column(sa.Column("price_min_amount", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("price_max_amount", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("price_currency", sa.String(3), nullable=True))
        batch.add_column(sa.Column("studio", sa.JSON(), nullable=True))
    shapes.create_table(
        "onboarding_progress",
        *shapes.profile_owned("onboarding_progress"),
        sa.Column("wizard", sa.String(32), nullable=False),
        sa.Column("last_step", sa.String(32), nullable=False),
        shapes.instant("updated_at"),
        primary_key=("profile_id", "wizard"),
    )
    shapes.create_table(
        "verification_requests",
        shapes.key(),
        *shapes.profile_owned("verification_requests"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document_key", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("provider_reference", sa.String(120), nullable=False),
        shapes.instant("submitted_at"),
        shapes.instant("decided_at", nullable=True),
        sa.Column("decided_by", sa.String(80), nullable=True),
    )
    shapes.create_index("verification_requests", "profile_id")
    shapes.create_index("verification_requests", "status")
    shapes.create_table(
        "notification_preferences",
        shapes.key("recipient_id"),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("digest_consent", sa.Boolean(), nullable=False),
        sa.Column("nudge_consent", sa.Boolean(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("quiet_start_minute", sa.Integer(), nullable=False),
        sa.Column("quiet_end_minute", sa.Integer(), nullable=False),
        sa.Column("max_per_week", sa.Integer(), nullable=False),
        primary_key=("recipient_id",),
    )
    shapes.create_table(
        "notifications_sent",
        shapes.key("recipient_id"),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        shapes.instant("sent_at"),
        primary_key=("recipient_id", "kind", "period"),
    )
    shapes.create_index("notifications_sent", "recipient_id", "sent_at")
    shapes.create_table(
        "notification_outbox",
        shapes.key(),
        shapes.key("recipient_id"),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        shapes.instant("created_at"),
    )
    shapes.create_index("notification_outbox", "created_at")


def downgrade() -> None:
    shapes.drop_index("notification_outbox", "created_at")
    op.drop_table("notification_outbox")
    shapes.drop_index("notifications_sent", "recipient_id", "sent_at")
    op.drop_table("notifications_sent")
    op.drop_table("notification_preferences")
    shapes.drop_index("verification_requests", "status")
    shapes.drop_index("verification_requests", "profile_id")
    op.drop_table("verification_requests")
    op.drop_table("onboarding_progress")
    with op.batch_alter_table("profiles") as batch:
        for name in ("studio", "price_currency", "price_max_amount", "price_min_amount", "geo_lon", "geo_lat"):
            batch.drop_column(name)
        for name in reversed(_LISTS):
            batch.drop_column(name)
