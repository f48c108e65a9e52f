"""Identity: when the payout destination was last set, for the 72 h payout velocity rule (NTB-PAY-002).

On the identity line, after the account columns (0004b). A destination set before this migration has no time: the
rule reads it as old.

Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0019d_payout_destination_changed"
down_revision = "0004b"


def upgrade() -> None:
    with op.batch_alter_table("identity_users") as batch:
        batch.add_column(sa.Column("payout_destination_changed_at", UtcDateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("identity_users") as batch:
        batch.drop_column("payout_destination_changed_at")
