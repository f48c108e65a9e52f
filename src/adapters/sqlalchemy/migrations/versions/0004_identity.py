"""Identity: accounts, recovery codes, sessions, one-time codes, devices, sign-in states, TOTP replays
OIDC links and the hash-chained audit log (append-only on PostgreSQL through a trigger).

Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0004"
down_revision = "0001"
branch_labels = ("identity",)


def _user(table: str) -> tuple[sa.Column[Any], sa.ForeignKeyConstraint]:
    return shapes.owned_by(table, "user_id", "identity_users.id")


_APPEND_ONLY = """
CREATE FUNCTION identity_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'identity_audit_log is append-only';
END $$;
CREATE TRIGGER identity_audit_log_append_only BEFORE UPDATE OR DELETE ON identity_audit_log
    FOR EACH ROW EXECUTE FUNCTION identity_audit_log_append_only();
"""


def upgrade() -> None:
    shapes.create_table(
        "identity_users",
        shapes.key(),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        shapes.instant("created_at"),
        shapes.instant("email_verified_at", nullable=True),
        shapes.instant("password_changed_at", nullable=True),
        sa.Column("totp_secret_enc", sa.Text(), nullable=True),
        shapes.instant("totp_confirmed_at", nullable=True),
        shapes.document("staff_roles"),
        shapes.instant("disabled_at", nullable=True),
        shapes.unique("identity_users", "email"),
    )
    shapes.create_table(
        "identity_recovery_codes",
        *_user("identity_recovery_codes"),
        sa.Column("code_hash", sa.String(64), nullable=False),
        primary_key=("user_id", "code_hash"),
    )
    shapes.create_table(
        "identity_sessions",
        shapes.key(),
        *_user("identity_sessions"),
        sa.Column("token_hash", sa.String(64), nullable=False),
        shapes.key("device_id", nullable=True),
        shapes.instant("authenticated_at"),
        shapes.instant("last_seen_at"),
        sa.Column("mfa_pending", sa.Boolean(), nullable=False),
        shapes.instant("second_factor_at", nullable=True),
        shapes.instant("revoked_at", nullable=True),
        shapes.unique("identity_sessions", "token_hash"),
    )
    shapes.create_index("identity_sessions", "user_id")
    shapes.create_table(
        "identity_codes",
        *_user("identity_codes"),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        shapes.instant("expires_at"),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        shapes.instant("used_at", nullable=True),
        primary_key=("user_id", "purpose"),
    )
    shapes.create_table(
        "identity_devices",
        shapes.key(),
        *_user("identity_devices"),
        sa.Column("ua_family", sa.String(80), nullable=False),
        sa.Column("ip_prefix", sa.String(64), nullable=False),
        shapes.instant("first_seen_at"),
        shapes.instant("last_seen_at"),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("asn", sa.BigInteger(), nullable=True),
    )
    op.create_index(
        "uq_identity_devices_user_id_ua_family_ip_prefix",
        "identity_devices",
        ["user_id", "ua_family", "ip_prefix"],
        unique=True,
    )
    shapes.create_table(
        "identity_sign_in_states",
        sa.Column("login_key", sa.String(254), nullable=False),
        shapes.document("failures"),
        shapes.instant("locked_until", nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        primary_key=("login_key",),
    )
    shapes.create_table(
        "identity_totp_replays",
        *_user("identity_totp_replays"),
        sa.Column("time_step", sa.BigInteger(), nullable=False),
        shapes.instant("used_at"),
        primary_key=("user_id", "time_step"),
    )
    shapes.create_table(
        "identity_audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(254), nullable=False),
        shapes.instant("at"),
        sa.Column("source", sa.String(64), nullable=False),
        shapes.document("details"),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        primary_key=("seq",),
    )
    shapes.create_table(
        "identity_oidc_links",
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        *_user("identity_oidc_links"),
        shapes.instant("linked_at"),
        primary_key=("provider", "subject"),
    )
    shapes.create_index("identity_oidc_links", "user_id")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_APPEND_ONLY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS identity_audit_log_append_only ON identity_audit_log")
        op.execute("DROP FUNCTION IF EXISTS identity_audit_log_append_only()")
    shapes.drop_index("identity_oidc_links", "user_id")
    op.drop_table("identity_oidc_links")
    op.drop_table("identity_audit_log")
    op.drop_table("identity_totp_replays")
    op.drop_table("identity_sign_in_states")
    op.drop_index("uq_identity_devices_user_id_ua_family_ip_prefix", table_name="identity_devices")
    op.drop_table("identity_devices")
    op.drop_table("identity_codes")
    shapes.drop_index("identity_sessions", "user_id")
    op.drop_table("identity_sessions")
    op.drop_table("identity_recovery_codes")
    op.drop_table("identity_users")
