"""Messaging: which threads await an unread-message email, and each user's message-notice preferences.

On the messaging line, after 0013_messaging. Threads that were unread before this migration are not flagged (the
flag is written by the next save of each thread): no email about old unread messages.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0020g_message_notices"
down_revision = "0013_messaging"


def upgrade() -> None:
    with op.batch_alter_table("messaging_threads") as batch:
        batch.add_column(sa.Column("awaiting_notice", sa.Boolean(), nullable=False, server_default=sa.false()))
    shapes.create_index("messaging_threads", "awaiting_notice", "last_message_at")
    shapes.create_table(
        "messaging_notice_preferences",
        shapes.key("user_id"),
        sa.Column("email_consent", sa.Boolean(), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("quiet_start_minute", sa.Integer(), nullable=False),
        sa.Column("quiet_end_minute", sa.Integer(), nullable=False),
        primary_key=("user_id",),
    )


def downgrade() -> None:
    op.drop_table("messaging_notice_preferences")
    shapes.drop_index("messaging_threads", "awaiting_notice", "last_message_at")
    with op.batch_alter_table("messaging_threads") as batch:
        batch.drop_column("awaiting_notice")
