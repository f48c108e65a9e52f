"""Audit log: indexes on (actor, seq) and (subject, seq), so the staff console's history of a user reads the
entries that user made or that name them, newest first, without reading the whole chain.

Create Date: 2026-12-04
"""

from __future__ import annotations

from adapters.sqlalchemy.migrations import shapes

revision = "0021d_audit_parties"
down_revision = "0019d_payout_destination_changed"
branch_labels = None


def upgrade() -> None:
    shapes.create_index("identity_audit_log", "actor", "seq")
    shapes.create_index("identity_audit_log", "subject", "seq")


def downgrade() -> None:
    shapes.drop_index("identity_audit_log", "subject", "seq")
    shapes.drop_index("identity_audit_log", "actor", "seq")
