"""The payment call journal in SQL: a call is begun by inserting its key (the primary key decides races)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.sqlalchemy.tables.payment_calls import payment_gateway_calls as calls
from core.payments.model import GatewayCall


class SqlAlchemyPaymentCallJournal:
    """Each method runs in its own short transaction: the journal outlives any unit of work that calls the
    gateway, since the card processor's effect cannot be rolled back with it."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def begin(self, key: str, fingerprint: str, now: datetime) -> GatewayCall | None:
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(calls).values(key=key, fingerprint=fingerprint, created_at=now))
            return None
        except IntegrityError:
            with self._engine.connect() as connection:
                row = connection.execute(select(calls).where(calls.c.key == key)).one()
            return GatewayCall(row.key, row.fingerprint, row.outcome)

    def settle(self, key: str, outcome: Mapping[str, Any]) -> None:
        with self._engine.begin() as connection:
            connection.execute(update(calls).where(calls.c.key == key).values(outcome=dict(outcome)))
