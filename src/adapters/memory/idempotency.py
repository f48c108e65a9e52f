"""In-memory idempotency store."""

from __future__ import annotations

from adapters.memory.tables import OnTables
from core.shared.errors import AlreadyExists
from core.shared.idempotency import IdempotencyRecord


class InMemoryIdempotencyStore(OnTables):
    def get(self, scope: str, key: str) -> IdempotencyRecord | None:
        record: IdempotencyRecord | None = self._table("idempotency").get((scope, key))
        return record

    def put(self, record: IdempotencyRecord) -> None:
        rows = self._table("idempotency")
        if (record.scope, record.key) in rows:
            raise AlreadyExists("idempotency key", record.key)
        rows[(record.scope, record.key)] = record
