"""Tables of the payments ledger: entries (unique per booking, posting key and line), applied gateway events
(unique event id), disputes with their evidence packs (``core.payments.ledger``, migration 0012_ledger) and payouts."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, String, Table, UniqueConstraint

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime

VENDOR_ID_CHARS = 255  # a gateway's own ids (intents, events, disputes) are not ours to bound tightly

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # posting order
    Column("booking_id", String(40), nullable=False),
    Column("posting_key", String(300), nullable=False),
    Column("line", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("account", String(30), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("intent_id", String(VENDOR_ID_CHARS), nullable=True),
    Column("occurred_at", UtcDateTime, nullable=False),
    UniqueConstraint("booking_id", "posting_key", "line"),
    Index(None, "intent_id"),
    Index(None, "occurred_at"),
    Index(None, "kind", "booking_id"),  # the bookings whose ledger paid the provider (unsent payouts)
)

payment_webhook_events = Table(
    "payment_webhook_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(VENDOR_ID_CHARS), nullable=False),
    Column("type", String(80), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    UniqueConstraint("event_id"),
)

payment_disputes = Table(
    "payment_disputes",
    metadata,
    Column("dispute_id", String(VENDOR_ID_CHARS), primary_key=True),
    Column("booking_id", String(40), nullable=False, index=True),
    Column("intent_id", String(VENDOR_ID_CHARS), nullable=True),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(80), nullable=False),
    Column("status", String(40), nullable=False),
    Column("opened_at", UtcDateTime, nullable=False),
    Column("evidence", JSON, nullable=False),
)

payouts = Table(  # one per booking ever (migration 0017d_payouts)
    "payouts",
    metadata,
    Column("booking_id", String(40), primary_key=True),
    Column("provider_id", String(40), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("destination", String(200), nullable=True),
    Column("status", String(20), nullable=False),
    Column("held_reason", String(40), nullable=True),
    Column("method", String(20), nullable=True),
    Column("reference", String(VENDOR_ID_CHARS), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("release_reason", String(500), nullable=True),  # migration 0021b_payout_release_reason
    Column("released_by", String(60), nullable=True),
    Index(None, "status"),
    Index(None, "sent_at"),
)

staff_refunds = Table(  # numbered per booking (migration 0018d_staff_refunds)
    "staff_refunds",
    metadata,
    Column("booking_id", String(40), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("requested_by", String(60), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("status", String(20), nullable=False),
    Column("request_key", String(200), nullable=True),
    Column("approved_by", String(60), nullable=True),
    Column("refunded_at", UtcDateTime, nullable=True),
)
