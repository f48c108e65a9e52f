"""Staff refunds: several per booking, numbered (booking id, seq), with who asked, who approved and the request's key.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0018d_staff_refunds"
down_revision = "0001"
branch_labels = ("staff_refunds",)


def upgrade() -> None:
    shapes.create_table(
        "staff_refunds",
        shapes.key("booking_id"),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("requested_by", sa.String(60), nullable=False),
        shapes.instant("requested_at"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("request_key", sa.String(200), nullable=True),
        sa.Column("approved_by", sa.String(60), nullable=True),
        shapes.instant("refunded_at", nullable=True),
        primary_key=("booking_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("staff_refunds")
