"""Profiles: each bookable service names its cancellation policy (existing ones keep the platform's moderate).

Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007b"
down_revision = "0007"


def upgrade() -> None:
    with op.batch_alter_table("service_profiles") as batch:
        batch.add_column(sa.Column("cancellation_policy", sa.String(16), nullable=False, server_default="moderate"))


def downgrade() -> None:
    with op.batch_alter_table("service_profiles") as batch:
        batch.drop_column("cancellation_policy")
