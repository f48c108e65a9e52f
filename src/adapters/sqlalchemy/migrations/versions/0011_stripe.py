"""The payment gateway's call journal: one row per idempotent call made to Stripe.

Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0011_stripe"
down_revision = "0001"
branch_labels = ("stripe",)


def upgrade() -> None:
    op.create_table(
        "payment_gateway_calls",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        shapes.document("outcome", nullable=True),
        shapes.instant("created_at"),
    )


def downgrade() -> None:
    op.drop_table("payment_gateway_calls")
