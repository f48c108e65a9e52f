"""Onboarding: profile details (tags, languages, links, packages, geo, price band, studio), wizard positions,
verification requests, notification preferences, the sent log and the outbox.

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0006"
down_revision = "0001"
branch_labels = ("onboarding",)
depends_on = None

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
    op.create_table(
        "onboarding_progress",
        sa.Column("profile_id", sa.String(40), nullable=False),
        sa.Column("wizard", sa.String(32), nullable=False),
        sa.Column("last_step", sa.String(32), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name="fk_onboarding_progress_profile_id_profiles", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("profile_id", "wizard", name="pk_onboarding_progress"),
    )
    op.create_table(
        "verification_requests",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("profile_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document_key", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("provider_reference", sa.String(120), nullable=False),
        sa.Column("submitted_at", UtcDateTime(), nullable=False),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(80), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name="fk_verification_requests_profile_id_profiles", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_verification_requests"),
    )
    op.create_index("ix_verification_requests_profile_id", "verification_requests", ["profile_id"])
    op.create_index("ix_verification_requests_status", "verification_requests", ["status"])
    op.create_table(
        "notification_preferences",
        sa.Column("recipient_id", sa.String(40), nullable=False),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("digest_consent", sa.Boolean(), nullable=False),
        sa.Column("nudge_consent", sa.Boolean(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("quiet_start_minute", sa.Integer(), nullable=False),
        sa.Column("quiet_end_minute", sa.Integer(), nullable=False),
        sa.Column("max_per_week", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("recipient_id", name="pk_notification_preferences"),
    )
    op.create_table(
        "notifications_sent",
        sa.Column("recipient_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("recipient_id", "kind", "period", name="pk_notifications_sent"),
    )
    op.create_index("ix_notifications_sent_recipient_id_sent_at", "notifications_sent", ["recipient_id", "sent_at"])
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("recipient_id", sa.String(40), nullable=False),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notification_outbox"),
    )
    op.create_index("ix_notification_outbox_created_at", "notification_outbox", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_notification_outbox_created_at", table_name="notification_outbox")
    op.drop_table("notification_outbox")
    op.drop_index("ix_notifications_sent_recipient_id_sent_at", table_name="notifications_sent")
    op.drop_table("notifications_sent")
    op.drop_table("notification_preferences")
    op.drop_index("ix_verification_requests_status", table_name="verification_requests")
    op.drop_index("ix_verification_requests_profile_id", table_name="verification_requests")
    op.drop_table("verification_requests")
    op.drop_table("onboarding_progress")
    with op.batch_alter_table("profiles") as batch:
        for name in ("studio", "price_currency", "price_max_amount", "price_min_amount", "geo_lon", "geo_lat"):
            batch.drop_column(name)
        for name in reversed(_LISTS):
            batch.drop_column(name)
