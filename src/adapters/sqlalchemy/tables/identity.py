"""Tables of the identity context: accounts, sessions, codes, devices, sign-in states, TOTP, audit."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import document, instant, key, ref, user, version

identity_users = Table(
    "identity_users",
    metadata,
    key(),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    instant("created_at"),
    instant("email_verified_at", nullable=True),
    instant("password_changed_at", nullable=True),
    Column("totp_secret_enc", Text, nullable=True),  # Fernet token, never the plain seed
    instant("totp_confirmed_at", nullable=True),
    document("staff_roles"),
    instant("disabled_at", nullable=True),
    Column("payout_destination_ref", String(200), nullable=True),  # opaque: a payment provider's id
    Column("phone_e164", String(16), nullable=True),
    instant("phone_verified_at", nullable=True),
    instant("payout_destination_changed_at", nullable=True),  # migration 0019d: the 72 h payout velocity rule
)

identity_recovery_codes = Table(
    "identity_recovery_codes",
    metadata,
    user(primary_key=True),
    Column("code_hash", String(64), primary_key=True),
)

identity_sessions = Table(
    "identity_sessions",
    metadata,
    key(),
    user(),
    Column("token_hash", String(64), nullable=False, unique=True),
    ref("device_id", nullable=True),
    instant("authenticated_at"),
    instant("last_seen_at"),
    Column("mfa_pending", Boolean, nullable=False),
    instant("second_factor_at", nullable=True),
    instant("revoked_at", nullable=True),
    Index("ix_identity_sessions_user_id", "user_id"),
)

identity_codes = Table(
    "identity_codes",
    metadata,
    user(primary_key=True),
    Column("purpose", String(32), primary_key=True),
    Column("code_hash", String(64), nullable=False),
    instant("expires_at"),
    Column("attempts_left", Integer, nullable=False),
    instant("used_at", nullable=True),
)

identity_devices = Table(
    "identity_devices",
    metadata,
    key(),
    user(),
    Column("ua_family", String(80), nullable=False),
    Column("ip_prefix", String(64), nullable=False),
    instant("first_seen_at"),
    instant("last_seen_at"),
    Column("country", String(2), nullable=True),
    Column("asn", BigInteger, nullable=True),
    Index("uq_identity_devices_user_id_ua_family_ip_prefix", "user_id", "ua_family", "ip_prefix", unique=True),
)

identity_sign_in_states = Table(
    "identity_sign_in_states",
    metadata,
    Column("login_key", String(254), primary_key=True),  # a normalised email, account or not
    document("failures"),  # ISO instants of recent failures
    instant("locked_until", nullable=True),
    version(),
)

identity_totp_replays = Table(
    "identity_totp_replays",
    metadata,
    user(primary_key=True),
    Column("time_step", BigInteger, primary_key=True),
    instant("used_at"),
)

identity_audit_log = Table(
    "identity_audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(254), nullable=False),
    instant("at"),
    Column("source", String(64), nullable=False),
    document("details"),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_identity_audit_log_actor_seq", "actor", "seq"),
    Index("ix_identity_audit_log_subject_seq", "subject", "seq"),
)

identity_oidc_links = Table(
    "identity_oidc_links",
    metadata,
    Column("provider", String(16), primary_key=True),
    Column("subject", String(255), primary_key=True),
    user(),
    instant("linked_at"),
    Index("ix_identity_oidc_links_user_id", "user_id"),
)
