"""Payouts: why staff released a held payout and who did (``POST /api/staff/payouts/{id}/release`` takes a reason).

On the payouts line, after 0017d_payouts. Payouts released before this migration have neither.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021b_payout_release_reason"
down_revision = "0017d_payouts"
branch_labels = None


def upgrade() -> None:
    with op.batch_alter_table("payouts") as batch:
        batch.add_column(sa.Column("release_reason", sa.String(500), nullable=True))
        batch.add_column(sa.Column("released_by", sa.String(60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payouts") as batch:
        batch.drop_column("released_by")
        batch.drop_column("release_reason")
