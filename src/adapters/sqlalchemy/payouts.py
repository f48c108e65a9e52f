"""Payouts and staff refunds in SQL, on the unit of work's connection: a payout's key is its booking (one payout per
booking ever), a staff refund's its booking and number."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from adapters.sqlalchemy.keyed_rows import OnConnection
from adapters.sqlalchemy.ledger import insert_new_only
from adapters.sqlalchemy.tables.ledger import ledger_entries, payouts, staff_refunds
from core.booking.staff_refund_records import RefundStatus, StaffRefund
from core.payments.ledger import MoneyEvent
from core.payments.payouts import HoldReason, Payout, PayoutMethod, PayoutStatus
from core.shared.errors import NotFound
from core.shared.money import Money

_P = payouts.c
_R = staff_refunds.c
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
        "release_reason": payout.release_reason,
        "released_by": payout.released_by,
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
        row.release_reason,
        row.released_by,
    )


class SqlAlchemyPayoutRecords(OnConnection):
    def add(self, payout: Payout) -> bool:
        statement = insert_new_only(self._connection, payouts, ["booking_id"]).values(_values(payout))
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

    def held(self) -> Sequence[Payout]:
        query = select(payouts).where(_P.status == PayoutStatus.HELD.value).order_by(_P.created_at, _P.booking_id)
        return [_payout(row) for row in self._connection.execute(query)]

    def sent_between(self, start: datetime, end: datetime) -> Sequence[Payout]:
        query = select(payouts).where(_P.sent_at >= start, _P.sent_at < end).order_by(_P.sent_at, _P.booking_id)
        return [_payout(row) for row in self._connection.execute(query)]


def _refund(row: Any) -> StaffRefund:
    return StaffRefund(row.booking_id, row.seq, Money(int(row.amount), row.currency), row.reason, row.requested_by,
                       row.requested_at, RefundStatus(row.status), row.request_key, row.approved_by,
                       row.refunded_at)  # fmt: skip


def _refund_values(refund: StaffRefund) -> dict[str, Any]:
    return {
        "booking_id": refund.booking_id,
        "seq": refund.seq,
        "amount": refund.amount.amount,
        "currency": refund.amount.currency,
        "reason": refund.reason,
        "requested_by": refund.requested_by,
        "requested_at": refund.requested_at,
        "status": refund.status.value,
        "request_key": refund.request_key,
        "approved_by": refund.approved_by,
        "refunded_at": refund.refunded_at,
    }


class SqlAlchemyStaffRefunds(OnConnection):
    def add(self, refund: StaffRefund) -> bool:
        statement = insert_new_only(self._connection, staff_refunds, ["booking_id", "seq"]).values(
            _refund_values(refund)
        )
        return self._connection.execute(statement.returning(_R.seq)).first() is not None

    def save(self, refund: StaffRefund) -> None:
        values = _refund_values(refund)
        where = (_R.booking_id == values.pop("booking_id")) & (_R.seq == values.pop("seq"))
        self._connection.execute(update(staff_refunds).where(where).values(values))

    def get(self, booking_id: str, seq: int) -> StaffRefund:
        query = select(staff_refunds).where(_R.booking_id == booking_id, _R.seq == seq)
        row = self._connection.execute(query).first()
        if row is None:
            raise NotFound("refund", f"{booking_id}/{seq}")
        return _refund(row)

    def of_booking(self, booking_id: str) -> Sequence[StaffRefund]:
        query = select(staff_refunds).where(_R.booking_id == booking_id).order_by(_R.seq)
        return [_refund(row) for row in self._connection.execute(query)]
