"""Messaging: image attachments of messages (private renditions, moderation status, the message they went with).

On the messaging line, after 0020g_message_notices.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0021a_message_attachments"
down_revision = "0020g_message_notices"
branch_labels = None


def upgrade() -> None:
    shapes.create_table(
        "messaging_attachments",
        shapes.key(),
        shapes.key("owner_id"),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        shapes.document("variants"),
        shapes.document("verdict"),
        shapes.instant("created_at"),
        shapes.key("message_id", nullable=True),
        shapes.key("thread_id", nullable=True),
    )
    shapes.create_index("messaging_attachments", "message_id")
    shapes.create_index("messaging_attachments", "owner_id")
    shapes.create_index("messaging_attachments", "status", "created_at")


def downgrade() -> None:
    op.drop_table("messaging_attachments")
