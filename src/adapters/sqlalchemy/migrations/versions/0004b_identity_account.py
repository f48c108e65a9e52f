"""Identity: the account's payout destination (an opaque reference) and its optional phone number.

Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0004b"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("identity_users") as batch:
        batch.add_column(sa.Column("payout_destination_ref", sa.String(200), nullable=True))
        batch.add_column(sa.Column("phone_e164", sa.String(16), nullable=True))
        batch.add_column(sa.Column("phone_verified_at", UtcDateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("identity_users") as batch:
        batch.drop_column("phone_verified_at")
        batch.drop_column("phone_e164")
        batch.drop_column("payout_destination_ref")
