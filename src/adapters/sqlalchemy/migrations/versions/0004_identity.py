"""Identity: accounts, recovery codes, sessions, one-time codes, devices, sign-in states, TOTP replays
OIDC links and the hash-chained audit log (append-only on PostgreSQL through a trigger).

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0004"
down_revision = "0001"
branch_labels = ("identity",)
depends_on = None


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["identity_users.id"], name=f"fk_{table}_user_id_identity_users", ondelete="CASCADE"
    )


_APPEND_ONLY = """
CREATE FUNCTION identity_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'identity_audit_log is append-only';
END $$;
CREATE TRIGGER identity_audit_log_append_only BEFORE UPDATE OR DELETE ON identity_audit_log
    FOR EACH ROW EXECUTE FUNCTION identity_audit_log_append_only();
"""


def upgrade() -> None:
    op.create_table(
        "identity_users",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("email_verified_at", UtcDateTime(), nullable=True),
        sa.Column("password_changed_at", UtcDateTime(), nullable=True),
        sa.Column("totp_secret_enc", sa.Text(), nullable=True),
        sa.Column("totp_confirmed_at", UtcDateTime(), nullable=True),
        sa.Column("staff_roles", sa.JSON(), nullable=False),
        sa.Column("disabled_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_identity_users"),
        sa.UniqueConstraint("email", name="uq_identity_users_email"),
    )
    op.create_table(
        "identity_recovery_codes",
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        _user_fk("identity_recovery_codes"),
        sa.PrimaryKeyConstraint("user_id", "code_hash", name="pk_identity_recovery_codes"),
    )
    op.create_table(
        "identity_sessions",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=True),
        sa.Column("authenticated_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("mfa_pending", sa.Boolean(), nullable=False),
        sa.Column("second_factor_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        _user_fk("identity_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_identity_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_identity_sessions_token_hash"),
    )
    op.create_index("ix_identity_sessions_user_id", "identity_sessions", ["user_id"])
    op.create_table(
        "identity_codes",
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        _user_fk("identity_codes"),
        sa.PrimaryKeyConstraint("user_id", "purpose", name="pk_identity_codes"),
    )
    op.create_table(
        "identity_devices",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("ua_family", sa.String(80), nullable=False),
        sa.Column("ip_prefix", sa.String(64), nullable=False),
        sa.Column("first_seen_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("asn", sa.BigInteger(), nullable=True),
        _user_fk("identity_devices"),
        sa.PrimaryKeyConstraint("id", name="pk_identity_devices"),
    )
    op.create_index(
        "uq_identity_devices_user_id_ua_family_ip_prefix",
        "identity_devices",
        ["user_id", "ua_family", "ip_prefix"],
        unique=True,
    )
    op.create_table(
        "identity_sign_in_states",
        sa.Column("login_key", sa.String(254), nullable=False),
        sa.Column("failures", sa.JSON(), nullable=False),
        sa.Column("locked_until", UtcDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("login_key", name="pk_identity_sign_in_states"),
    )
    op.create_table(
        "identity_totp_replays",
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("time_step", sa.BigInteger(), nullable=False),
        sa.Column("used_at", UtcDateTime(), nullable=False),
        _user_fk("identity_totp_replays"),
        sa.PrimaryKeyConstraint("user_id", "time_step", name="pk_identity_totp_replays"),
    )
    op.create_table(
        "identity_audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(254), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_identity_audit_log"),
    )
    op.create_table(
        "identity_oidc_links",
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("user_id", sa.String(40), nullable=False),
        sa.Column("linked_at", UtcDateTime(), nullable=False),
        _user_fk("identity_oidc_links"),
        sa.PrimaryKeyConstraint("provider", "subject", name="pk_identity_oidc_links"),
    )
    op.create_index("ix_identity_oidc_links_user_id", "identity_oidc_links", ["user_id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_APPEND_ONLY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS identity_audit_log_append_only ON identity_audit_log")
        op.execute("DROP FUNCTION IF EXISTS identity_audit_log_append_only()")
    op.drop_index("ix_identity_oidc_links_user_id", table_name="identity_oidc_links")
    op.drop_table("identity_oidc_links")
    op.drop_table("identity_audit_log")
    op.drop_table("identity_totp_replays")
    op.drop_table("identity_sign_in_states")
    op.drop_index("uq_identity_devices_user_id_ua_family_ip_prefix", table_name="identity_devices")
    op.drop_table("identity_devices")
    op.drop_table("identity_codes")
    op.drop_index("ix_identity_sessions_user_id", table_name="identity_sessions")
    op.drop_table("identity_sessions")
    op.drop_table("identity_recovery_codes")
    op.drop_table("identity_users")
