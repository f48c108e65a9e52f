"""Reminder preferences per user (account): consent to reminders and quiet hours, so that a client without a
profile can be reminded to review too.

On the onboarding line, after 0006; it reads profile owners, so it needs 0007 (ownership). Each profile owner's
digest preferences become their reminder preferences: consent only when every one of their profiles had nudge
consent (consent is never widened), the zone and quiet hours of their first profile (by id). Preferences of an
ownerless (seeded) profile stay where they are. The downgrade drops the per-user record: the per-profile ones it
came from were never changed.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0021c_reminder_preferences"
down_revision = "0006"
depends_on = "0007"

_profiles = sa.table("profiles", sa.column("id", sa.String), sa.column("owner_user_id", sa.String))
_digest = sa.table(
    "notification_preferences",
    sa.column("recipient_id", sa.String),
    sa.column("nudge_consent", sa.Boolean),
    sa.column("time_zone", sa.String),
    sa.column("quiet_start_minute", sa.Integer),
    sa.column("quiet_end_minute", sa.Integer),
)


def upgrade() -> None:
    shapes.create_table(
        "reminder_preferences",
        shapes.key("user_id"),
        sa.Column("reminder_consent", sa.Boolean(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("quiet_start_minute", sa.Integer(), nullable=False),
        sa.Column("quiet_end_minute", sa.Integer(), nullable=False),
        primary_key=("user_id",),
    )
    owned = (
        sa.select(_profiles.c.owner_user_id, _digest)
        .join(_profiles, _profiles.c.id == _digest.c.recipient_id)
        .where(_profiles.c.owner_user_id.is_not(None))
        .order_by(_profiles.c.owner_user_id, _digest.c.recipient_id)
    )
    by_owner: dict[str, dict[str, object]] = {}
    for row in op.get_bind().execute(owned):
        first = by_owner.setdefault(row.owner_user_id, {
            "user_id": row.owner_user_id, "reminder_consent": True, "time_zone": row.time_zone,
            "quiet_start_minute": row.quiet_start_minute, "quiet_end_minute": row.quiet_end_minute,
        })  # fmt: skip
        first["reminder_consent"] = bool(first["reminder_consent"]) and bool(row.nudge_consent)
    if by_owner:
        op.bulk_insert(
            sa.table(
                "reminder_preferences",
                sa.column("user_id", sa.String),
                sa.column("reminder_consent", sa.Boolean),
                sa.column("time_zone", sa.String),
                sa.column("quiet_start_minute", sa.Integer),
                sa.column("quiet_end_minute", sa.Integer),
            ),
            list(by_owner.values()),
        )


def downgrade() -> None:
    op.drop_table("reminder_preferences")
