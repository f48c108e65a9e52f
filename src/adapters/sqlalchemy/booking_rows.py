"""Explicit mapping between booking rows and the ``Booking`` aggregate (policy, refund, timeline as JSON).

The timeline's cards map field for field, by a private cattrs converter (ISO instants, enums by value)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import cattrs
from sqlalchemy import Row

from core.booking.amounts import BookingAmounts
from core.booking.model import Booking
from core.booking.refunds import RefundQuote
from core.booking.states import ActorKind, ActorRef, BookingState
from core.booking.timeline import ActionCard
from core.cancellation.policies import CancellationPolicy, RefundBand, ServiceFeeTreatment
from core.shared.money import Money

_REFUND_MONEY = (
    "captured", "previously_refunded", "refund_to_client", "tax_refunded", "payout_to_provider", "platform_share",
    "retained_tax",
)  # fmt: skip
_cards = cattrs.Converter()
_cards.register_unstructure_hook(StrEnum, lambda member: member.value)  # else cattrs' ``str`` hook: the member
_cards.register_unstructure_hook(datetime, datetime.isoformat)
_cards.register_structure_hook(datetime, lambda text, _: datetime.fromisoformat(text))


def _seconds(span: timedelta) -> int:
    return int(span.total_seconds())


def policy_json(policy: CancellationPolicy) -> dict[str, Any]:
    return {
        "name": policy.name,
        "bands": [{"min_notice_s": _seconds(b.min_notice), "refund_bps": b.refund_bps} for b in policy.bands],
        "deposit_bps": policy.deposit_bps,
        "service_fee": policy.service_fee.value,
    }


def policy_from(data: dict[str, Any]) -> CancellationPolicy:
    bands = tuple(RefundBand(timedelta(seconds=b["min_notice_s"]), b["refund_bps"]) for b in data["bands"])
    return CancellationPolicy(data["name"], bands, data["deposit_bps"], ServiceFeeTreatment(data["service_fee"]))


def _refund_json(refund: RefundQuote | None) -> dict[str, Any] | None:
    if refund is None:
        return None
    amounts = {name: getattr(refund, name).amount for name in _REFUND_MONEY}
    return {**amounts, "refund_bps": refund.refund_bps, "basis": refund.basis, "policy_name": refund.policy_name,
            "reason": refund.reason}  # fmt: skip


def _refund_from(data: dict[str, Any] | None, currency: str) -> RefundQuote | None:
    if data is None:
        return None
    amounts = {name: Money(data[name], currency) for name in _REFUND_MONEY}
    return RefundQuote(**amounts, refund_bps=data["refund_bps"], basis=data["basis"],
                       policy_name=data["policy_name"], reason=data["reason"])  # fmt: skip


def booking_row(booking: Booking) -> dict[str, Any]:
    """Every column of ``bookings`` for ``booking`` (``version`` as the booking carries it)."""
    amounts = booking.amounts
    return {
        "id": booking.id, "client_id": booking.client_id, "provider_id": booking.provider_id,
        "studio_id": booking.studio_id, "service_profile_id": booking.service_profile_id,
        "start_at": booking.start, "end_at": booking.end,
        "buffer_before_s": _seconds(booking.buffer_before), "buffer_after_s": _seconds(booking.buffer_after),
        "currency": amounts.currency, "subtotal_amount": amounts.subtotal.amount,
        "service_fee_amount": amounts.service_fee.amount, "tax_amount": amounts.tax.amount,
        "deposit_amount": amounts.deposit.amount, "captured_amount": booking.captured.amount,
        "refunded_amount": booking.refunded.amount, "policy": policy_json(booking.policy),
        "instant_book": booking.instant_book, "hold_ttl_s": _seconds(booking.hold_ttl),
        "state": booking.state.value, "created_at": booking.created_at, "respond_by": booking.respond_by,
        "hold_expires_at": booking.hold_expires_at, "payment_intent_id": booking.payment_intent_id,
        "cancelled_by_kind": booking.cancelled_by.kind.value if booking.cancelled_by else None,
        "cancelled_by_id": booking.cancelled_by.id if booking.cancelled_by else None,
        "decline_reason": booking.decline_reason, "refund": _refund_json(booking.refund),
        "timeline": _cards.unstructure(booking.timeline, list[ActionCard]), "version": booking.version,
    }  # fmt: skip


def booking_from(row: Row[Any]) -> Booking:
    currency = row.currency
    amounts = BookingAmounts(
        subtotal=Money(row.subtotal_amount, currency),
        service_fee=Money(row.service_fee_amount, currency),
        tax=Money(row.tax_amount, currency),
        deposit=Money(row.deposit_amount, currency),
    )
    cancelled_by = ActorRef(ActorKind(row.cancelled_by_kind), row.cancelled_by_id) if row.cancelled_by_kind else None
    return Booking(
        id=row.id, client_id=row.client_id, provider_id=row.provider_id, studio_id=row.studio_id,
        service_profile_id=row.service_profile_id, start=row.start_at, end=row.end_at,
        buffer_before=timedelta(seconds=row.buffer_before_s), buffer_after=timedelta(seconds=row.buffer_after_s),
        amounts=amounts, policy=policy_from(row.policy), instant_book=row.instant_book,
        hold_ttl=timedelta(seconds=row.hold_ttl_s), state=BookingState(row.state), created_at=row.created_at,
        captured=Money(row.captured_amount, currency), refunded=Money(row.refunded_amount, currency),
        respond_by=row.respond_by, hold_expires_at=row.hold_expires_at, payment_intent_id=row.payment_intent_id,
        cancelled_by=cancelled_by, decline_reason=row.decline_reason, refund=_refund_from(row.refund, currency),
        timeline=_cards.structure(row.timeline, list[ActionCard]), version=row.version,
    )  # fmt: skip


def occupancy_rows(booking: Booking) -> list[dict[str, Any]]:
    """One row per owner the booking blocks: the provider, and the studio when there is one."""
    start, end = booking.start - booking.buffer_before, booking.end + booking.buffer_after
    owners = [booking.provider_id] if booking.studio_id is None else [booking.provider_id, booking.studio_id]
    return [
        {"booking_id": booking.id, "owner_id": owner, "blocked_from": start, "blocked_until": end,
         "state": booking.state.value}
        for owner in dict.fromkeys(owners)
    ]  # fmt: skip
