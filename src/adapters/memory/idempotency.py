"""In-memory idempotency store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.shared.errors import AlreadyExists
from core.shared.idempotency import IdempotencyRecord


class InMemoryIdempotencyStore:
    def __init__(self, table: Callable[[str], dict[Any, Any]]) -> None:
        self._table = table

    def get(self, scope: str, key: str) -> IdempotencyRecord | None:
        record: IdempotencyRecord | None = self._table("idempotency").get((scope, key))
        return record

    def put(self, record: IdempotencyRecord) -> None:
        rows = self._table("idempotency")
        if (record.scope, record.key) in rows:
            raise AlreadyExists("idempotency key", record.key)
        rows[(record.scope, record.key)] = record
