"""Idempotency records in SQL; a concurrent first run loses on the primary key."""

from __future__ import annotations

from sqlalchemy import select

from adapters.sqlalchemy.keyed_rows import OnConnection, insert_unless_taken
from adapters.sqlalchemy.tables.shared import idempotency_keys
from core.shared.idempotency import IdempotencyRecord


class SqlAlchemyIdempotencyStore(OnConnection):
    def get(self, scope: str, key: str) -> IdempotencyRecord | None:
        row = self._connection.execute(
            select(idempotency_keys).where(idempotency_keys.c.scope == scope, idempotency_keys.c.key == key)
        ).one_or_none()
        if row is None:
            return None
        return IdempotencyRecord(row.scope, row.key, row.fingerprint, row.result, row.created_at)

    def put(self, record: IdempotencyRecord) -> None:
        values = {
            "scope": record.scope,
            "key": record.key,
            "fingerprint": record.fingerprint,
            "result": dict(record.result),
            "created_at": record.created_at,
        }
        insert_unless_taken(self._connection, idempotency_keys, values, "idempotency key", record.key)
