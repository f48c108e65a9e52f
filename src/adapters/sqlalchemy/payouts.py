"""Payouts in SQL, on the unit of work's connection: the booking id is the key, so one payout per booking ever."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from adapters.sqlalchemy.keyed_rows import OnConnection
from adapters.sqlalchemy.ledger import _insert_new
from adapters.sqlalchemy.tables.ledger import ledger_entries, payouts
from core.payments.ledger import MoneyEvent
from core.payments.payouts import HoldReason, Payout, PayoutMethod, PayoutStatus
from core.shared.money import Money

_P = payouts.c
_TO_SEND = [PayoutStatus.PENDING.value, PayoutStatus.RELEASED.value]


def _values(payout: Payout) -> dict[str, Any]:
    return {
        "booking_id": payout.booking_id,
        "provider_id": payout.provider_id,
        "amount": payout.amount.amount,
        "currency": payout.amount.currency,
        "destination": payout.destination,
        "status": payout.status.value,
        "held_reason": None if payout.held_reason is None else payout.held_reason.value,
        "method": None if payout.method is None else payout.method.value,
        "reference": payout.reference,
        "created_at": payout.created_at,
        "sent_at": payout.sent_at,
    }


def _payout(row: Any) -> Payout:
    return Payout(
        row.booking_id,
        row.provider_id,
        Money(int(row.amount), row.currency),
        row.destination,
        PayoutStatus(row.status),
        row.created_at,
        None if row.held_reason is None else HoldReason(row.held_reason),
        None if row.method is None else PayoutMethod(row.method),
        row.reference,
        row.sent_at,
    )


class SqlAlchemyPayoutRecords(OnConnection):
    def add(self, payout: Payout) -> bool:
        statement = _insert_new(self._connection, payouts, ["booking_id"]).values(_values(payout))
        return self._connection.execute(statement.returning(_P.booking_id)).first() is not None

    def save(self, payout: Payout) -> None:
        values = _values(payout)
        self._connection.execute(update(payouts).where(_P.booking_id == values.pop("booking_id")).values(values))

    def of_booking(self, booking_id: str) -> Payout | None:
        row = self._connection.execute(select(payouts).where(_P.booking_id == booking_id)).first()
        return None if row is None else _payout(row)

    def unsettled(self) -> Sequence[str]:
        e = ledger_entries.c
        query = (
            select(e.booking_id)
            .distinct()
            .select_from(ledger_entries.outerjoin(payouts, _P.booking_id == e.booking_id))
            .where(e.kind == MoneyEvent.PAYOUT.value, (_P.booking_id.is_(None)) | _P.status.in_(_TO_SEND))
            .order_by(e.booking_id)
        )
        return [str(booking_id) for booking_id in self._connection.execute(query).scalars()]

    def sent_between(self, start: datetime, end: datetime) -> Sequence[Payout]:
        query = select(payouts).where(_P.sent_at >= start, _P.sent_at < end).order_by(_P.sent_at, _P.booking_id)
        return [_payout(row) for row in self._connection.execute(query)]
