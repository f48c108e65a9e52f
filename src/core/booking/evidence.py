"""A dispute's evidence pack for a booking: its timeline, the policy accepted at checkout with its text, the
completion record and the money, as a JSON-safe document and as a summary an operator can read and submit."""

from __future__ import annotations

from typing import Any

from core.booking.model import Booking
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.pricing import CheckoutQuote
from core.booking.states import BookingState
from core.payments.ledger import BookingLedger
from core.shared.money import Money


def _money(amount: Money) -> dict[str, Any]:
    return {"amount": amount.amount, "currency": amount.currency, "display": amount.format()}


def evidence_pack(booking: Booking, quote: CheckoutQuote | None, ledger: BookingLedger) -> dict[str, Any]:
    """Everything the platform knows that speaks to a dispute of ``booking``'s charge (messages: none kept yet)."""
    amounts = booking.amounts
    completed = booking.state is BookingState.COMPLETED
    return {
        "booking": {
            "id": booking.id, "client_id": booking.client_id, "provider_id": booking.provider_id,
            "service_profile_id": booking.service_profile_id, "state": booking.state.value,
            "created_at": booking.created_at.isoformat(), "start": booking.start.isoformat(),
            "end": booking.end.isoformat(), "payment_intent_id": booking.payment_intent_id,
        },
        "amounts": {"subtotal": _money(amounts.subtotal), "service_fee": _money(amounts.service_fee),
                    "tax": _money(amounts.tax), "total": _money(amounts.total)},
        "timeline": [
            {"state": card.state.value, "at": card.issued_at.isoformat(), "next": card.render()}
            for card in booking.timeline
        ],
        "policy": {
            "name": booking.policy.name,
            "text": quote.policy_summary if quote is not None else booking.policy.summary(),
            "accepted_at": (quote.created_at if quote is not None else booking.created_at).isoformat(),
        },
        "completion": {
            "completed": completed,
            "completed_at": booking.timeline[-1].issued_at.isoformat() if completed else None,
            "service_ended_at": booking.end.isoformat(),
        },
        "money": {"captured": _money(ledger.captured), "refunded": _money(ledger.refunded),
                  "paid_out": _money(ledger.paid_out), "disputed": _money(ledger.disputed)},
        "messages": [],  # no messaging context yet
    }  # fmt: skip


def evidence_summary(pack: dict[str, Any]) -> str:
    """The pack as plain text, in the order a card network's reviewer reads it."""
    booking, policy, completion = pack["booking"], pack["policy"], pack["completion"]
    lines = [
        f"Booking {booking['id']}: client {booking['client_id']}, provider {booking['provider_id']}",
        f"Session: {booking['start']} to {booking['end']}; state now {booking['state']}",
        f"Charged: {pack['amounts']['total']['display']} (intent {booking['payment_intent_id']})",
        f"Refunded so far: {pack['money']['refunded']['display']}; disputed: {pack['money']['disputed']['display']}",
        "",
        f"Cancellation policy accepted at checkout ({policy['accepted_at']}): {policy['text']}",
        "",
        "Timeline:",
        *(f"  {step['at']}  {step['state']}: {step['next']}" for step in pack["timeline"]),
        "",
        f"Completed at {completion['completed_at']}" if completion["completed"] else "Not marked completed.",
    ]
    return "\n".join(lines) + "\n"


def booking_evidence(uow: MoneyUnitOfWork, booking_id: str) -> dict[str, Any]:
    """The evidence pack of ``booking_id``, read in one unit, with the disputes recorded against it."""
    with uow.reading():
        booking = uow.bookings.get(booking_id)
        ledger = BookingLedger(booking.id, booking.amounts.currency, list(uow.ledger.entries(booking.id)))
        pack = evidence_pack(booking, uow.quotes.get(booking.id), ledger)
        pack["disputes"] = [
            {"id": d.dispute_id, "status": d.status, "reason": d.reason, "amount": _money(d.amount),
             "opened_at": d.opened_at.isoformat()}
            for d in uow.disputes.of_booking(booking.id)
        ]  # fmt: skip
    return pack
