"""The ledger, applied gateway events and disputes in SQL, on the unit of work's connection (one transaction); and
the one question other contexts ask of the disputes (``SqlAlchemyDisputeReader``, for reviews).

A posting is one ``INSERT ... ON CONFLICT DO NOTHING RETURNING``: the unique (booking, posting key, line) makes a
second posting with a key insert nothing, ours or a concurrent writer's (PostgreSQL makes the second wait for the
first's commit), in one round trip and without a savepoint. The same goes for a gateway event's id.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, exists, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from adapters.sqlalchemy.keyed_rows import OnConnection
from adapters.sqlalchemy.tables.ledger import ledger_entries, payment_disputes, payment_webhook_events
from core.payments.ledger import Account, Entry, MoneyEvent, Posting
from core.payments.webhooks import CLOSED_DISPUTE_STATUSES, DisputeRecord
from core.shared.money import Money

_E = ledger_entries.c


def _entry(row: Any) -> Entry:
    return Entry(row.booking_id, row.posting_key, row.line, MoneyEvent(row.kind), Account(row.account),
                 Money(int(row.amount), row.currency), row.intent_id, row.occurred_at)  # fmt: skip


def insert_new_only(connection: Connection, table: Table, unique: list[str]) -> Any:
    """``INSERT`` into ``table`` that skips a row whose ``unique`` columns are taken (PostgreSQL and SQLite alike);
    built once per dialect, table and columns."""
    return _insert_new_only(connection.dialect.name, table, tuple(unique))


@functools.cache
def _insert_new_only(dialect_name: str, table: Table, unique: tuple[str, ...]) -> Any:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=list(unique))


@functools.cache
def _post_lines(dialect_name: str) -> Any:
    """A posting's lines, new ones only, each inserted line returned: one statement run with every line's values
    (SQLAlchemy sends them as one multi-row insert), built once."""
    return _insert_new_only(dialect_name, ledger_entries, ("booking_id", "posting_key", "line")).returning(_E.line)


def _pairs(rows: Any) -> list[tuple[str, str]]:
    return [(row.booking_id, row.intent_id) for row in rows]


class SqlAlchemyLedgerStore(OnConnection):
    def post(self, posting: Posting) -> bool:
        rows = [
            {
                "booking_id": e.booking_id,
                "posting_key": e.posting_key,
                "line": e.line,
                "kind": e.kind.value,
                "account": e.account.value,
                "amount": e.amount.amount,
                "currency": e.amount.currency,
                "intent_id": e.intent_id,
                "occurred_at": e.occurred_at,
            }
            for e in posting.entries()
        ]
        inserted = len(self._connection.execute(_post_lines(self._connection.dialect.name), rows).all())
        if inserted not in (0, len(rows)):  # another posting with this key but more lines: never half of one
            raise RuntimeError(f"posting {posting.key!r} of {posting.booking_id} clashes with a stored one")
        return inserted > 0

    def entries(self, booking_id: str) -> Sequence[Entry]:
        query = select(ledger_entries).where(_E.booking_id == booking_id).order_by(_E.id)
        return [_entry(row) for row in self._connection.execute(query)]

    def booking_of_intent(self, intent_id: str) -> str | None:
        query = select(_E.booking_id).where(_E.intent_id == intent_id).order_by(_E.id).limit(1)
        found = self._connection.execute(query).scalar()
        return None if found is None else str(found)

    def open_intents(self) -> Sequence[tuple[str, str]]:
        query = (
            select(_E.booking_id, _E.intent_id)
            .where(_E.account == Account.FUNDS_HELD.value, _E.intent_id.is_not(None))
            .group_by(_E.booking_id, _E.intent_id)
            .having(func.sum(_E.amount) > 0)
            .order_by(_E.booking_id, _E.intent_id)
        )
        return _pairs(self._connection.execute(query))

    def intents_since(self, since: datetime) -> Sequence[tuple[str, str]]:
        query = (
            select(_E.booking_id, _E.intent_id)
            .where(_E.occurred_at >= since, _E.intent_id.is_not(None))
            .group_by(_E.booking_id, _E.intent_id)
            .order_by(_E.booking_id, _E.intent_id)
        )
        return _pairs(self._connection.execute(query))

    def entries_between(self, start: datetime, end: datetime) -> Sequence[Entry]:
        query = select(ledger_entries).where(_E.occurred_at >= start, _E.occurred_at < end).order_by(_E.id)
        return [_entry(row) for row in self._connection.execute(query)]


class SqlAlchemyGatewayEventLog(OnConnection):
    def claim(self, event_id: str, event_type: str, received_at: datetime) -> bool:
        values = {"event_id": event_id, "type": event_type[:80], "received_at": received_at}
        statement = insert_new_only(self._connection, payment_webhook_events, ["event_id"]).values(values)
        return self._connection.execute(statement.returning(payment_webhook_events.c.event_id)).first() is not None


class SqlAlchemyDisputeRecords(OnConnection):
    def save(self, dispute: DisputeRecord) -> None:
        d = payment_disputes.c
        values = {
            "dispute_id": dispute.dispute_id,
            "booking_id": dispute.booking_id,
            "intent_id": dispute.intent_id,
            "amount": dispute.amount.amount,
            "currency": dispute.amount.currency,
            "reason": dispute.reason[:80],
            "status": dispute.status[:40],
            "opened_at": dispute.opened_at,
            "evidence": dispute.evidence,
        }
        self._connection.execute(payment_disputes.delete().where(d.dispute_id == dispute.dispute_id))
        self._connection.execute(insert(payment_disputes).values(values))

    def of_booking(self, booking_id: str) -> Sequence[DisputeRecord]:
        d = payment_disputes.c
        query = select(payment_disputes).where(d.booking_id == booking_id).order_by(d.opened_at, d.dispute_id)
        return [
            DisputeRecord(
                row.dispute_id,
                row.booking_id,
                row.intent_id,
                Money(int(row.amount), row.currency),
                row.reason,
                row.status,
                row.opened_at,
                dict(row.evidence),
            )
            for row in self._connection.execute(query)
        ]


class SqlAlchemyDisputeReader(OnConnection):
    """Whether a booking has an open dispute: one ``EXISTS`` on the disputes' booking index, evidence unread."""

    def has_open_dispute(self, booking_id: str) -> bool:
        d = payment_disputes.c
        query = select(exists().where(d.booking_id == booking_id, d.status.not_in(sorted(CLOSED_DISPUTE_STATUSES))))
        return bool(self._connection.execute(query).scalar())
