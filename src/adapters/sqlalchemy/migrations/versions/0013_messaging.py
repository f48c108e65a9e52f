"""Messaging: threads, each party's inbox folders, messages, the staff's reports and audit trail.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0013_messaging"
down_revision = "0001"
branch_labels = ("messaging",)


def upgrade() -> None:
    shapes.create_table(
        "messaging_threads",
        shapes.key(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        shapes.key("booking_id", nullable=True),
        shapes.key("starter_id"),
        shapes.key("recipient_id"),
        shapes.instant("created_at"),
        shapes.instant("last_message_at"),
        sa.Column("preview", sa.String(200), nullable=False),
        shapes.key("blocked_by", nullable=True),
        sa.Column("phone_allowed", sa.Boolean(), nullable=False),
        shapes.document("seats"),
        sa.Column("version", sa.Integer(), nullable=False),
        shapes.unique("messaging_threads", "booking_id"),
    )
    shapes.create_index("messaging_threads", "starter_id", "created_at")
    shapes.create_index("messaging_threads", "recipient_id")
    shapes.create_table(
        "messaging_inbox",
        shapes.key("user_id"),
        sa.Column("folder", sa.String(20), nullable=False),
        shapes.key("thread_id"),
        shapes.instant("last_message_at"),
        primary_key=("user_id", "folder", "thread_id"),
    )
    shapes.create_index("messaging_inbox", "user_id", "folder", "last_message_at", "thread_id")
    shapes.create_index("messaging_inbox", "thread_id")
    shapes.create_table(
        "messaging_messages",
        shapes.key(),
        shapes.key("thread_id"),
        shapes.key("sender_id", nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("shown_body", sa.Text(), nullable=False),
        sa.Column("client_message_id", sa.String(100), nullable=True),
        shapes.instant("sent_at"),
        sa.Column("action", sa.String(8), nullable=False),
        shapes.document("kinds"),
        sa.UniqueConstraint(
            "thread_id", "sender_id", "client_message_id",
            name="uq_messaging_messages_thread_id_sender_id_client_message_id",
        ),
    )  # fmt: skip
    shapes.create_index("messaging_messages", "thread_id", "sent_at", "id")
    shapes.create_table(
        "messaging_reports",
        shapes.key(),
        shapes.key("thread_id"),
        shapes.key("reporter_id"),
        shapes.key("reported_id"),
        sa.Column("reason", sa.String(1000), nullable=False),
        shapes.document("message_ids"),
        shapes.instant("created_at"),
    )
    shapes.create_index("messaging_reports", "reported_id")
    shapes.create_table(
        "messaging_audit",
        shapes.key(),
        shapes.key("staff_user_id"),
        shapes.key("thread_id"),
        sa.Column("action", sa.String(20), nullable=False),
        shapes.instant("at"),
    )
    shapes.create_index("messaging_audit", "thread_id")


def downgrade() -> None:
    for table in ("messaging_audit", "messaging_reports", "messaging_messages", "messaging_inbox"):
        op.drop_table(table)
    op.drop_table("messaging_threads")
