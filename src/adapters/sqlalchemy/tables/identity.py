"""Tables of the identity context: accounts, sessions, codes, devices, sign-in states, TOTP, audit."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime


def _user_fk() -> ForeignKey:
    return ForeignKey("identity_users.id", ondelete="CASCADE")


identity_users = Table(
    "identity_users",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("email_verified_at", UtcDateTime, nullable=True),
    Column("password_changed_at", UtcDateTime, nullable=True),
    Column("totp_secret_enc", Text, nullable=True),  # Fernet token, never the plain seed
    Column("totp_confirmed_at", UtcDateTime, nullable=True),
    Column("staff_roles", JSON, nullable=False),
    Column("disabled_at", UtcDateTime, nullable=True),
    Column("payout_destination_ref", String(200), nullable=True),  # opaque: a payment provider's id
    Column("phone_e164", String(16), nullable=True),
    Column("phone_verified_at", UtcDateTime, nullable=True),
)

identity_recovery_codes = Table(
    "identity_recovery_codes",
    metadata,
    Column("user_id", String(40), _user_fk(), primary_key=True),
    Column("code_hash", String(64), primary_key=True),
)

identity_sessions = Table(
    "identity_sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("user_id", String(40), _user_fk(), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("device_id", String(40), nullable=True),
    Column("authenticated_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("mfa_pending", Boolean, nullable=False),
    Column("second_factor_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    Index("ix_identity_sessions_user_id", "user_id"),
)

identity_codes = Table(
    "identity_codes",
    metadata,
    Column("user_id", String(40), _user_fk(), primary_key=True),
    Column("purpose", String(32), primary_key=True),
    Column("code_hash", String(64), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("attempts_left", Integer, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
)

identity_devices = Table(
    "identity_devices",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("user_id", String(40), _user_fk(), nullable=False),
    Column("ua_family", String(80), nullable=False),
    Column("ip_prefix", String(64), nullable=False),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("country", String(2), nullable=True),
    Column("asn", BigInteger, nullable=True),
    Index("uq_identity_devices_user_id_ua_family_ip_prefix", "user_id", "ua_family", "ip_prefix", unique=True),
)

identity_sign_in_states = Table(
    "identity_sign_in_states",
    metadata,
    Column("login_key", String(254), primary_key=True),  # a normalised email, account or not
    Column("failures", JSON, nullable=False),  # ISO instants of recent failures
    Column("locked_until", UtcDateTime, nullable=True),
    Column("version", Integer, nullable=False),
)

identity_totp_replays = Table(
    "identity_totp_replays",
    metadata,
    Column("user_id", String(40), _user_fk(), primary_key=True),
    Column("time_step", BigInteger, primary_key=True),
    Column("used_at", UtcDateTime, nullable=False),
)

identity_audit_log = Table(
    "identity_audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(254), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("source", String(64), nullable=False),
    Column("details", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

identity_oidc_links = Table(
    "identity_oidc_links",
    metadata,
    Column("provider", String(16), primary_key=True),
    Column("subject", String(255), primary_key=True),
    Column("user_id", String(40), _user_fk(), nullable=False),
    Column("linked_at", UtcDateTime, nullable=False),
    Index("ix_identity_oidc_links_user_id", "user_id"),
)
